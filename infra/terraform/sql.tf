# Cloud SQL for PostgreSQL: the inbox, the source of truth. Private IP only.
resource "google_sql_database_instance" "inbox" {
  name                = "${local.name}-inbox"
  region              = var.region
  database_version    = var.sql_database_version
  deletion_protection = var.deletion_protection

  settings {
    edition           = "ENTERPRISE"
    tier              = var.sql_tier
    availability_type = var.sql_availability_type
    disk_size         = var.sql_disk_size_gb
    disk_autoresize   = true

    ip_configuration {
      ipv4_enabled    = false
      private_network = google_compute_network.vpc.id
      ssl_mode        = "ENCRYPTED_ONLY"
    }

    backup_configuration {
      enabled                        = true
      point_in_time_recovery_enabled = true
    }

    database_flags {
      name  = "max_connections"
      value = tostring(var.sql_max_connections)
    }

    insights_config {
      query_insights_enabled = true
    }
  }

  depends_on = [google_service_networking_connection.private_services]
}

resource "google_sql_database" "inbox" {
  name     = "vividly"
  instance = google_sql_database_instance.inbox.name
}

resource "random_password" "inbox" {
  length  = 40
  special = false
}

# The hub creates and migrates its schema at start, so its user owns the database.
resource "google_sql_user" "hub" {
  name     = "vividly"
  instance = google_sql_database_instance.inbox.name
  password = random_password.inbox.result
}

locals {
  database_url = "postgres://${google_sql_user.hub.name}:${random_password.inbox.result}@${google_sql_database_instance.inbox.private_ip_address}:5432/${google_sql_database.inbox.name}?sslmode=require&pool_max=${var.hub_db_pool_max}"
}

# Every hub instance may open up to pool_max connections.
check "inbox_connections" {
  assert {
    condition     = var.hub_max_instances * var.hub_db_pool_max < var.sql_max_connections
    error_message = "hub_max_instances x hub_db_pool_max must stay below sql_max_connections."
  }
}
