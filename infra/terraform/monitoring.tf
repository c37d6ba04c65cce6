# Alerts for the seeds' thresholds and the service levels, the notification channels they go
# to, uptime checks and the dashboard. What each alert means and what to do: infra/README.md.

locals {
  # The service levels in BENCHMARKS.md, in milliseconds (the structure test holds them equal).
  service_levels = {
    connect_p95_ms  = 200
    publish_p95_ms  = 10
    delivery_p95_ms = 50
  }

  hub_run    = "resource.type = \"cloud_run_revision\" AND resource.label.service_name = \"${google_cloud_run_v2_service.hub.name}\""
  worker_run = "resource.type = \"cloud_run_revision\" AND resource.label.service_name = \"${google_cloud_run_v2_service.worker.name}\""
  # The hub's own instruments, as the collector writes them (hub.tf, otel/collector.yaml).
  hub_metric = "workload.googleapis.com"
  redis      = "resource.type = \"redis_instance\" AND resource.label.instance_id = \"${google_redis_instance.backplane.id}\""
  sql        = "resource.type = \"cloudsql_database\" AND resource.label.database_id = \"${data.google_project.this.project_id}:${google_sql_database_instance.inbox.name}\""
  worker_sub = "resource.type = \"pubsub_subscription\" AND resource.label.subscription_id = \"${google_pubsub_subscription.worker.name}\""

  runbook = "infra/README.md, \"Alerts\""

  # One threshold condition each. threshold is in the metric's own unit: ASP.NET Core's
  # http.server.request.duration is in seconds, vividly.hub.delivery.latency in milliseconds.
  alerts = {
    delivery-latency = {
      name        = "Delivery p95 above ${local.service_levels.delivery_p95_ms} ms"
      severity    = "ERROR"
      page        = false
      filter      = "metric.type = \"${local.hub_metric}/vividly.hub.delivery.latency\""
      denominator = null
      aligner     = "ALIGN_DELTA"
      reducer     = "REDUCE_PERCENTILE_95"
      threshold   = local.service_levels.delivery_p95_ms
      duration    = "300s"
      summary     = "Live sends take longer than the service level from publish to the connection's buffer."
    }
    publish-latency = {
      name        = "Publish p95 above ${local.service_levels.publish_p95_ms} ms"
      severity    = "ERROR"
      page        = false
      filter      = "metric.type = \"${local.hub_metric}/http.server.request.duration\" AND metric.label.http_route = \"/api/v1/notifications/publish\""
      denominator = null
      aligner     = "ALIGN_DELTA"
      reducer     = "REDUCE_PERCENTILE_95"
      threshold   = local.service_levels.publish_p95_ms / 1000
      duration    = "300s"
      summary     = "POST /api/v1/notifications/publish answers slower than the service level."
    }
    connect-latency = {
      name        = "Connect p95 above ${local.service_levels.connect_p95_ms} ms"
      severity    = "ERROR"
      page        = false
      filter      = "metric.type = \"${local.hub_metric}/http.server.request.duration\" AND metric.label.http_route = \"/api/v1/notifications/hub/negotiate\""
      denominator = null
      aligner     = "ALIGN_DELTA"
      reducer     = "REDUCE_PERCENTILE_95"
      threshold   = local.service_levels.connect_p95_ms / 1000
      duration    = "300s"
      summary     = "Negotiate, the first step of every hub connection, answers slower than the connect service level."
    }
    connection-errors = {
      name        = "Connection errors above 5 % of connections for 2 min"
      severity    = "CRITICAL"
      page        = true
      filter      = "metric.type = \"${local.hub_metric}/vividly.hub.connection.errors\""
      denominator = "metric.type = \"${local.hub_metric}/vividly.connections.established\""
      aligner     = "ALIGN_RATE"
      reducer     = "REDUCE_SUM"
      threshold   = 0.05
      duration    = "120s"
      summary     = "Connections fail to open or end in error, relative to those established."
    }
    hub-5xx = {
      name        = "Hub 5xx above 1 % of requests for 5 min"
      severity    = "CRITICAL"
      page        = true
      filter      = "metric.type = \"run.googleapis.com/request_count\" AND ${local.hub_run} AND metric.label.response_code_class = \"5xx\""
      denominator = "metric.type = \"run.googleapis.com/request_count\" AND ${local.hub_run}"
      aligner     = "ALIGN_RATE"
      reducer     = "REDUCE_SUM"
      threshold   = 0.01
      duration    = "300s"
      summary     = "The hub answers 5xx: store unavailable (503), notifications switched off, or failures."
    }
    hub-concurrency = {
      name        = "Hub instances near their concurrency limit"
      severity    = "WARNING"
      page        = false
      filter      = "metric.type = \"run.googleapis.com/container/max_request_concurrencies\" AND ${local.hub_run}"
      denominator = null
      aligner     = "ALIGN_PERCENTILE_99"
      reducer     = "REDUCE_MAX"
      threshold   = floor(var.hub_concurrency * 0.8)
      duration    = "300s"
      summary     = "An instance holds over 80 % of its concurrent requests (open streams count)."
    }
    hub-max-instances = {
      name        = "Hub at its maximum instance count"
      severity    = "WARNING"
      page        = false
      filter      = "metric.type = \"run.googleapis.com/container/instance_count\" AND ${local.hub_run}"
      denominator = null
      aligner     = "ALIGN_MAX"
      reducer     = "REDUCE_SUM"
      threshold   = var.hub_max_instances - 1
      duration    = "300s"
      summary     = "The hub cannot scale further: new connections queue or land on full instances."
    }
    publish-errors = {
      name        = "Publish errors"
      severity    = "ERROR"
      page        = false
      filter      = "metric.type = \"${local.hub_metric}/vividly.notifications.publish_errors\""
      denominator = null
      aligner     = "ALIGN_RATE"
      reducer     = "REDUCE_SUM"
      threshold   = 0
      duration    = "300s"
      summary     = "Publishes refused or whose live send failed, for 5 minutes on end."
    }
    subscribe-errors = {
      name        = "Instances cannot listen on Redis"
      severity    = "ERROR"
      page        = false
      filter      = "metric.type = \"${local.hub_metric}/vividly.connections.subscribe_errors\""
      denominator = null
      aligner     = "ALIGN_RATE"
      reducer     = "REDUCE_SUM"
      threshold   = 0
      duration    = "300s"
      summary     = "An instance could not subscribe to the other instances' live messages."
    }
    store-failures = {
      name        = "Inbox store answering 503"
      severity    = "CRITICAL"
      page        = true
      filter      = "metric.type = \"${local.hub_metric}/vividly.store.failures\""
      denominator = null
      aligner     = "ALIGN_RATE"
      reducer     = "REDUCE_SUM"
      threshold   = 0
      duration    = "120s"
      summary     = "Store operations time out, are refused as too many pending, or cannot reach PostgreSQL."
    }
    dead-letters = {
      name        = "Content requests dead-lettered"
      severity    = "ERROR"
      page        = false
      filter      = "metric.type = \"pubsub.googleapis.com/subscription/dead_letter_message_count\" AND ${local.worker_sub}"
      denominator = null
      aligner     = "ALIGN_SUM"
      reducer     = "REDUCE_SUM"
      threshold   = 0
      duration    = "0s"
      summary     = "A content request failed ${local.max_delivery_attempts} deliveries: a student never got a result."
    }
    worker-backlog = {
      name        = "Oldest content request older than 15 min"
      severity    = "ERROR"
      page        = false
      filter      = "metric.type = \"pubsub.googleapis.com/subscription/oldest_unacked_message_age\" AND ${local.worker_sub}"
      denominator = null
      aligner     = "ALIGN_MAX"
      reducer     = "REDUCE_MAX"
      threshold   = 900
      duration    = "300s"
      summary     = "The worker falls behind or keeps failing."
    }
    worker-5xx = {
      name        = "Worker 5xx above 5 % for 10 min"
      severity    = "ERROR"
      page        = false
      filter      = "metric.type = \"run.googleapis.com/request_count\" AND ${local.worker_run} AND metric.label.response_code_class = \"5xx\""
      denominator = "metric.type = \"run.googleapis.com/request_count\" AND ${local.worker_run}"
      aligner     = "ALIGN_RATE"
      reducer     = "REDUCE_SUM"
      threshold   = 0.05
      duration    = "600s"
      summary     = "Deliveries fail: the hub is unreachable from the worker, or the pipeline fails."
    }
    redis-memory = {
      name        = "Redis memory above 80 % for 5 min"
      severity    = "WARNING"
      page        = false
      filter      = "metric.type = \"redis.googleapis.com/stats/memory/usage_ratio\" AND ${local.redis}"
      denominator = null
      aligner     = "ALIGN_MEAN"
      reducer     = "REDUCE_MAX"
      threshold   = 0.8
      duration    = "300s"
      summary     = "The backplane fills; at its limit Redis refuses writes (noeviction)."
    }
    redis-connections = {
      name        = "Redis connections above 90 % of its maximum for 5 min"
      severity    = "WARNING"
      page        = false
      filter      = "metric.type = \"redis.googleapis.com/clients/connected\" AND ${local.redis}"
      denominator = null
      aligner     = "ALIGN_MEAN"
      reducer     = "REDUCE_MAX"
      threshold   = floor(var.redis_max_clients * 0.9)
      duration    = "300s"
      summary     = "Redis nears its client limit; new hub instances could not connect."
    }
    sql-cpu = {
      name        = "Cloud SQL CPU above 80 % for 5 min"
      severity    = "WARNING"
      page        = false
      filter      = "metric.type = \"cloudsql.googleapis.com/database/cpu/utilization\" AND ${local.sql}"
      denominator = null
      aligner     = "ALIGN_MEAN"
      reducer     = "REDUCE_MAX"
      threshold   = 0.8
      duration    = "300s"
      summary     = "The inbox database is busy; publishes and inbox calls slow down."
    }
    sql-connections = {
      name        = "Cloud SQL connections above 80 % of max_connections"
      severity    = "WARNING"
      page        = false
      filter      = "metric.type = \"cloudsql.googleapis.com/database/postgresql/num_backends\" AND ${local.sql}"
      denominator = null
      aligner     = "ALIGN_MEAN"
      reducer     = "REDUCE_SUM"
      threshold   = floor(var.sql_max_connections * 0.8)
      duration    = "300s"
      summary     = "Hub instances' pools near the server's max_connections."
    }
    sql-disk = {
      name        = "Cloud SQL disk above 80 %"
      severity    = "WARNING"
      page        = false
      filter      = "metric.type = \"cloudsql.googleapis.com/database/disk/utilization\" AND ${local.sql}"
      denominator = null
      aligner     = "ALIGN_MEAN"
      reducer     = "REDUCE_MAX"
      threshold   = 0.8
      duration    = "300s"
      summary     = "The inbox's disk fills (it grows by itself, but not without limit or cost)."
    }
    hub-down = {
      name        = "Hub not ready from 2+ regions"
      severity    = "CRITICAL"
      page        = true
      filter      = "metric.type = \"monitoring.googleapis.com/uptime_check/check_passed\" AND resource.type = \"uptime_url\" AND metric.label.check_id = \"${google_monitoring_uptime_check_config.hub_ready.uptime_check_id}\""
      denominator = null
      aligner     = "ALIGN_NEXT_OLDER"
      reducer     = "REDUCE_COUNT_FALSE"
      threshold   = 1
      duration    = "120s"
      summary     = "GET /health/ready fails: the hub is down for users."
    }
    backplane-lost = {
      name        = "Hub reports Redis disconnected"
      severity    = "ERROR"
      page        = false
      filter      = "metric.type = \"monitoring.googleapis.com/uptime_check/check_passed\" AND resource.type = \"uptime_url\" AND metric.label.check_id = \"${google_monitoring_uptime_check_config.hub_backplane.uptime_check_id}\""
      denominator = null
      aligner     = "ALIGN_NEXT_OLDER"
      reducer     = "REDUCE_COUNT_FALSE"
      threshold   = 1
      duration    = "300s"
      summary     = "The health answer lacks \"redis_connected\":true: live delivery only within each instance."
    }
  }

  notification_channels = concat(var.alert_notification_channels, [for channel in google_monitoring_notification_channel.email : channel.id])
  hub_host              = trimprefix(google_cloud_run_v2_service.hub.uri, "https://")
}

