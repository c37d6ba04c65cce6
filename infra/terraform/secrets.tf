# Secret Manager. Terraform writes the values it makes itself (REDIS_URL, DATABASE_URL, the
# Redis CA, the collector's configuration); SECRET_KEY and the email and push secrets are added
# by an operator (infra/README.md), so their values never pass through Terraform or its state.

locals {
  generated_secrets = {
    redis-url    = local.redis_url
    database-url = local.database_url
  }
  # An optional feature's secret exists while the feature is on: its version variable is set.
  feature_secret_versions = {
    smtp-url             = var.email.smtp_url_version
    email-webhook-secret = var.email.webhook_secret_version
    vapid-private-key    = var.push.vapid_private_key_version
  }
  feature_secrets = toset([for name, version in local.feature_secret_versions : name if version != null])
}

resource "google_secret_manager_secret" "secret_key" {
  secret_id = "${local.name}-secret-key"

  replication {
    auto {}
  }

  depends_on = [google_project_service.apis]
}

# SMTP_URL (it may carry the SMTP password), EMAIL_WEBHOOK_SECRET, VAPID_PRIVATE_KEY.
resource "google_secret_manager_secret" "feature" {
  for_each = local.feature_secrets

  secret_id = "${local.name}-${each.key}"

  replication {
    auto {}
  }

  depends_on = [google_project_service.apis]
}

resource "google_secret_manager_secret" "generated" {
  for_each = local.generated_secrets

  secret_id = "${local.name}-${each.key}"

  replication {
    auto {}
  }

  depends_on = [google_project_service.apis]
}

resource "google_secret_manager_secret_version" "generated" {
  for_each = local.generated_secrets

  secret      = google_secret_manager_secret.generated[each.key].id
  secret_data = each.value
}

resource "google_secret_manager_secret" "redis_ca" {
  count = var.redis_transit_encryption ? 1 : 0

  secret_id = "${local.name}-redis-ca"

  replication {
    auto {}
  }

  depends_on = [google_project_service.apis]
}

resource "google_secret_manager_secret_version" "redis_ca" {
  count = var.redis_transit_encryption ? 1 : 0

  secret      = google_secret_manager_secret.redis_ca[0].id
  secret_data = local.redis_ca_pem
}

# The OpenTelemetry collector sidecar's configuration, mounted as a file into the sidecar.
resource "google_secret_manager_secret" "collector_config" {
  secret_id = "${local.name}-otel-collector-config"

  replication {
    auto {}
  }

  depends_on = [google_project_service.apis]
}

resource "google_secret_manager_secret_version" "collector_config" {
  secret      = google_secret_manager_secret.collector_config.id
  secret_data = file("${path.module}/otel/collector.yaml")
}
