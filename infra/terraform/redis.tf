# Memorystore for Redis: the hub's backplane (live messages across instances, connection slots).
resource "google_redis_instance" "backplane" {
  name           = "${local.name}-backplane"
  region         = var.region
  tier           = var.redis_tier
  memory_size_gb = var.redis_memory_size_gb
  redis_version  = var.redis_version

  authorized_network = google_compute_network.vpc.id
  connect_mode       = "PRIVATE_SERVICE_ACCESS"

  auth_enabled            = true
  transit_encryption_mode = var.redis_transit_encryption ? "SERVER_AUTHENTICATION" : "DISABLED"

  redis_configs = {
    # Connection slots must not vanish under memory pressure: refuse writes instead (the
    # memory alert fires well before).
    "maxmemory-policy" = "noeviction"
  }

  maintenance_policy {
    weekly_maintenance_window {
      day = "SUNDAY"

      start_time {
        hours   = 2
        minutes = 0
      }
    }
  }

  depends_on = [google_service_networking_connection.private_services]
}

locals {
  # redis://:AUTH@host:6379/0, or rediss:// on the TLS port when in-transit encryption is on.
  redis_scheme = var.redis_transit_encryption ? "rediss" : "redis"
  redis_url    = "${local.redis_scheme}://:${google_redis_instance.backplane.auth_string}@${google_redis_instance.backplane.host}:${google_redis_instance.backplane.port}/0"
  # The instance's CA chain, which the hub must trust for rediss://.
  redis_ca_pem = join("\n", [for ca in google_redis_instance.backplane.server_ca_certs : ca.cert])
}
