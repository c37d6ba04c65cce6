# terraform apply -var-file=environments/dev.tfvars -var project_id=... -var region=...
environment         = "dev"
deletion_protection = false

hub_image_tag    = "v1.0.0"
worker_image_tag = "v1.0.0"

redis_tier               = "BASIC"
redis_memory_size_gb     = 1
redis_max_clients        = 10000
redis_transit_encryption = false

sql_tier              = "db-custom-1-3840"
sql_availability_type = "ZONAL"
sql_max_connections   = 100

hub_min_instances = 1
hub_max_instances = 3
hub_db_pool_max   = 20

worker_min_instances = 0
worker_max_instances = 2

vpc_egress                         = "connector"
serverless_connector_machine_type  = "e2-micro"
serverless_connector_min_instances = 2
serverless_connector_max_instances = 3

hub_settings = {
  max_connections_per_user = 5
}

worker_settings = {
  simulated_stage_ms = 500
}
