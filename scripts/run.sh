#!/usr/bin/env bash
# Starts the local system on the embedded defaults: the hub (SQLite inbox, no Redis) with the
# web app at http://localhost:5080, and the worker at http://localhost:5081. Ctrl+C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -f Vividly.Web/package.json ]; then
  newest_source=$(find Vividly.Web/src Vividly.Web/packages/*/src Vividly.Web/packages/*/package.json Vividly.Web/index.html Vividly.Web/package.json -newer Vividly.Hub/wwwroot/index.html 2>/dev/null | head -1 || true)
  if [ ! -f Vividly.Hub/wwwroot/index.html ] || [ -n "$newest_source" ]; then
    (cd Vividly.Web && { [ -d node_modules ] || npm ci --no-audit --no-fund; } && npm run build)
  fi
fi
dotnet build Vividly.Realtime.sln -nologo -v quiet

export ASPNETCORE_ENVIRONMENT=${ASPNETCORE_ENVIRONMENT:-Development}
mkdir -p .local
pids=()
stop() { kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; }
trap stop EXIT INT TERM

(cd Vividly.Hub && INBOX_SQLITE_PATH=${INBOX_SQLITE_PATH:-../.local/inbox.db} WORKER_URL=${WORKER_URL:-http://localhost:5081} \
  exec dotnet bin/Debug/net10.0/Vividly.Hub.dll --urls "${HUB_URLS:-http://localhost:5080}") &
pids+=($!)
(cd Vividly.Worker && HUB_URL=${HUB_URL:-http://localhost:5080} \
  exec dotnet bin/Debug/net10.0/Vividly.Worker.dll --urls "${WORKER_URLS:-http://localhost:5081}") &
pids+=($!)

echo "Hub and web app: http://localhost:5080   Worker: http://localhost:5081   (Ctrl+C stops both)"
wait -n "${pids[@]}"
