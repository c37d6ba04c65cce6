#!/usr/bin/env bash
# The Terraform configuration's structure, checked without a cloud or Terraform itself:
# @cdktf/hcl2json parses every file (see infra/terraform/test/structure.test.mjs).
set -euo pipefail
cd "$(dirname "$0")/../infra/terraform/test"

npm ci --no-audit --no-fund
npm test
