# The worker on Cloud Run, fed by the push subscription (pubsub.tf), with the same collector
# sidecar as the hub so one content request is one trace across both.

locals {
  worker_env = {
    HUB_URL                     = google_cloud_run_v2_service.hub.uri
    JWT_ISSUER                  = var.jwt_issuer
    JWT_AUDIENCE                = var.jwt_audience
    SIMULATED_STAGE_MS          = tostring(var.worker_settings.simulated_stage_ms)
    SIMULATED_FAILURE_RATE      = tostring(var.worker_settings.simulated_failure_rate)
    OTEL_EXPORTER_OTLP_ENDPOINT = "http://localhost:${local.collector_port}"
    OTEL_SERVICE_NAME           = "vividly-worker"
    GOOGLE_CLOUD_PROJECT        = var.project_id
  }
}

resource "google_cloud_run_v2_service" "worker" {
  name     = "${local.name}-worker"
  location = var.region
  # Pub/Sub push counts as internal traffic; IAM checks its OIDC token on top.
  ingress             = "INGRESS_TRAFFIC_INTERNAL_ONLY"
  deletion_protection = var.deletion_protection

  template {
    service_account = google_service_account.worker.email
    # One delivery is one request that lasts the whole generation.
    max_instance_request_concurrency = var.worker_concurrency
    timeout                          = "${var.worker_timeout_seconds}s"

    scaling {
      min_instance_count = var.worker_min_instances
      max_instance_count = var.worker_max_instances
    }

    containers {
      name       = "worker"
      image      = local.worker_image
      depends_on = ["otel-collector"]

      ports {
        name           = "http1"
        container_port = 8080
      }

      resources {
        limits = {
          cpu    = "1"
          memory = "512Mi"
        }
        # Its hub client keeps an SSE connection open between deliveries.
        cpu_idle          = false
        startup_cpu_boost = true
      }

      dynamic "env" {
        for_each = local.worker_env

        content {
          name  = env.key
          value = env.value
        }
      }

      # The worker signs its own short-lived publisher token with the shared key.
      env {
        name = "SECRET_KEY"

        value_source {
          secret_key_ref {
            secret  = google_secret_manager_secret.secret_key.secret_id
            version = var.secret_key_version
          }
        }
      }

      startup_probe {
        period_seconds    = 2
        timeout_seconds   = 2
        failure_threshold = 30

        http_get {
          path = "/health/ready"
          port = 8080
        }
      }

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
  }

  dynamic "traffic" {
    for_each = var.worker_traffic

    content {
      type     = traffic.key == "LATEST" ? "TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST" : "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION"
      revision = traffic.key == "LATEST" ? null : traffic.key
      percent  = traffic.value
    }
  }

  depends_on = [
    google_secret_manager_secret_iam_member.worker_secret_key,
    google_secret_manager_secret_iam_member.collector_config,
  ]
}
