#!/usr/bin/env bash
# Starts the local multi-instance stack, on loopback only, in the background:
#   redis-server (the SignalR backplane), a throw-away PostgreSQL cluster (the shared inbox),
#   HUB_COUNT hub instances, the worker, and HAProxy in front of the hubs with cookie stickiness
#   (SignalR's SSE transport sends client calls as POSTs that must reach the instance holding the
#   stream; Cloud Run's session affinity does the same job in production).
# Everything lives in .local/stack/ (data, logs, pids, haproxy.cfg). Stop it with infra/local/down.sh.
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
pids=$stack/pids
logs=$stack/logs

if [ -s "$pids" ]; then
  echo "The stack looks started already ($pids exists). Run: bash infra/local/down.sh" >&2
  exit 1
fi

hub_ports=()
for ((n = 1; n <= HUB_COUNT; n++)); do hub_ports+=($((HUB_BASE_PORT + n - 1))); done
for port in "$FRONT_PORT" "${hub_ports[@]}" "$WORKER_PORT" "$REDIS_PORT" "$PG_PORT" "$STATS_PORT"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "Port $port on 127.0.0.1 is taken; choose others with the *_PORT variables (see the top of $0)." >&2
    exit 1
  fi
done

bash scripts/install-deps.sh
for tool in curl runuser redis-cli pg_isready; do
  command -v "$tool" >/dev/null || { echo "$tool is missing (Debian packages: curl, util-linux, redis-tools, postgresql-client)." >&2; exit 1; }
done
pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)

if [ "${SKIP_BUILD:-}" != 1 ]; then
  if [ -f Vividly.Web/package.json ] && [ ! -f Vividly.Hub/wwwroot/index.html ]; then
    (cd Vividly.Web && npm ci --no-audit --no-fund && npm run build)
  fi
  dotnet build Vividly.Realtime.sln -nologo -v quiet
fi
for dll in Vividly.Hub/bin/Debug/net10.0/Vividly.Hub.dll Vividly.Worker/bin/Debug/net10.0/Vividly.Worker.dll; do
  [ -f "$dll" ] || { echo "$dll is missing; build first (dotnet build Vividly.Realtime.sln)." >&2; exit 1; }
done

# A fresh stack every time: the previous run's data goes.
rm -rf "$stack"
mkdir -p "$stack/redis" "$stack/pg" "$stack/pg-socket" "$logs"
chmod 755 "$root/.local" "$stack"
: >"$pids"

# If anything below fails, show why and stop what did start.
started=0
on_exit() {
  if [ "$started" != 1 ]; then
    echo "The stack did not start; logs are in $logs. Stopping what did start." >&2
    bash infra/local/down.sh >&2 || true
  fi
}
trap on_exit EXIT

# PostgreSQL refuses to run as root; as root its tools run as the postgres user.
as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# record NAME PID PATTERN: down.sh kills PID only while its command line still contains PATTERN.
record() { echo "$1 $2 $3" >>"$pids"; }

# wait_for WHAT PID COMMAND...: retries COMMAND for 60 s while process PID lives.
wait_for() {
  local what=$1 pid=$2
  shift 2
  for _ in $(seq 1 120); do
    if "$@" >/dev/null 2>&1; then echo "  ready: $what"; return 0; fi
    if ! kill -0 "$pid" 2>/dev/null; then echo "$what exited; see its log in $logs" >&2; return 1; fi
    sleep 0.5
  done
  echo "$what did not answer within 60 s; see its log in $logs" >&2
  return 1
}

redis_pings() { [ "$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping)" = PONG ]; }
answers() { curl -fsS -o /dev/null --max-time 2 "$1"; }

echo "Starting redis-server on 127.0.0.1:$REDIS_PORT"
setsid redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --dir "$stack/redis" \
  >"$logs/redis.log" 2>&1 </dev/null &
record redis $! "redis-server 127.0.0.1:$REDIS_PORT"
wait_for redis $! redis_pings

echo "Starting PostgreSQL on 127.0.0.1:$PG_PORT"
touch "$logs/postgres.log"
if [ "$(id -u)" -eq 0 ]; then chown -R postgres:postgres "$stack/pg" "$stack/pg-socket" "$logs/postgres.log"; fi
as_postgres test -w "$stack/pg" || {
  echo "The postgres user cannot write $stack/pg; it needs search access to every folder above it." >&2
  exit 1
}
as_postgres "$pg_bin/initdb" -D "$stack/pg" -U postgres --auth=trust -E UTF8 --no-sync >"$logs/initdb.log" 2>&1
as_postgres "$pg_bin/pg_ctl" -D "$stack/pg" -l "$logs/postgres.log" -w -t 60 start \
  -o "-p $PG_PORT -k '$stack/pg-socket' -c listen_addresses=127.0.0.1 -c max_connections=200" >/dev/null
