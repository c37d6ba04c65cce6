#!/usr/bin/env bash
# The load console's smoke scenario against a real hub on the embedded defaults: it fails on any
# lost or duplicated notification (no timing thresholds: figures are for BENCHMARKS.md).
set -euo pipefail
cd "$(dirname "$0")/.."

work=$(mktemp -d)
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
secret="smoke-secret-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
hub_pid=""
cleanup() {
  [ -n "$hub_pid" ] && kill "$hub_pid" 2>/dev/null && wait "$hub_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

(cd Vividly.Hub/bin/Release/net10.0 && ASPNETCORE_ENVIRONMENT=Production SECRET_KEY="$secret" \
  INBOX_SQLITE_PATH="$work/inbox.db" MAX_CONNECTIONS_PER_USER=10 \
  exec dotnet Vividly.Hub.dll --urls "http://127.0.0.1:$port") > "$work/hub.log" 2>&1 &
hub_pid=$!
for _ in $(seq 1 100); do
  curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null && break
  sleep 0.2
done

dotnet run --project tests/Vividly.LoadTest -c Release --no-build -- \
  --scenario smoke --hub "http://127.0.0.1:$port" --hub-pid "$hub_pid" --secret "$secret" --report "$work/smoke.json"
