# The hub on Cloud Run, with an OpenTelemetry collector sidecar that forwards its metrics and
# traces to Cloud Monitoring and Cloud Trace. Why each setting is what it is: infra/README.md.

locals {
  collector_port = 4317
  # Plain settings; the secrets are set below from Secret Manager.
  hub_env = {
    JWT_ISSUER                                  = var.jwt_issuer
    JWT_AUDIENCE                                = var.jwt_audience
    JWT_CLOCK_SKEW_SECONDS                      = tostring(var.hub_settings.jwt_clock_skew_seconds)
    ENABLE_NOTIFICATIONS                        = tostring(var.enable_notifications)
    CORS_ALLOWED_ORIGINS                        = join(",", var.cors_allowed_origins)
    SSE_HEARTBEAT_INTERVAL                      = tostring(var.hub_settings.sse_heartbeat_interval)
    SSE_CONNECTION_TIMEOUT                      = tostring(var.hub_settings.sse_connection_timeout)
    SSE_MAX_BACKLOG_MESSAGES                    = tostring(var.hub_settings.sse_max_backlog_messages)
    SSE_SEND_BUFFER_MESSAGES                    = tostring(var.hub_settings.sse_send_buffer_messages)
    MAX_CONNECTIONS_PER_USER                    = tostring(var.hub_settings.max_connections_per_user)
    INSTANCE_LIVENESS_TTL_MS                    = tostring(var.hub_settings.instance_liveness_ttl_ms)
    REDIS_TIMEOUT_MS                            = tostring(var.hub_settings.redis_timeout_ms)
    REDIS_PUBLISH_WAIT_MS                       = tostring(var.hub_settings.redis_publish_wait_ms)
    INBOX_RETENTION_DAYS                        = tostring(var.hub_settings.inbox_retention_days)
    INBOX_MAX_PER_USER                          = tostring(var.hub_settings.inbox_max_per_user)
    INBOX_RETENTION_INTERVAL_MINUTES            = tostring(var.hub_settings.inbox_retention_interval_minutes)
    STORE_TIMEOUT_MS                            = tostring(var.hub_settings.store_timeout_ms)
    STORE_MAX_PENDING                           = tostring(var.hub_settings.store_max_pending)
    RATE_LIMIT_PUBLISH_PER_PUBLISHER_PER_SECOND = tostring(var.hub_settings.rate_limit_publish_per_publisher_per_second)
    RATE_LIMIT_PUBLISH_PER_PUBLISHER_BURST      = tostring(var.hub_settings.rate_limit_publish_per_publisher_burst)
    RATE_LIMIT_PUBLISH_PER_USER_PER_SECOND      = tostring(var.hub_settings.rate_limit_publish_per_user_per_second)
    RATE_LIMIT_PUBLISH_PER_USER_BURST           = tostring(var.hub_settings.rate_limit_publish_per_user_burst)
    RATE_LIMIT_NEGOTIATE_PER_USER_PER_SECOND    = tostring(var.hub_settings.rate_limit_negotiate_per_user_per_second)
    RATE_LIMIT_NEGOTIATE_PER_USER_BURST         = tostring(var.hub_settings.rate_limit_negotiate_per_user_burst)
    RATE_LIMIT_NEGOTIATE_PER_ADDRESS_PER_SECOND = tostring(var.hub_settings.rate_limit_negotiate_per_address_per_second)
    RATE_LIMIT_NEGOTIATE_PER_ADDRESS_BURST      = tostring(var.hub_settings.rate_limit_negotiate_per_address_burst)
    RATE_LIMIT_REST_PER_USER_PER_SECOND         = tostring(var.hub_settings.rate_limit_rest_per_user_per_second)
    RATE_LIMIT_REST_PER_USER_BURST              = tostring(var.hub_settings.rate_limit_rest_per_user_burst)
    INBOX_AUTO_ARCHIVE_DAYS                     = tostring(var.hub_settings.inbox_auto_archive_days)
    INBOX_UNSNOOZE_INTERVAL_SECONDS             = tostring(var.hub_settings.inbox_unsnooze_interval_seconds)
    DISPATCHER_BATCH_SIZE                       = tostring(var.hub_settings.dispatcher_batch_size)
    DISPATCHER_MAX_ATTEMPTS                     = tostring(var.hub_settings.dispatcher_max_attempts)
    DISPATCHER_POLL_INTERVAL_MS                 = tostring(var.hub_settings.dispatcher_poll_interval_ms)
    DISPATCHER_LEASE_SECONDS                    = tostring(var.hub_settings.dispatcher_lease_seconds)
    DISPATCHER_BACKOFF_BASE_MS                  = tostring(var.hub_settings.dispatcher_backoff_base_ms)
    DISPATCHER_BACKOFF_MAX_SECONDS              = tostring(var.hub_settings.dispatcher_backoff_max_seconds)
    # Email and push; an empty value is the same as unset (the feature's secrets are set below).
    APP_URL                  = var.app_url
    EMAIL_FROM               = var.email.from
    EMAIL_FROM_NAME          = var.email.from_name
    EMAIL_API_URL            = var.email.api_url
    EMAIL_LINK_ALLOWED_HOSTS = join(",", var.email.link_allowed_hosts)
    EMAIL_DIGEST_HOUR        = tostring(var.email.digest_hour)
    VAPID_PUBLIC_KEY         = var.push.vapid_public_key
    VAPID_SUBJECT            = var.push.vapid_subject
    PUSH_INACTIVE_DAYS       = tostring(var.push.inactive_days)
    # The sidecar, reached on the instance's own loopback.
    OTEL_EXPORTER_OTLP_ENDPOINT = "http://localhost:${local.collector_port}"
    OTEL_SERVICE_NAME           = "vividly-hub"
    GOOGLE_CLOUD_PROJECT        = var.project_id
  }
  # .NET trusts the Memorystore CA from this folder beside the image's own store.
  redis_ca_dir = "/etc/vividly/redis-ca"
}