pg_pid=$(head -1 "$stack/pg/postmaster.pid")
record postgres "$pg_pid" "postgres -D $stack/pg"
wait_for postgres "$pg_pid" pg_isready -h 127.0.0.1 -p "$PG_PORT" -U postgres
"$pg_bin/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres vividly
echo "  created database vividly"

database_url=postgres://postgres@127.0.0.1:$PG_PORT/vividly
redis_url=redis://127.0.0.1:$REDIS_PORT/0

for ((n = 1; n <= HUB_COUNT; n++)); do
  port=${hub_ports[n - 1]}
  echo "Starting hub-$n on 127.0.0.1:$port"
  (cd Vividly.Hub && INSTANCE_ID=hub-$n REDIS_URL=$redis_url DATABASE_URL=$database_url \
    WORKER_URL=http://127.0.0.1:$WORKER_PORT ASPNETCORE_ENVIRONMENT=Development \
    exec setsid dotnet bin/Debug/net10.0/Vividly.Hub.dll --urls "http://127.0.0.1:$port") \
    >"$logs/hub-$n.log" 2>&1 </dev/null &
  record "hub-$n" $! "Vividly.Hub.dll --urls http://127.0.0.1:$port"
done

echo "Starting the worker on 127.0.0.1:$WORKER_PORT"
(cd Vividly.Worker && HUB_URL=http://127.0.0.1:$FRONT_PORT ASPNETCORE_ENVIRONMENT=Development \
  exec setsid dotnet bin/Debug/net10.0/Vividly.Worker.dll --urls "http://127.0.0.1:$WORKER_PORT") \
  >"$logs/worker.log" 2>&1 </dev/null &
record worker $! "Vividly.Worker.dll --urls http://127.0.0.1:$WORKER_PORT"

# HAProxy: round robin for new clients, then a cookie keeps each client on its hub. The
# default keep-alive mode streams SSE responses as they come; long client/server timeouts
# keep idle streams open between the hub's keep-alives. The log leaves out query strings:
# the hub path carries access tokens there.
servers=""
for ((n = 1; n <= HUB_COUNT; n++)); do
  servers+="    server hub-$n 127.0.0.1:${hub_ports[n - 1]} check cookie hub-$n"$'\n'
done
cat >"$stack/haproxy.cfg" <<EOF
# Generated by infra/local/up.sh; changes are lost on the next start.
global
    log stdout format raw local0 info
    maxconn 4000

defaults
    mode http
    log global
    log-format "%ci:%cp [%tr] %ft %b/%s %TR/%Tw/%Tc/%Tr/%Ta %ST %B %tsc %{+Q}HM %{+Q}HP"
    option dontlognull
    option forwardfor
    option redispatch 1
    retries 2
    # A draining or dead instance's refusal is retried on another at once, before the client sees it.
    retry-on conn-failure empty-response 503
    timeout connect 5s
    timeout http-request 10s
    timeout http-keep-alive 10s
    timeout queue 10s
    timeout client 1h
    timeout server 1h
    timeout tunnel 1h

frontend vividly
    bind 127.0.0.1:$FRONT_PORT
    default_backend hubs

backend hubs
    balance roundrobin
    cookie VIVIDLY_HUB insert indirect nocache httponly
    option httpchk GET /health/ready
    http-check expect status 200
    default-server inter 1s fall 2 rise 2
$servers
listen stats
    bind 127.0.0.1:$STATS_PORT
    stats enable
    stats uri /
    stats refresh 5s
EOF
haproxy -c -q -f "$stack/haproxy.cfg"

echo "Starting HAProxy on 127.0.0.1:$FRONT_PORT"
setsid haproxy -db -f "$stack/haproxy.cfg" >"$logs/haproxy.log" 2>&1 </dev/null &
record haproxy $! "haproxy -db -f $stack/haproxy.cfg"

while read -r name pid pattern; do
  case $name in
    hub-*) wait_for "$name" "$pid" answers "http://127.0.0.1:${hub_ports[${name#hub-} - 1]}/health/ready" ;;
    worker) wait_for worker "$pid" answers "http://127.0.0.1:$WORKER_PORT/health/ready" ;;
    haproxy) wait_for haproxy "$pid" answers "http://127.0.0.1:$FRONT_PORT/health/ready" ;;
  esac
done <"$pids"

started=1
echo
echo "Vividly Realtime runs, $HUB_COUNT hubs behind HAProxy:"
echo "  web app and API   http://127.0.0.1:$FRONT_PORT"
echo "  hub instances     $(printf 'http://127.0.0.1:%s ' "${hub_ports[@]}" | sed 's/ $//')"
echo "  worker            http://127.0.0.1:$WORKER_PORT/pubsub/push"
echo "  HAProxy stats     http://127.0.0.1:$STATS_PORT"
echo "  Redis             $redis_url"
echo "  PostgreSQL        $database_url"
echo "  logs              .local/stack/logs/"
echo "Stop it with: bash infra/local/down.sh"
