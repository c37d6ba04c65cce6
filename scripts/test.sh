#!/usr/bin/env bash
# Runs every test: .NET unit, functional, store, integration and fault tests (some with the
# official JS SignalR client under Node); the web app's Vitest and Chromium end-to-end tests;
# that the web app's generated wire types match the hub's OpenAPI document; and the load
# console's smoke scenario against a real hub.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
# The official JS SignalR client the integration tests run with Node.
(cd tests/StockClients && npm ci --no-audit --no-fund)
dotnet build Vividly.Realtime.sln -c Release -nologo -v quiet

log=$(mktemp)
trap 'rm -f "$log"' EXIT
dotnet test Vividly.Realtime.sln -c Release --no-build -nologo 2>&1 | tee "$log"

if [ -f Vividly.Web/package.json ]; then
  bash scripts/web-test.sh
  # After web-test.sh: it has installed the generator.
  bash scripts/wire-types.sh --check
fi

if [ -f tests/Vividly.LoadTest/Vividly.LoadTest.csproj ]; then
  bash scripts/smoke.sh
fi

# One closing line for the whole .NET run, summed over the test assemblies.
awk '/^(Passed|Failed)!/ { for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1) } }
     END { printf "dotnet: %d passed, %d failed\n", p, f }' "$log"