resource "google_cloud_run_v2_service" "hub" {
  name                = "${local.name}-hub"
  location            = var.region
  ingress             = "INGRESS_TRAFFIC_ALL"
  deletion_protection = var.deletion_protection

  template {
    service_account       = google_service_account.hub.email
    execution_environment = "EXECUTION_ENVIRONMENT_GEN2"
    # SignalR's SSE transport posts client calls that must reach the instance holding the stream.
    session_affinity = var.hub_session_affinity
    # An SSE stream is one request; Cloud Run ends it after an hour and the client resumes by seq.
    timeout = "3600s"
    # Every open stream is a request in flight; 1000 is Cloud Run's ceiling.
    max_instance_request_concurrency = var.hub_concurrency

    scaling {
      min_instance_count = var.hub_min_instances
      max_instance_count = var.hub_max_instances
    }

    vpc_access {
      connector = local.direct_egress ? null : google_vpc_access_connector.egress[0].id
      egress    = "PRIVATE_RANGES_ONLY"

      dynamic "network_interfaces" {
        for_each = local.direct_egress ? [google_compute_subnetwork.services] : []

        content {
          network    = google_compute_network.vpc.id
          subnetwork = network_interfaces.value.id
          tags       = local.egress_tags
        }
      }
    }

    containers {
      name       = "hub"
      image      = local.hub_image
      depends_on = ["otel-collector"]

      ports {
        name           = "http1"
        container_port = 8080
      }

      resources {
        limits = {
          cpu    = var.hub_cpu
          memory = var.hub_memory
        }
        # CPU always allocated: keep-alives, connection timeouts and Redis run between requests.
        cpu_idle          = false
        startup_cpu_boost = true
      }

      dynamic "env" {
        for_each = local.hub_env

        content {
          name  = env.key
          value = env.value
        }
      }

      env {
        name = "SECRET_KEY"

        value_source {
          secret_key_ref {
            secret  = google_secret_manager_secret.secret_key.secret_id
            version = var.secret_key_version
          }
        }
      }

      # During a SECRET_KEY rotation the hub also accepts tokens signed with the previous key.
      dynamic "env" {
        for_each = var.secret_key_previous_version == null ? [] : [var.secret_key_previous_version]

        content {
          name = "SECRET_KEY_PREVIOUS"

          value_source {
            secret_key_ref {
              secret  = google_secret_manager_secret.secret_key.secret_id
              version = env.value
            }
          }
        }
      }

      # Email and push, each only while on (var.email, var.push): an operator adds the values.
      dynamic "env" {
        for_each = var.email.smtp_url_version == null ? [] : [var.email.smtp_url_version]

        content {
          name = "SMTP_URL"

          value_source {
            secret_key_ref {
              secret  = google_secret_manager_secret.feature["smtp-url"].secret_id
              version = env.value
            }
          }
        }
      }

      dynamic "env" {
        for_each = var.email.webhook_secret_version == null ? [] : [var.email.webhook_secret_version]

        content {
          name = "EMAIL_WEBHOOK_SECRET"

          value_source {
            secret_key_ref {
              secret  = google_secret_manager_secret.feature["email-webhook-secret"].secret_id
              version = env.value
            }
          }
        }
      }

      dynamic "env" {
        for_each = var.push.vapid_private_key_version == null ? [] : [var.push.vapid_private_key_version]

        content {
          name = "VAPID_PRIVATE_KEY"

          value_source {
            secret_key_ref {
              secret  = google_secret_manager_secret.feature["vapid-private-key"].secret_id
              version = env.value
            }
          }
        }
      }

      env {
        name = "REDIS_URL"

        value_source {
          secret_key_ref {
            secret  = google_secret_manager_secret.generated["redis-url"].secret_id
            version = google_secret_manager_secret_version.generated["redis-url"].version
          }
        }
      }

      env {
        name = "DATABASE_URL"

        value_source {
          secret_key_ref {
            secret  = google_secret_manager_secret.generated["database-url"].secret_id
            version = google_secret_manager_secret_version.generated["database-url"].version
          }
        }
      }

      dynamic "env" {
        for_each = var.redis_transit_encryption ? [local.redis_ca_dir] : []

        content {
          name  = "SSL_CERT_DIR"
          value = "/etc/ssl/certs:${env.value}"
        }
      }

      dynamic "volume_mounts" {
        for_each = var.redis_transit_encryption ? [local.redis_ca_dir] : []

        content {
          name       = "redis-ca"
          mount_path = volume_mounts.value
        }
      }

      # Ready means the inbox store answers; traffic waits for it.
      startup_probe {
        period_seconds    = 2
        timeout_seconds   = 2
        failure_threshold = 30

        http_get {
          path = "/health/ready"
          port = 8080
        }
      }

      # Live only: a database or Redis outage must not restart every instance.
      liveness_probe {
        period_seconds    = 15
        timeout_seconds   = 3
        failure_threshold = 3

        http_get {
          path = "/health/live"
          port = 8080
        }
      }
    }

    containers {
      name  = "otel-collector"
      image = var.otel_collector_image

      resources {
        limits = {
          cpu    = "1"
          memory = "256Mi"
        }
        cpu_idle = false
      }

      volume_mounts {
        name       = "collector-config"
        mount_path = "/etc/otelcol-contrib"
      }

      startup_probe {
        period_seconds    = 2
        timeout_seconds   = 2
        failure_threshold = 15

        http_get {
          path = "/"
          port = 13133
        }
      }
    }

    volumes {
      name = "collector-config"

      secret {
        secret = google_secret_manager_secret.collector_config.secret_id

        items {
          version = google_secret_manager_secret_version.collector_config.version
          path    = "config.yaml"
        }
      }
    }

    dynamic "volumes" {
      for_each = var.redis_transit_encryption ? [google_secret_manager_secret_version.redis_ca[0]] : []

      content {
        name = "redis-ca"

        secret {
          secret = google_secret_manager_secret.redis_ca[0].secret_id

          items {
            version = volumes.value.version
            path    = "memorystore-ca.pem"
          }
        }
      }
    }
  }

  # All traffic on the newest revision, or a split pinned by var.hub_traffic (rollback).
  dynamic "traffic" {
    for_each = var.hub_traffic

    content {
      type     = traffic.key == "LATEST" ? "TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST" : "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION"
      revision = traffic.key == "LATEST" ? null : traffic.key
      percent  = traffic.value
    }
  }

  lifecycle {
    # The hub refuses to start with SMTP_URL but no APP_URL to link to.
    precondition {
      condition     = var.email.smtp_url_version == null || var.app_url != ""
      error_message = "app_url must be set when email.smtp_url_version is (email links lead to the web app)."
    }
  }

  depends_on = [
    google_secret_manager_secret_iam_member.hub_secret_key,
    google_secret_manager_secret_iam_member.hub_generated,
    google_secret_manager_secret_iam_member.hub_feature,
    google_secret_manager_secret_iam_member.collector_config,
  ]
}
