# ---- Project ----

variable "project_id" {
  description = "The Google Cloud project to deploy into."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{4,28}[a-z0-9]$", var.project_id))
    error_message = "project_id must be a project id: 6 to 30 lower-case letters, digits and hyphens."
  }
}

variable "region" {
  description = "The region for every regional resource (Cloud Run, Memorystore, Cloud SQL, the subnets)."
  type        = string

  validation {
    condition     = can(regex("^[a-z]+-[a-z]+[0-9]+$", var.region))
    error_message = "region must be a Google Cloud region name."
  }
}

variable "environment" {
  description = "The environment's name; it prefixes every resource name (dev-vividly-hub, ...)."
  type        = string

  validation {
    condition     = contains(["dev", "staging", "prod"], var.environment)
    error_message = "environment must be dev, staging or prod."
  }
}

variable "deletion_protection" {
  description = "Protect the Cloud SQL instance and the Cloud Run services from terraform destroy."
  type        = bool
  default     = true
}

# ---- Images ----

variable "hub_image_tag" {
  description = "The hub image's tag in the Artifact Registry repository; changing it rolls out a new revision."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$", var.hub_image_tag)) && var.hub_image_tag != "latest"
    error_message = "hub_image_tag must be a Docker tag other than latest (a rollback needs to name what it goes back to)."
  }
}

variable "worker_image_tag" {
  description = "The worker image's tag in the Artifact Registry repository."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$", var.worker_image_tag)) && var.worker_image_tag != "latest"
    error_message = "worker_image_tag must be a Docker tag other than latest."
  }
}

variable "image_versions_kept" {
  description = "How many of the newest image versions the repository's cleanup keeps (rollback targets)."
  type        = number
  default     = 20

  validation {
    condition     = var.image_versions_kept >= 5 && var.image_versions_kept <= 100
    error_message = "image_versions_kept must be 5 to 100."
  }
}

variable "otel_collector_image" {
  description = "The OpenTelemetry collector image run beside each service (contrib: it has the googlecloud exporter)."
  type        = string
  default     = "otel/opentelemetry-collector-contrib:0.115.0"

  validation {
    condition     = can(regex(":[0-9]+\\.[0-9]+\\.[0-9]+$", var.otel_collector_image))
    error_message = "otel_collector_image must name a released version (tag x.y.z)."
  }
}

# ---- Network ----

variable "vpc_egress" {
  description = "How the services reach Memorystore and Cloud SQL: direct (Direct VPC egress, no VMs to pay for) or connector (a Serverless VPC Access connector)."
  type        = string
  default     = "direct"

  validation {
    condition     = contains(["direct", "connector"], var.vpc_egress)
    error_message = "vpc_egress must be direct or connector."
  }
}

variable "services_subnet_cidr" {
  description = "The subnet Direct VPC egress takes the services' addresses from (a /26 at least: two addresses per instance)."
  type        = string
  default     = "10.10.0.0/24"

  validation {
    condition     = can(cidrhost(var.services_subnet_cidr, 0)) && tonumber(split("/", var.services_subnet_cidr)[1]) <= 26
    error_message = "services_subnet_cidr must be an IPv4 CIDR of /26 or larger."
  }
}

variable "serverless_connector_cidr" {
  description = "The connector's own subnet, with vpc_egress = connector."
  type        = string
  default     = "10.10.1.0/28"

  validation {
    condition     = can(regex("^([0-9]{1,3}\\.){3}[0-9]{1,3}/28$", var.serverless_connector_cidr))
    error_message = "serverless_connector_cidr must be a /28 (Serverless VPC Access requires one)."
  }
}

variable "serverless_connector_machine_type" {
  description = "The connector's machine type, with vpc_egress = connector."
  type        = string
  default     = "e2-micro"

  validation {
    condition     = contains(["f1-micro", "e2-micro", "e2-standard-4"], var.serverless_connector_machine_type)
    error_message = "serverless_connector_machine_type must be f1-micro, e2-micro or e2-standard-4."
  }
}

