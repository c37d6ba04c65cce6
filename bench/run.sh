#!/usr/bin/env bash
# Benchmarks the hub with the load console on this machine, loopback only.
#
#   bench/run.sh [--cluster] [SCENARIO...]
#
# Single mode (default): one hub on the embedded defaults (SQLite inbox, no Redis).
# --cluster: two hub instances sharing a throw-away redis-server (backplane) and PostgreSQL
# (inbox); each user's connections are spread over both, so deliveries cross the backplane.
# Scenarios default to: smoke seed-slo fanout capacity connections. Each gets a fresh hub (and
# a fresh inbox) so one run's memory and data do not leak into the next. JSON reports land in
# bench/results/ (BENCH_RESULTS to change); everything started here stops when the script ends.
# BENCH_HUB_ENV adds settings to every instance, e.g. BENCH_HUB_ENV="SSE_HEARTBEAT_INTERVAL=15";
# BENCH_LOAD_ARGS adds options to every load run, e.g. BENCH_LOAD_ARGS="--publish http".
# Needs: the .NET SDK, curl; for --cluster the Debian packages redis-server and postgresql.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cluster=false
if [[ ${1:-} == --cluster ]]; then cluster=true; shift; fi
scenarios=("$@")
[[ ${#scenarios[@]} -gt 0 ]] || scenarios=(smoke seed-slo fanout capacity connections)
results=${BENCH_RESULTS:-$repo/bench/results}
scenario_timeout=${BENCH_SCENARIO_TIMEOUT:-900}
secret=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')

# The service levels the benchmark is judged against.
slo=(--max-connect-p95-ms 200 --max-publish-p95-ms 10 --max-delivery-p95-ms 50)
declare -A scenario_args=(
  [smoke]=""
  [seed-slo]="${slo[*]}"
  [fanout]="${slo[*]}"
  [capacity]="--min-throughput 1000"
  [connections]="${slo[*]}"
)

work=$(mktemp -d -t vividly-bench.XXXXXX)
chmod 755 "$work"
pids=()
pg_data=""
pg_bin=""
pg_port=""

as_postgres() {
  if [[ $(id -u) == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

stop_pid() {
  local pid=$1
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.2; done
  kill -KILL "$pid" 2>/dev/null || true
}

cleanup() {
  local pid
  for pid in "${pids[@]}"; do stop_pid "$pid"; done
  if [[ -n $pg_data ]]; then as_postgres "$pg_bin/pg_ctl" -D "$pg_data" -m fast -w stop >/dev/null 2>&1 || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  local port
  while :; do
    port=$((20000 + RANDOM % 20000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return; fi
  done
}

wait_http() {
  local url=$1 name=$2
  for _ in $(seq 150); do
    if curl -fsS -o /dev/null "$url" 2>/dev/null; then return 0; fi
    sleep 0.2
  done
  echo "$name did not become ready at $url; its log:" >&2
  tail -n 40 "$work/$name.log" >&2 || true
  return 1
}

# Ten thousand SSE streams need as many descriptors in the hub and in the console.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
echo "Open files limit: $(ulimit -n)"

echo "Building (Release)..."
dotnet build -c Release -v quiet -nologo "$repo/Vividly.Hub/Vividly.Hub.csproj" >/dev/null
dotnet build -c Release -v quiet -nologo "$repo/tests/Vividly.LoadTest/Vividly.LoadTest.csproj" >/dev/null
hub_dll=$repo/Vividly.Hub/bin/Release/net10.0/Vividly.Hub.dll
load_dll=$repo/tests/Vividly.LoadTest/bin/Release/net10.0/Vividly.LoadTest.dll

start_redis() {
  local port
  port=$(free_port)
  mkdir -p "$work/redis"
  redis-server --bind 127.0.0.1 --port "$port" --dir "$work/redis" --save '' --appendonly no \
    >"$work/redis.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 50); do
    if redis-cli -p "$port" ping >/dev/null 2>&1; then break; fi
    sleep 0.2
  done
  redis_url="redis://127.0.0.1:$port"
}

start_postgres() {
  local port
  port=$(free_port)
  pg_port=$port
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  pg_data=$work/pg/data
  mkdir -p "$work/pg"
  [[ $(id -u) != 0 ]] || chown postgres "$work/pg"
  as_postgres "$pg_bin/initdb" -D "$pg_data" -U postgres --auth=trust >"$work/initdb.log" 2>&1
  as_postgres "$pg_bin/pg_ctl" -D "$pg_data" -l "$work/pg/server.log" -w \
    -o "-p $port -k $work/pg -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null
  as_postgres "$pg_bin/psql" -h 127.0.0.1 -p "$port" -U postgres -q -c "CREATE USER vividly PASSWORD 'vividly';"
  database_url="postgres://vividly:vividly@127.0.0.1:$port/vividly"
}

# start_hub NAME [ENV=VALUE...]: starts one instance and sets hub_url and hub_pid.
start_hub() {
  local name=$1 port
  shift
  port=$(free_port)
  # shellcheck disable=SC2086 # BENCH_HUB_ENV is NAME=VALUE words on purpose
  (cd "$work" && exec env SECRET_KEY="$secret" ASPNETCORE_ENVIRONMENT=Production MAX_CONNECTIONS_PER_USER=200 \
    INSTANCE_ID="$name" "$@" ${BENCH_HUB_ENV:-} dotnet "$hub_dll" --urls "http://127.0.0.1:$port") >"$work/$name.log" 2>&1 &
  hub_pid=$!
  pids+=("$hub_pid")
  hub_url="http://127.0.0.1:$port"
  wait_http "$hub_url/health/ready" "$name"
}

run_scenario() {
  local scenario=$1 hub_args=() pid_args=() url pid mode status=0
  shift
  mode=$($cluster && echo cluster || echo single)
  while [[ $# -gt 0 ]]; do hub_args+=(--hub "$1"); pid_args+=(--hub-pid "$2"); shift 2; done
  echo
  echo "=== $mode: $scenario"
  # shellcheck disable=SC2086 # the extra options are words on purpose
  timeout --signal=INT --kill-after=30 "$scenario_timeout" \
    dotnet "$load_dll" --scenario "$scenario" "${hub_args[@]}" "${pid_args[@]}" --secret "$secret" \
    --report "$results/$mode-$scenario.json" ${scenario_args[$scenario]:-} ${BENCH_LOAD_ARGS:-} || status=$?
  echo "=== $mode: $scenario exited $status"
  return "$status"
}

mkdir -p "$results"
$cluster && { start_redis; start_postgres; }
failed=()
for scenario in "${scenarios[@]}"; do
  instances=()
  if $cluster; then
    # A fresh inbox per scenario; the previous instances are stopped, so nothing holds it.
    as_postgres "$pg_bin/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -q \
      -c "DROP DATABASE IF EXISTS vividly;" -c "CREATE DATABASE vividly OWNER vividly;"
    for name in hub-a hub-b; do
      start_hub "$name" REDIS_URL="$redis_url" DATABASE_URL="$database_url"
      instances+=("$hub_url" "$hub_pid")
    done
  else
    start_hub hub INBOX_SQLITE_PATH="$work/inbox-$scenario.db"
    instances+=("$hub_url" "$hub_pid")
  fi
  run_scenario "$scenario" "${instances[@]}" || failed+=("$scenario")
  for ((i = 1; i < ${#instances[@]}; i += 2)); do stop_pid "${instances[$i]}"; done
done

echo
echo "Reports: $results"
if [[ ${#failed[@]} -gt 0 ]]; then
  echo "Missed a target or lost/duplicated notifications: ${failed[*]}"
  exit 1
fi
echo "Every scenario passed."
