# One identity per service, each granted only what it uses.

resource "google_service_account" "hub" {
  account_id   = "${local.name}-hub"
  display_name = "Vividly hub (Cloud Run)"
}

resource "google_service_account" "worker" {
  account_id   = "${local.name}-worker"
  display_name = "Vividly worker (Cloud Run)"
}

# The identity Pub/Sub signs its push requests' OIDC tokens as.
resource "google_service_account" "pubsub_push" {
  account_id   = "${local.name}-push"
  display_name = "Pub/Sub push to the Vividly worker"
}

locals {
  runtime_accounts = {
    hub    = google_service_account.hub.member
    worker = google_service_account.worker.member
  }
  # The collector sidecars write metrics and traces as their service's identity.
  telemetry_roles  = ["roles/monitoring.metricWriter", "roles/cloudtrace.agent"]
  telemetry_grants = {
    for pair in setproduct(keys(local.runtime_accounts), local.telemetry_roles) :
    "${pair[0]}:${pair[1]}" => { member = local.runtime_accounts[pair[0]], role = pair[1] }
  }
}

resource "google_project_iam_member" "telemetry" {
  for_each = local.telemetry_grants

  project = data.google_project.this.project_id
  role    = each.value.role
  member  = each.value.member
}

# Secrets: the hub reads all of its own, the worker only SECRET_KEY (it signs its publisher token).
resource "google_secret_manager_secret_iam_member" "hub_secret_key" {
  secret_id = google_secret_manager_secret.secret_key.id
  role      = "roles/secretmanager.secretAccessor"
  member    = google_service_account.hub.member
}

resource "google_secret_manager_secret_iam_member" "worker_secret_key" {
  secret_id = google_secret_manager_secret.secret_key.id
  role      = "roles/secretmanager.secretAccessor"
  member    = google_service_account.worker.member
}

resource "google_secret_manager_secret_iam_member" "hub_generated" {
  for_each = google_secret_manager_secret.generated

  secret_id = each.value.id
  role      = "roles/secretmanager.secretAccessor"
  member    = google_service_account.hub.member
}

resource "google_secret_manager_secret_iam_member" "hub_feature" {
  for_each = google_secret_manager_secret.feature

  secret_id = each.value.id
  role      = "roles/secretmanager.secretAccessor"
  member    = google_service_account.hub.member
}

resource "google_secret_manager_secret_iam_member" "hub_redis_ca" {
  count = var.redis_transit_encryption ? 1 : 0

  secret_id = google_secret_manager_secret.redis_ca[0].id
  role      = "roles/secretmanager.secretAccessor"
  member    = google_service_account.hub.member
}

resource "google_secret_manager_secret_iam_member" "collector_config" {
  for_each = local.runtime_accounts

  secret_id = google_secret_manager_secret.collector_config.id
  role      = "roles/secretmanager.secretAccessor"
  member    = each.value
}

# The hub checks its own JWTs: Cloud Run lets everyone through to it.
resource "google_cloud_run_v2_service_iam_member" "hub_public" {
  name     = google_cloud_run_v2_service.hub.name
  location = var.region
  role     = "roles/run.invoker"
  member   = "allUsers"
}

# Only the push subscription's identity may invoke the worker.
resource "google_cloud_run_v2_service_iam_member" "worker_push" {
  name     = google_cloud_run_v2_service.worker.name
  location = var.region
  role     = "roles/run.invoker"
  member   = google_service_account.pubsub_push.member
}

locals {
  pubsub_agent = "serviceAccount:service-${data.google_project.this.number}@gcp-sa-pubsub.iam.gserviceaccount.com"
}

# Pub/Sub's own service agent mints the push tokens and forwards to the dead-letter topic.
resource "google_service_account_iam_member" "pubsub_push_token" {
  service_account_id = google_service_account.pubsub_push.name
  role               = "roles/iam.serviceAccountTokenCreator"
  member             = local.pubsub_agent
}

resource "google_pubsub_topic_iam_member" "dead_letter_publisher" {
  topic  = google_pubsub_topic.dead_letter.id
  role   = "roles/pubsub.publisher"
  member = local.pubsub_agent
}

resource "google_pubsub_subscription_iam_member" "dead_letter_subscriber" {
  subscription = google_pubsub_subscription.worker.id
  role         = "roles/pubsub.subscriber"
  member       = local.pubsub_agent
}