variable "serverless_connector_min_instances" {
  description = "The connector's fewest instances, with vpc_egress = connector."
  type        = number
  default     = 2

  validation {
    condition     = var.serverless_connector_min_instances >= 2 && var.serverless_connector_min_instances <= 10
    error_message = "serverless_connector_min_instances must be 2 to 10."
  }
}

variable "serverless_connector_max_instances" {
  description = "The connector's most instances, with vpc_egress = connector."
  type        = number
  default     = 10

  validation {
    condition     = var.serverless_connector_max_instances >= 3 && var.serverless_connector_max_instances <= 10
    error_message = "serverless_connector_max_instances must be 3 to 10."
  }
}

variable "private_services_prefix_length" {
  description = "The size of the range reserved for Memorystore and Cloud SQL (private service access)."
  type        = number
  default     = 20

  validation {
    condition     = var.private_services_prefix_length >= 16 && var.private_services_prefix_length <= 24
    error_message = "private_services_prefix_length must be 16 to 24."
  }
}

# ---- Memorystore for Redis ----

variable "redis_tier" {
  description = "BASIC (one node, for dev) or STANDARD_HA (a replica and automatic failover)."
  type        = string
  default     = "BASIC"

  validation {
    condition     = contains(["BASIC", "STANDARD_HA"], var.redis_tier)
    error_message = "redis_tier must be BASIC or STANDARD_HA."
  }
}

variable "redis_memory_size_gb" {
  description = "The backplane's memory in GB."
  type        = number
  default     = 1

  validation {
    condition     = var.redis_memory_size_gb >= 1 && var.redis_memory_size_gb <= 300
    error_message = "redis_memory_size_gb must be 1 to 300."
  }
}

variable "redis_max_clients" {
  description = "The instance's client limit (Memorystore's for the chosen size); the connections alert fires at 90 % of it."
  type        = number
  default     = 10000

  validation {
    condition     = var.redis_max_clients >= 1000 && var.redis_max_clients <= 65000
    error_message = "redis_max_clients must be 1,000 to 65,000."
  }
}

variable "redis_version" {
  description = "The Redis version Memorystore runs."
  type        = string
  default     = "REDIS_7_2"

  validation {
    condition     = contains(["REDIS_7_0", "REDIS_7_2"], var.redis_version)
    error_message = "redis_version must be REDIS_7_0 or REDIS_7_2."
  }
}

variable "redis_transit_encryption" {
  description = "TLS between the hub and Redis (rediss:// on port 6378, the instance's CA mounted into the hub)."
  type        = bool
  default     = true
}

# ---- Cloud SQL for PostgreSQL ----

variable "sql_database_version" {
  description = "The PostgreSQL version."
  type        = string
  default     = "POSTGRES_15"

  validation {
    condition     = contains(["POSTGRES_15", "POSTGRES_16"], var.sql_database_version)
    error_message = "sql_database_version must be POSTGRES_15 or POSTGRES_16."
  }
}

variable "sql_tier" {
  description = "The Cloud SQL machine tier."
  type        = string
  default     = "db-custom-2-7680"

  validation {
    condition     = can(regex("^db-(custom-[0-9]+-[0-9]+|f1-micro|g1-small)$", var.sql_tier))
    error_message = "sql_tier must be db-custom-CPUS-MEMORY_MB, db-f1-micro or db-g1-small."
  }
}

variable "sql_availability_type" {
  description = "ZONAL, or REGIONAL (a standby in another zone)."
  type        = string
  default     = "REGIONAL"

  validation {
    condition     = contains(["ZONAL", "REGIONAL"], var.sql_availability_type)
    error_message = "sql_availability_type must be ZONAL or REGIONAL."
  }
}

variable "sql_disk_size_gb" {
  description = "The inbox's initial disk in GB (it grows by itself)."
  type        = number
  default     = 20

  validation {
    condition     = var.sql_disk_size_gb >= 10 && var.sql_disk_size_gb <= 65536
    error_message = "sql_disk_size_gb must be 10 to 65,536."
  }
}

