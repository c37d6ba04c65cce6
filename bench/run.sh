#!/usr/bin/env bash
# Benchmarks the hub with the load console on this machine, loopback only.
#
#   bench/run.sh [--cluster] [SCENARIO...]
#   bench/run.sh compare [SCENARIO...]
#
# Single mode (default): one hub on the embedded defaults (SQLite inbox, no Redis).
# --cluster: two hub instances sharing a throw-away redis-server (backplane) and PostgreSQL
# (inbox); each user's connections are spread over both, so deliveries cross the backplane.
# compare: each scenario against three targets in turn, publishing over HTTP: the stock SignalR
# baseline (bench/StockHub) on a throw-away redis-server, one hub embedded (SQLite), and one hub
# on Redis + PostgreSQL; the console's compare command then writes bench/results/compare.md.
# Scenarios default to: smoke seed-slo fanout capacity connections (compare: capacity
# connections). Each gets fresh processes (and a fresh inbox, Redis and PostgreSQL) so one run's
# memory and data do not leak into the next. JSON reports land in bench/results/ (BENCH_RESULTS
# to change); everything started here stops when the script ends.
# BENCH_HUB_ENV adds settings to every instance, e.g. BENCH_HUB_ENV="SSE_HEARTBEAT_INTERVAL=15";
# BENCH_LOAD_ARGS adds options to every load run, e.g. BENCH_LOAD_ARGS="--publish http";
# BENCH_CAPACITY_STEPS sets capacity's rates, e.g. 250,1000,4000; BENCH_COMPARE_CONNECTIONS the
# compare's connections (default 10000, two per user).
# The stack launcher (tests/Vividly.Stack) starts and stops the services.
# Needs: the .NET SDK; for --cluster and compare the Debian packages redis-server and postgresql.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
mode=single
case ${1:-} in
  --cluster) mode=cluster; shift ;;
  compare) mode=compare; shift ;;
esac
scenarios=("$@")
if [[ ${#scenarios[@]} -eq 0 ]]; then
  if [[ $mode == compare ]]; then scenarios=(capacity connections); else scenarios=(smoke seed-slo fanout capacity connections); fi
fi
compare_targets=(stock embedded redis-postgres)
compare_connections=${BENCH_COMPARE_CONNECTIONS:-10000}
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
. "$repo/scripts/stack.sh"
trap 'stack_stop; rm -rf "$work"' EXIT
trap 'exit 130' INT TERM

# Ten thousand SSE streams need as many descriptors in the hub and in the console.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
echo "Open files limit: $(ulimit -n)"

echo "Building (Release)..."
for project in Vividly.Hub/Vividly.Hub.csproj bench/StockHub/StockHub.csproj tests/Vividly.LoadTest/Vividly.LoadTest.csproj tests/Vividly.Stack/Vividly.Stack.csproj; do
  dotnet build -c Release -v quiet -nologo "$repo/$project" >/dev/null
done
load_dll=$repo/tests/Vividly.LoadTest/bin/Release/net10.0/Vividly.LoadTest.dll
stock_dll=$repo/bench/StockHub/bin/Release/net10.0/StockHub.dll

# start_stack TARGET SCENARIO: fresh processes for one run. single, embedded: one hub on SQLite;
# cluster: two hubs on a fresh Redis and PostgreSQL; redis-postgres: one such hub; stock: the
# baseline, started by the launcher in the hub's place, on a fresh Redis.
start_stack() {
  local target=$1 scenario=$2 options=() setting
  case $target in
    single | embedded) options=(--hubs 1 --env INBOX_SQLITE_PATH="$work/inbox-$target-$scenario.db") ;;
    cluster) options=(--hubs 2 --redis --postgres) ;;
    redis-postgres) options=(--hubs 1 --redis --postgres) ;;
    stock) options=(--hubs 1 --redis --hub-dll "$stock_dll") ;;
  esac
  # shellcheck disable=SC2086 # BENCH_HUB_ENV is NAME=VALUE words on purpose
  for setting in ${BENCH_HUB_ENV:-}; do options+=(--env "$setting"); done
  # The capacity steps go past the default 5,000 publishes/s one publisher may make.
  stack_start Release "$work/$target-$scenario" "${options[@]}" --logs "$work/$target-$scenario" \
    --env SECRET_KEY="$secret" --env MAX_CONNECTIONS_PER_USER=200 \
    --env RATE_LIMIT_PUBLISH_PER_PUBLISHER_PER_SECOND=100000 --env RATE_LIMIT_PUBLISH_PER_PUBLISHER_BURST=100000
}

# The stack's processes other than the hubs (Redis, PostgreSQL), whose CPU the console counts apart.
stack_services() {
  local pid hubs
  hubs=$(stack_hubs | cut -d' ' -f2)
  for pid in $(grep -o '"pids":\[[0-9,]*\]' <<<"$stack_json" | tr -c '0-9' ' '); do
    grep -qx "$pid" <<<"$hubs" || echo "$pid"
  done
}

# run_scenario TARGET SCENARIO REPORT [load options]: the console against the running stack.
run_scenario() {
  local target=$1 scenario=$2 report=$3 args=() url pid status=0
  shift 3
  while read -r url pid; do args+=(--hub "$url" --hub-pid "$pid"); done < <(stack_hubs)
  for pid in $(stack_services); do args+=(--service-pid "$pid"); done
  [[ -z ${BENCH_CAPACITY_STEPS:-} || $scenario != capacity ]] || args+=(--steps "$BENCH_CAPACITY_STEPS")
  echo
  echo "=== $target: $scenario (load average $(cut -d' ' -f1-3 /proc/loadavg))"
  # shellcheck disable=SC2086 # the extra options are words on purpose
  timeout --signal=INT --kill-after=30 "$scenario_timeout" \
    dotnet "$load_dll" --scenario "$scenario" "${args[@]}" "$@" --secret "$secret" \
    --report "$report" ${scenario_args[$scenario]:-} ${BENCH_LOAD_ARGS:-} || status=$?
  echo "=== $target: $scenario exited $status"
  return "$status"
}

mkdir -p "$results"
failed=()
if [[ $mode == compare ]]; then
  for scenario in "${scenarios[@]}"; do rm -f "$results"/compare-*-"$scenario".json; done
  turn=0
  for scenario in "${scenarios[@]}"; do
    # Each scenario starts on the next target, so no target is always the first on a cool machine.
    for i in 0 1 2; do
      target=${compare_targets[$(((turn + i) % 3))]}
      extra=(--publish http)
      [[ $target != stock ]] || extra+=(--target stock)
      [[ $scenario != connections ]] || extra+=(--connections "$compare_connections" --users "$(((compare_connections + 1) / 2))")
      start_stack "$target" "$scenario"
      run_scenario "$target" "$scenario" "$results/compare-$target-$scenario.json" "${extra[@]}" || failed+=("$target:$scenario")
      stack_stop
    done
    turn=$((turn + 1))
  done
  echo
  dotnet "$load_dll" compare --results "$results"
else
  for scenario in "${scenarios[@]}"; do
    start_stack "$mode" "$scenario"
    run_scenario "$mode" "$scenario" "$results/$mode-$scenario.json" || failed+=("$scenario")
    stack_stop
  done
fi

echo
echo "Reports: $results"
if [[ ${#failed[@]} -gt 0 ]]; then
  echo "Missed a target or lost/duplicated notifications: ${failed[*]}"
  exit 1
fi
echo "Every scenario passed."
