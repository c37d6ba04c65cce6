output "hub_url" {
  description = "The hub's URL: the web app, the API and the hub path."
  value       = google_cloud_run_v2_service.hub.uri
}

output "worker_url" {
  description = "The worker's URL (internal ingress: Pub/Sub push only)."
  value       = google_cloud_run_v2_service.worker.uri
}

output "image_repository" {
  description = "Where to push vividly-hub:TAG and vividly-worker:TAG."
  value       = google_artifact_registry_repository.images.registry_uri
}

output "redis_host" {
  description = "Memorystore's private address and port."
  value       = "${google_redis_instance.backplane.host}:${google_redis_instance.backplane.port}"
}

output "sql_connection_name" {
  description = "Cloud SQL's connection name (PROJECT:REGION:INSTANCE), for the Cloud SQL Auth Proxy."
  value       = google_sql_database_instance.inbox.connection_name
}

output "sql_private_ip" {
  description = "Cloud SQL's private address."
  value       = google_sql_database_instance.inbox.private_ip_address
}

output "content_requests_topic" {
  description = "The topic content requests are published to."
  value       = google_pubsub_topic.content_requests.id
}

output "dead_letter_subscription" {
  description = "Where dead-lettered content requests wait for inspection."
  value       = google_pubsub_subscription.dead_letter_hold.id
}

output "secret_key_secret" {
  description = "The secret an operator adds SECRET_KEY versions to."
  value       = google_secret_manager_secret.secret_key.secret_id
}

output "feature_secrets" {
  description = "The secrets of the features turned on (smtp-url, email-webhook-secret, vapid-private-key) an operator adds versions to."
  value       = { for name, secret in google_secret_manager_secret.feature : name => secret.secret_id }
}

output "dashboard" {
  description = "The Cloud Monitoring dashboard's id."
  value       = google_monitoring_dashboard.realtime.id
}