variable "sql_max_connections" {
  description = "PostgreSQL's max_connections; must exceed hub_max_instances x hub_db_pool_max."
  type        = number
  default     = 1000

  validation {
    condition     = var.sql_max_connections >= 50 && var.sql_max_connections <= 10000
    error_message = "sql_max_connections must be 50 to 10,000."
  }
}

# ---- The hub ----

variable "hub_min_instances" {
  description = "The hub's fewest instances: two, so a deploy or a crash moves streams instead of dropping the service."
  type        = number
  default     = 2

  validation {
    condition     = var.hub_min_instances >= 1 && var.hub_min_instances <= 100
    error_message = "hub_min_instances must be 1 to 100."
  }
}

variable "hub_max_instances" {
  description = "The hub's most instances; each holds about hub_concurrency connections."
  type        = number
  default     = 20

  validation {
    condition     = var.hub_max_instances >= 2 && var.hub_max_instances <= 1000
    error_message = "hub_max_instances must be 2 to 1,000."
  }
}

variable "hub_concurrency" {
  description = "Requests in flight per hub instance; every open stream is one. 1000 is Cloud Run's ceiling."
  type        = number
  default     = 1000

  validation {
    condition     = var.hub_concurrency >= 10 && var.hub_concurrency <= 1000
    error_message = "hub_concurrency must be 10 to 1,000."
  }
}

variable "hub_cpu" {
  description = "CPUs per hub instance."
  type        = string
  default     = "2"

  validation {
    condition     = contains(["1", "2", "4", "8"], var.hub_cpu)
    error_message = "hub_cpu must be 1, 2, 4 or 8."
  }
}

variable "hub_memory" {
  description = "Memory per hub instance."
  type        = string
  default     = "2Gi"

  validation {
    condition     = can(regex("^[0-9]+(Mi|Gi)$", var.hub_memory))
    error_message = "hub_memory must be like 512Mi or 2Gi."
  }
}

variable "hub_session_affinity" {
  description = "Session affinity: needed by the SignalR transport's posts; a deployment serving plain-stream clients only may turn it off."
  type        = bool
  default     = true
}

variable "hub_db_pool_max" {
  description = "Most PostgreSQL connections one hub instance opens (DATABASE_URL's pool_max)."
  type        = number
  default     = 40

  validation {
    condition     = var.hub_db_pool_max >= 1 && var.hub_db_pool_max <= 1000
    error_message = "hub_db_pool_max must be 1 to 1,000."
  }
}

variable "hub_traffic" {
  description = "The hub's traffic split: revision name => percent, LATEST for the newest revision. Pin a previous revision to roll back."
  type        = map(number)
  default     = { LATEST = 100 }

  validation {
    condition     = sum(values(var.hub_traffic)) == 100
    error_message = "hub_traffic's percentages must add up to 100."
  }
}

variable "enable_notifications" {
  description = "false turns the hub's connections and publishing off (503) without a new image: the partial rollback."
  type        = bool
  default     = true
}

variable "cors_allowed_origins" {
  description = "Origins of a web app hosted elsewhere than the hub whose pages may call it; empty: the hub's own origin only."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for origin in var.cors_allowed_origins : can(regex("^https?://[^/*?#]+$", origin))])
    error_message = "cors_allowed_origins must list origins only: scheme://host[:port], no path or wildcard."
  }
}

variable "jwt_issuer" {
  description = "The iss of the tokens the Vividly backend signs (JWT_ISSUER, hub and worker)."
  type        = string
  default     = "vividly"
}

variable "jwt_audience" {
  description = "The aud of those tokens (JWT_AUDIENCE, hub and worker)."
  type        = string
  default     = "vividly-realtime"
}

