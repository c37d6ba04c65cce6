# The services' private network: Memorystore and Cloud SQL sit behind private service access,
# and the hub and the worker reach them by Direct VPC egress or a Serverless VPC Access
# connector (var.vpc_egress).

locals {
  direct_egress = var.vpc_egress == "direct"
  # Cloud Run instances with Direct VPC egress carry this tag; connector VMs carry their own.
  egress_tags = local.direct_egress ? [local.name] : ["vpc-connector-${var.region}-${local.connector_name}"]
  # A connector name is at most 25 characters.
  connector_name = substr("${local.name}-egress", 0, 25)
}

resource "google_compute_network" "vpc" {
  name                    = local.name
  auto_create_subnetworks = false

  depends_on = [google_project_service.apis]
}

resource "google_compute_subnetwork" "services" {
  name                     = "${local.name}-services"
  network                  = google_compute_network.vpc.id
  region                   = var.region
  ip_cidr_range            = var.services_subnet_cidr
  private_ip_google_access = true

  log_config {
    aggregation_interval = "INTERVAL_5_SEC"
    flow_sampling        = 0.5
  }
}

resource "google_compute_subnetwork" "connector" {
  count = local.direct_egress ? 0 : 1

  name          = "${local.name}-connector"
  network       = google_compute_network.vpc.id
  region        = var.region
  ip_cidr_range = var.serverless_connector_cidr
}

resource "google_vpc_access_connector" "egress" {
  count = local.direct_egress ? 0 : 1

  name          = local.connector_name
  region        = var.region
  machine_type  = var.serverless_connector_machine_type
  min_instances = var.serverless_connector_min_instances
  max_instances = var.serverless_connector_max_instances

  subnet {
    name = google_compute_subnetwork.connector[0].name
  }
}

# The range Google's producers (Memorystore, Cloud SQL) take their addresses from.
resource "google_compute_global_address" "private_services" {
  name          = "${local.name}-private-services"
  network       = google_compute_network.vpc.id
  purpose       = "VPC_PEERING"
  address_type  = "INTERNAL"
  prefix_length = var.private_services_prefix_length
}

resource "google_service_networking_connection" "private_services" {
  network                 = google_compute_network.vpc.id
  service                 = "servicenetworking.googleapis.com"
  reserved_peering_ranges = [google_compute_global_address.private_services.name]
}

# Least privilege on the wire: the services may reach the producers' range on Redis's and
# PostgreSQL's ports only.
resource "google_compute_firewall" "egress_to_data" {
  name        = "${local.name}-egress-to-data"
  network     = google_compute_network.vpc.id
  direction   = "EGRESS"
  priority    = 1000
  target_tags = local.egress_tags

  destination_ranges = ["${google_compute_global_address.private_services.address}/${var.private_services_prefix_length}"]

  allow {
    protocol = "tcp"
    ports    = ["5432", "6378", "6379"]
  }
}

resource "google_compute_firewall" "deny_other_egress_to_data" {
  name        = "${local.name}-deny-other-egress-to-data"
  network     = google_compute_network.vpc.id
  direction   = "EGRESS"
  priority    = 1100
  target_tags = local.egress_tags

  destination_ranges = ["${google_compute_global_address.private_services.address}/${var.private_services_prefix_length}"]

  deny {
    protocol = "all"
  }
}

# Nothing outside the network opens connections into it.
resource "google_compute_firewall" "deny_ingress" {
  name          = "${local.name}-deny-ingress"
  network       = google_compute_network.vpc.id
  direction     = "INGRESS"
  priority      = 65000
  source_ranges = ["0.0.0.0/0"]

  deny {
    protocol = "all"
  }
}
