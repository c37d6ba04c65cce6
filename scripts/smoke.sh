#!/usr/bin/env bash
# The load console's smoke scenario against a real hub on the embedded defaults: it fails on any
# lost or duplicated notification (no timing thresholds: figures are for BENCHMARKS.md).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/stack.sh

work=$(mktemp -d)
secret="smoke-secret-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
trap 'stack_stop; rm -rf "$work"' EXIT

stack_start Release "$work" --hubs 1 --logs "$work" --env SECRET_KEY="$secret" \
  --env INBOX_SQLITE_PATH="$work/inbox.db" --env MAX_CONNECTIONS_PER_USER=10
read -r hub_url hub_pid < <(stack_hubs)

dotnet run --project tests/Vividly.LoadTest -c Release --no-build -- \
  --scenario smoke --hub "$hub_url" --hub-pid "$hub_pid" --secret "$secret" --report "$work/smoke.json"
