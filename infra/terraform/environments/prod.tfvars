# terraform apply -var-file=environments/prod.tfvars -var project_id=... -var region=...
environment         = "prod"
deletion_protection = true

hub_image_tag    = "v1.0.0"
worker_image_tag = "v1.0.0"

redis_tier               = "STANDARD_HA"
redis_memory_size_gb     = 5
redis_max_clients        = 50000
redis_transit_encryption = true

sql_tier              = "db-custom-2-7680"
sql_availability_type = "REGIONAL"
sql_max_connections   = 1000

hub_min_instances = 2
hub_max_instances = 20
hub_db_pool_max   = 40

worker_min_instances = 1
worker_max_instances = 10

vpc_egress = "direct"

# Set per deployment: notification channels are per project.
# alert_notification_channels = ["projects/PROJECT/notificationChannels/ID"]
# page_notification_channels  = ["projects/PROJECT/notificationChannels/ID"]
# alert_emails                = ["oncall@example.com"]

# Email and Web Push are off until set (infra/README.md, "Turn on email and Web Push").
# app_url = "https://app.vividly.example"
# email   = { smtp_url_version = "1", from = "noreply@vividly.example" }
# push    = { vapid_public_key = "B...", vapid_private_key_version = "1", vapid_subject = "mailto:ops@vividly.example" }
