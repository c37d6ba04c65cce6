# State lives in a Cloud Storage bucket named at init time, one state per environment:
#   terraform init -backend-config=environments/dev.backend.hcl
# (copy environments/backend.hcl.example). The bucket holds secrets (the Redis AUTH string,
# the database password): keep it private, versioned and readable by the platform team only.
terraform {
  backend "gcs" {}
}