variable "hub_settings" {
  description = "The hub's tunables, as in the README's configuration table (defaults: the hub's own)."
  type        = object({
    jwt_clock_skew_seconds                      = optional(number, 5)
    sse_heartbeat_interval                      = optional(number, 30)
    sse_connection_timeout                      = optional(number, 300)
    sse_max_backlog_messages                    = optional(number, 100)
    sse_send_buffer_messages                    = optional(number, 256)
    max_connections_per_user                    = optional(number, 3)
    instance_liveness_ttl_ms                    = optional(number, 2000)
    redis_timeout_ms                            = optional(number, 1000)
    redis_publish_wait_ms                       = optional(number, 250)
    inbox_retention_days                        = optional(number, 30)
    inbox_max_per_user                          = optional(number, 1000)
    inbox_retention_interval_minutes            = optional(number, 60)
    store_timeout_ms                            = optional(number, 2000)
    store_max_pending                           = optional(number, 1000)
    rate_limit_publish_per_publisher_per_second = optional(number, 5000)
    rate_limit_publish_per_publisher_burst      = optional(number, 10000)
    rate_limit_publish_per_user_per_second      = optional(number, 100)
    rate_limit_publish_per_user_burst           = optional(number, 200)
    rate_limit_negotiate_per_user_per_second    = optional(number, 20)
    rate_limit_negotiate_per_user_burst         = optional(number, 100)
    rate_limit_negotiate_per_address_per_second = optional(number, 500)
    rate_limit_negotiate_per_address_burst      = optional(number, 2000)
    rate_limit_rest_per_user_per_second         = optional(number, 20)
    rate_limit_rest_per_user_burst              = optional(number, 100)
    inbox_auto_archive_days                     = optional(number, 14)
    inbox_unsnooze_interval_seconds             = optional(number, 60)
    dispatcher_batch_size                       = optional(number, 100)
    dispatcher_max_attempts                     = optional(number, 8)
    dispatcher_poll_interval_ms                 = optional(number, 1000)
    dispatcher_lease_seconds                    = optional(number, 60)
    dispatcher_backoff_base_ms                  = optional(number, 2000)
    dispatcher_backoff_max_seconds              = optional(number, 3600)
  })
  default = {}

  validation {
    condition     = var.hub_settings.sse_heartbeat_interval >= 1 && var.hub_settings.sse_heartbeat_interval < var.hub_settings.sse_connection_timeout
    error_message = "hub_settings.sse_heartbeat_interval must be at least 1 and below sse_connection_timeout."
  }

  # The hub's own ranges: outside them a new revision would fail its startup probe.
  validation {
    condition     = var.hub_settings.inbox_auto_archive_days >= 0 && var.hub_settings.inbox_auto_archive_days <= 3650 && var.hub_settings.inbox_unsnooze_interval_seconds >= 1 && var.hub_settings.inbox_unsnooze_interval_seconds <= 3600
    error_message = "hub_settings.inbox_auto_archive_days must be 0 (off) to 3650, inbox_unsnooze_interval_seconds 1 to 3600."
  }

  validation {
    condition = alltrue([
      var.hub_settings.dispatcher_batch_size >= 1 && var.hub_settings.dispatcher_batch_size <= 1000,
      var.hub_settings.dispatcher_max_attempts >= 1 && var.hub_settings.dispatcher_max_attempts <= 100,
      var.hub_settings.dispatcher_poll_interval_ms >= 10 && var.hub_settings.dispatcher_poll_interval_ms <= 60000,
      var.hub_settings.dispatcher_lease_seconds >= 5 && var.hub_settings.dispatcher_lease_seconds <= 3600,
      var.hub_settings.dispatcher_backoff_base_ms >= 10 && var.hub_settings.dispatcher_backoff_base_ms <= 600000,
      var.hub_settings.dispatcher_backoff_max_seconds >= 1 && var.hub_settings.dispatcher_backoff_max_seconds <= 86400,
    ])
    error_message = "hub_settings.dispatcher_*: batch_size 1 to 1,000, max_attempts 1 to 100, poll_interval_ms 10 to 60,000, lease_seconds 5 to 3,600, backoff_base_ms 10 to 600,000, backoff_max_seconds 1 to 86,400."
  }
}

