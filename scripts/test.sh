#!/usr/bin/env bash
# Runs every test: .NET unit, functional, store, integration and fault tests (some with the
# official JS SignalR client under Node); the web app's Vitest and Chromium end-to-end tests;
# that the web app's generated wire types match the hub's OpenAPI document; and the load
# console's smoke scenario against a real hub; and the Terraform configuration's structure.
#
# With arguments, only the stages named (terraform, dotnet, web, smoke), as the CI workflow's
# jobs run them: bash scripts/test.sh dotnet
set -euo pipefail
cd "$(dirname "$0")/.."

stages=("$@")
[ ${#stages[@]} -gt 0 ] || stages=(terraform dotnet web smoke)

built=false
build() {
  $built && return
  bash scripts/install-deps.sh
  dotnet build Vividly.Realtime.sln -c Release -nologo -v quiet
  built=true
}

log=$(mktemp)
trap 'rm -f "$log"' EXIT

for stage in "${stages[@]}"; do
  case "$stage" in
    terraform)
      bash scripts/terraform-test.sh
      ;;
    dotnet)
      build
      # The official JS SignalR client the integration tests run with Node.
      (cd tests/StockClients && npm ci --no-audit --no-fund)
      # The loopback push service the Web Push tests send to (http_ece decrypts with Node).
      (cd tests/PushService && npm ci --no-audit --no-fund)
      dotnet test Vividly.Realtime.sln -c Release --no-build -nologo 2>&1 | tee "$log"
      ;;
    web)
      build
      bash scripts/web-test.sh
      # After web-test.sh: it has installed the generator.
      bash scripts/wire-types.sh --check
      ;;
    smoke)
      build
      bash scripts/smoke.sh
      ;;
    *)
      echo "unknown stage: $stage (terraform, dotnet, web, smoke)" >&2
      exit 2
      ;;
  esac
done

# One closing line for the whole .NET run, summed over the test assemblies.
if [ -s "$log" ]; then
  awk '/^(Passed|Failed)!/ { for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1) } }
       END { printf "dotnet: %d passed, %d failed\n", p, f }' "$log"
fi
