resource "google_artifact_registry_repository" "images" {
  location      = var.region
  repository_id = local.name
  description   = "Vividly Realtime images: the hub and the worker."
  format        = "DOCKER"

  # Rollback by traffic split needs the previous images: keep the newest tags.
  cleanup_policies {
    id     = "keep-recent"
    action = "KEEP"

    most_recent_versions {
      keep_count = var.image_versions_kept
    }
  }

  depends_on = [google_project_service.apis]
}

locals {
  hub_image    = "${google_artifact_registry_repository.images.registry_uri}/vividly-hub:${var.hub_image_tag}"
  worker_image = "${google_artifact_registry_repository.images.registry_uri}/vividly-worker:${var.worker_image_tag}"
}