resource "google_monitoring_notification_channel" "email" {
  for_each = toset(var.alert_emails)

  display_name = "${local.name} alerts: ${each.value}"
  type         = "email"

  labels = {
    email_address = each.value
  }

  depends_on = [google_project_service.apis]
}

resource "google_monitoring_uptime_check_config" "hub_ready" {
  display_name = "${local.name} hub ready"
  timeout      = "10s"
  period       = "60s"

  http_check {
    path         = "/health/ready"
    port         = 443
    use_ssl      = true
    validate_ssl = true
  }

  monitored_resource {
    type = "uptime_url"

    labels = {
      project_id = data.google_project.this.project_id
      host       = local.hub_host
    }
  }
}

resource "google_monitoring_uptime_check_config" "hub_backplane" {
  display_name = "${local.name} hub backplane"
  timeout      = "10s"
  period       = "300s"

  http_check {
    path         = "/api/v1/notifications/health"
    port         = 443
    use_ssl      = true
    validate_ssl = true
  }

  content_matchers {
    content = "\"redis_connected\":true"
    matcher = "CONTAINS_STRING"
  }

  monitored_resource {
    type = "uptime_url"

    labels = {
      project_id = data.google_project.this.project_id
      host       = local.hub_host
    }
  }
}

resource "google_monitoring_alert_policy" "alerts" {
  for_each = local.alerts

  display_name          = "${local.name}: ${each.value.name}"
  combiner              = "OR"
  severity              = each.value.severity
  notification_channels = concat(local.notification_channels, each.value.page ? var.page_notification_channels : [])

  user_labels = {
    service = "vividly-realtime"
    alert   = each.key
  }

  conditions {
    display_name = each.value.name

    condition_threshold {
      filter             = each.value.filter
      denominator_filter = each.value.denominator
      comparison         = "COMPARISON_GT"
      threshold_value    = each.value.threshold
      duration           = each.value.duration

      aggregations {
        alignment_period     = "60s"
        per_series_aligner   = each.value.aligner
        cross_series_reducer = each.value.reducer
      }

      dynamic "denominator_aggregations" {
        for_each = each.value.denominator == null ? [] : [each.value]

        content {
          alignment_period     = "60s"
          per_series_aligner   = denominator_aggregations.value.aligner
          cross_series_reducer = denominator_aggregations.value.reducer
        }
      }

      trigger {
        count = 1
      }
    }
  }

  alert_strategy {
    auto_close = "1800s"
  }

  documentation {
    mime_type = "text/markdown"
    content   = "${each.value.summary}\n\nWhat it means and what to do: ${local.runbook}, `${each.key}`."
  }

  depends_on = [google_project_service.apis]
}

resource "google_monitoring_dashboard" "realtime" {
  # The filters go inside JSON strings: JSON-escape them (jsonencode, less its quotes).
  dashboard_json = templatefile("${path.module}/dashboards/realtime.json.tftpl", merge(
    {
      for key, text in {
        name       = local.name
        hub_run    = local.hub_run
        worker_run = local.worker_run
        hub_metric = local.hub_metric
        redis      = local.redis
        sql        = local.sql
        worker_sub = local.worker_sub
      } : key => trimsuffix(trimprefix(jsonencode(text), "\""), "\"")
    },
    local.service_levels,
  ))

  depends_on = [google_project_service.apis]
}
