#!/usr/bin/env bash
# Starts the local multi-instance stack, on loopback only, in the background:
#   redis-server (the SignalR backplane), a throw-away PostgreSQL cluster (the shared inbox),
#   HUB_COUNT hub instances, the worker, and HAProxy in front of the hubs with cookie stickiness
#   (SignalR's SSE transport sends client calls as POSTs that must reach the instance holding the
#   stream; Cloud Run's session affinity does the same job in production).
# The stack launcher (tests/Vividly.Stack) starts them and stays in the background to stop them;
# .local/stack/ holds its pid, the addresses it printed and the logs. Stop it with infra/local/down.sh.
#
# Ports (override with environment variables):
#   FRONT_PORT=5080  HAProxy, the address to use        HUB_BASE_PORT=5081  hub N on HUB_BASE_PORT+N-1
#   HUB_COUNT=3      hub instances                      WORKER_PORT=5090    the worker
#   REDIS_PORT=6390  redis-server                       PG_PORT=5440        PostgreSQL
#   STATS_PORT=5089  HAProxy's stats page
# SKIP_BUILD=1 starts what is already built.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD

FRONT_PORT=${FRONT_PORT:-5080}
HUB_BASE_PORT=${HUB_BASE_PORT:-5081}
HUB_COUNT=${HUB_COUNT:-3}
WORKER_PORT=${WORKER_PORT:-5090}
REDIS_PORT=${REDIS_PORT:-6390}
PG_PORT=${PG_PORT:-5440}
STATS_PORT=${STATS_PORT:-5089}

stack=$root/.local/stack
if [ -s "$stack/pid" ]; then
  echo "The stack looks started already ($stack/pid exists). Run: bash infra/local/down.sh" >&2
  exit 1
fi

bash scripts/install-deps.sh
if [ "${SKIP_BUILD:-}" != 1 ]; then
  if [ -f Vividly.Web/package.json ] && [ ! -f Vividly.Hub/wwwroot/index.html ]; then
    (cd Vividly.Web && npm ci --no-audit --no-fund && npm run build)
  fi
  dotnet build Vividly.Realtime.sln -nologo -v quiet
fi

rm -rf "$stack"
. scripts/stack.sh
echo "Starting Redis, PostgreSQL, $HUB_COUNT hubs, the worker and HAProxy"
stack_start Debug "$stack" --hubs "$HUB_COUNT" --redis --postgres --worker --proxy \
  --proxy-port "$FRONT_PORT" --hub-port "$HUB_BASE_PORT" --worker-port "$WORKER_PORT" \
  --redis-port "$REDIS_PORT" --postgres-port "$PG_PORT" --stats-port "$STATS_PORT" --logs "$stack/logs" \
  --env ASPNETCORE_ENVIRONMENT=Development --env Logging__LogLevel__Default=Information \
  --env ASPNETCORE_WEBROOT="$root/Vividly.Hub/wwwroot"
echo "$stack_pid" >"$stack/pid"

echo
echo "Vividly Realtime runs, $HUB_COUNT hubs behind HAProxy:"
echo "  web app and API   $(stack_field proxy)"
echo "  hub instances     $(stack_hubs | cut -d' ' -f1 | tr '\n' ' ' | sed 's/ $//')"
echo "  worker            http://127.0.0.1:$WORKER_PORT/pubsub/push"
echo "  HAProxy stats     $(stack_field stats)"
echo "  Redis             $(stack_field redis)"
echo "  PostgreSQL        $(stack_field database)"
echo "  logs              .local/stack/logs/"
echo "Stop it with: bash infra/local/down.sh"