variable "app_url" {
  description = "The web app's public http(s) base (APP_URL): email links lead to it, push clicks open pages under it. Required with email; empty: unset."
  type        = string
  default     = ""

  validation {
    condition     = var.app_url == "" || can(regex("^https?://[^/?#\\s]+(/[^?#\\s]*)?$", var.app_url))
    error_message = "app_url must be an absolute http(s) URL without query or fragment, or empty."
  }
}

# ---- Email (off unless email.smtp_url_version is set) ----

variable "email" {
  description = <<-EOT
    The email channel. smtp_url_version: the version of the SMTP_URL secret (latest or a number)
    the hub reads; null (the default) leaves email off and creates no secret. webhook_secret_version
    likewise for EMAIL_WEBHOOK_SECRET (null: the provider webhook is not served). The rest are
    EMAIL_FROM (required with SMTP_URL), EMAIL_FROM_NAME, EMAIL_API_URL (empty: app_url),
    EMAIL_LINK_ALLOWED_HOSTS and EMAIL_DIGEST_HOUR, with the hub's defaults.
  EOT
  type = object({
    smtp_url_version       = optional(string)
    webhook_secret_version = optional(string)
    from                   = optional(string, "")
    from_name              = optional(string, "Vividly")
    api_url                = optional(string, "")
    link_allowed_hosts     = optional(list(string), [])
    digest_hour            = optional(number, 8)
  })
  default = {}

  validation {
    condition     = alltrue([for version in [var.email.smtp_url_version, var.email.webhook_secret_version] : version == null ? true : can(regex("^(latest|[1-9][0-9]*)$", version))])
    error_message = "email.smtp_url_version and email.webhook_secret_version must be latest, a version number, or null."
  }

  validation {
    condition     = var.email.smtp_url_version == null ? true : can(regex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", var.email.from))
    error_message = "email.from must be an email address when email.smtp_url_version is set."
  }

  validation {
    condition     = var.email.from_name != "" && (var.email.api_url == "" || can(regex("^https?://[^/?#\\s]+(/[^?#\\s]*)?$", var.email.api_url)))
    error_message = "email.from_name must not be empty; email.api_url must be an absolute http(s) URL without query or fragment, or empty."
  }

  validation {
    condition     = alltrue([for host in var.email.link_allowed_hosts : can(regex("^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$", host))])
    error_message = "email.link_allowed_hosts must hold host names only (no scheme, port or path)."
  }

  validation {
    condition     = var.email.digest_hour >= 0 && var.email.digest_hour <= 23
    error_message = "email.digest_hour must be 0 to 23."
  }
}

# ---- Web Push (off unless push.vapid_private_key_version is set) ----

variable "push" {
  description = <<-EOT
    Web Push. vapid_public_key: VAPID_PUBLIC_KEY (base64url, 87 characters; the hub's vapid-keys
    command makes a pair); vapid_private_key_version: the version of the VAPID_PRIVATE_KEY secret
    (latest or a number) the hub reads. Both set: push is on; both unset (the default): push is
    off and no secret is created. vapid_subject: VAPID_SUBJECT, a mailto: or https: contact,
    required with push. inactive_days: PUSH_INACTIVE_DAYS.
  EOT
  type = object({
    vapid_public_key          = optional(string, "")
    vapid_private_key_version = optional(string)
    vapid_subject             = optional(string, "")
    inactive_days             = optional(number, 60)
  })
  default = {}

  validation {
    condition     = (var.push.vapid_public_key == "") == (var.push.vapid_private_key_version == null)
    error_message = "push.vapid_public_key and push.vapid_private_key_version must be set together (push on) or both left unset (push off)."
  }

  validation {
    condition     = var.push.vapid_private_key_version == null ? true : can(regex("^B[A-Za-z0-9_-]{86}$", var.push.vapid_public_key)) && can(regex("^(latest|[1-9][0-9]*)$", var.push.vapid_private_key_version)) && can(regex("^(mailto:[^\\s]+|https://[^\\s]+)$", var.push.vapid_subject))
    error_message = "With push on: push.vapid_public_key must be the base64url uncompressed P-256 point (87 characters, starting with B), vapid_private_key_version latest or a version number, vapid_subject a mailto: or https: URI."
  }

  validation {
    condition     = var.push.inactive_days >= 0 && var.push.inactive_days <= 3650
    error_message = "push.inactive_days must be 0 (off) to 3650."
  }
}

# ---- SECRET_KEY ----

variable "secret_key_version" {
  description = "The SECRET_KEY secret's version the services read; pin a number so a rotation is a deliberate new revision."
  type        = string
  default     = "latest"

  validation {
    condition     = can(regex("^(latest|[1-9][0-9]*)$", var.secret_key_version))
    error_message = "secret_key_version must be latest or a version number."
  }
}

variable "secret_key_previous_version" {
  description = "During a rotation, the version of the key being replaced: the hub also accepts tokens signed with it (SECRET_KEY_PREVIOUS). null otherwise."
  type        = string
  default     = null

  validation {
    condition     = var.secret_key_previous_version == null || can(regex("^[1-9][0-9]*$", var.secret_key_previous_version))
    error_message = "secret_key_previous_version must be a version number, or null."
  }
}

# ---- The worker ----

variable "worker_min_instances" {
  description = "The worker's fewest instances; at least one keeps its hub connection warm."
  type        = number
  default     = 1

  validation {
    condition     = var.worker_min_instances >= 0 && var.worker_min_instances <= 100
    error_message = "worker_min_instances must be 0 to 100."
  }
}

variable "worker_max_instances" {
  description = "The worker's most instances."
  type        = number
  default     = 10

  validation {
    condition     = var.worker_max_instances >= 1 && var.worker_max_instances <= 1000
    error_message = "worker_max_instances must be 1 to 1,000."
  }
}

variable "worker_concurrency" {
  description = "Push deliveries one worker instance handles at once."
  type        = number
  default     = 40

  validation {
    condition     = var.worker_concurrency >= 1 && var.worker_concurrency <= 1000
    error_message = "worker_concurrency must be 1 to 1,000."
  }
}

variable "worker_timeout_seconds" {
  description = "The push subscription's ack deadline and the worker's request timeout: the longest a generation may take."
  type        = number
  default     = 600

  validation {
    condition     = var.worker_timeout_seconds >= 10 && var.worker_timeout_seconds <= 600
    error_message = "worker_timeout_seconds must be 10 to 600 (Pub/Sub's longest ack deadline)."
  }
}

variable "worker_traffic" {
  description = "The worker's traffic split: revision name => percent, LATEST for the newest revision."
  type        = map(number)
  default     = { LATEST = 100 }

  validation {
    condition     = sum(values(var.worker_traffic)) == 100
    error_message = "worker_traffic's percentages must add up to 100."
  }
}

variable "worker_settings" {
  description = "The simulated pipeline's shape (the worker ships SimulatedContentPipeline only)."
  type        = object({
    simulated_stage_ms     = optional(number, 1500)
    simulated_failure_rate = optional(number, 0)
  })
  default = {}

  validation {
    condition     = var.worker_settings.simulated_failure_rate >= 0 && var.worker_settings.simulated_failure_rate <= 1
    error_message = "worker_settings.simulated_failure_rate must be 0 to 1."
  }
}

# ---- Alerts ----

variable "alert_notification_channels" {
  description = "Existing notification channels (projects/PROJECT/notificationChannels/ID) every alert goes to."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for channel in var.alert_notification_channels : can(regex("^projects/[^/]+/notificationChannels/[0-9]+$", channel))])
    error_message = "alert_notification_channels must hold notification channel names."
  }
}

variable "page_notification_channels" {
  description = "Channels (PagerDuty, say) that also get the critical alerts: hub down, 5xx, connection errors, store failures."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for channel in var.page_notification_channels : can(regex("^projects/[^/]+/notificationChannels/[0-9]+$", channel))])
    error_message = "page_notification_channels must hold notification channel names."
  }
}

variable "alert_emails" {
  description = "Addresses that get every alert by email (a channel is created for each)."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for email in var.alert_emails : can(regex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", email))])
    error_message = "alert_emails must hold email addresses."
  }
}
