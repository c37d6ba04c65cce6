#!/usr/bin/env bash
# The web app's wire types come from the OpenAPI document the hub serves: this starts the hub,
# fetches /openapi/v1.json and runs openapi-typescript on it.
#   scripts/wire-types.sh          builds the hub, rewrites docs/openapi.json and the generated types
#   scripts/wire-types.sh --check  (on the Release build scripts/test.sh made) fails if either differs
set -euo pipefail
cd "$(dirname "$0")/.."

document=docs/openapi.json
types=Vividly.Web/packages/notification-center/src/notifications/wire.generated.ts
check=false
[ "${1:-}" = "--check" ] && check=true

work=$(mktemp -d)
hub_pid=""
cleanup() {
  [ -n "$hub_pid" ] && kill "$hub_pid" 2>/dev/null && wait "$hub_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

$check || dotnet build Vividly.Hub/Vividly.Hub.csproj -c Release -nologo -v quiet
[ -x Vividly.Web/node_modules/.bin/openapi-typescript ] || (cd Vividly.Web && npm ci --no-audit --no-fund)

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
(cd Vividly.Hub/bin/Release/net10.0 && ASPNETCORE_ENVIRONMENT=Production SECRET_KEY="wire-types-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')" \
  INBOX_SQLITE_PATH="$work/inbox.db" exec dotnet Vividly.Hub.dll --urls "http://127.0.0.1:$port") > "$work/hub.log" 2>&1 &
hub_pid=$!
for _ in $(seq 1 150); do
  curl -sf "http://127.0.0.1:$port/health/live" >/dev/null && break
  kill -0 "$hub_pid" 2>/dev/null || break
  sleep 0.2
done
if ! curl -sSf "http://127.0.0.1:$port/openapi/v1.json" -o "$work/openapi.json"; then
  echo "The hub did not serve its OpenAPI document:" >&2
  cat "$work/hub.log" >&2
  exit 1
fi

(cd Vividly.Web && npx --no-install openapi-typescript "$work/openapi.json" -o "$work/wire.generated.ts")

if ! $check; then
  cp "$work/openapi.json" "$document"
  cp "$work/wire.generated.ts" "$types"
  echo "Wrote $document and $types"
  exit 0
fi

stale=0
diff -u "$document" "$work/openapi.json" || stale=1
diff -u "$types" "$work/wire.generated.ts" || stale=1
if [ "$stale" -ne 0 ]; then
  echo "The checked-in wire types differ from what the hub serves: run scripts/wire-types.sh and commit the result." >&2
  exit 1
fi
echo "wire types: up to date with the hub's OpenAPI document"
