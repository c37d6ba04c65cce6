# Content requests reach the worker as authenticated push deliveries; after five failed
# deliveries a request moves to the dead-letter topic, where a pull subscription keeps it.

locals {
  max_delivery_attempts = 5
}

resource "google_pubsub_topic" "content_requests" {
  name = "${local.name}-content-requests"

  depends_on = [google_project_service.apis]
}

resource "google_pubsub_topic" "dead_letter" {
  name = "${local.name}-content-requests-dead-letter"

  depends_on = [google_project_service.apis]
}

# A topic without a subscription drops what it receives: hold dead letters for inspection.
resource "google_pubsub_subscription" "dead_letter_hold" {
  name                       = "${local.name}-content-requests-dead-letter-hold"
  topic                      = google_pubsub_topic.dead_letter.id
  message_retention_duration = "604800s"

  expiration_policy {
    ttl = ""
  }
}

resource "google_pubsub_subscription" "worker" {
  name  = "${local.name}-content-requests-worker"
  topic = google_pubsub_topic.content_requests.id

  # The worker answers once every stage's notification is accepted: the ack deadline covers a
  # whole generation, and so does the worker's request timeout.
  ack_deadline_seconds = var.worker_timeout_seconds

  push_config {
    push_endpoint = "${google_cloud_run_v2_service.worker.uri}/pubsub/push"

    oidc_token {
      service_account_email = google_service_account.pubsub_push.email
      audience              = google_cloud_run_v2_service.worker.uri
    }
  }

  retry_policy {
    minimum_backoff = "10s"
    maximum_backoff = "600s"
  }

  dead_letter_policy {
    dead_letter_topic     = google_pubsub_topic.dead_letter.id
    max_delivery_attempts = local.max_delivery_attempts
  }

  expiration_policy {
    ttl = ""
  }

  depends_on = [google_pubsub_topic_iam_member.dead_letter_publisher]
}
