#!/usr/bin/env bash
# Benchmarks the hub with the load console on this machine, loopback only.
#
#   bench/run.sh [--cluster] [SCENARIO...]
#
# Single mode (default): one hub on the embedded defaults (SQLite inbox, no Redis).
# --cluster: two hub instances sharing a throw-away redis-server (backplane) and PostgreSQL
# (inbox); each user's connections are spread over both, so deliveries cross the backplane.
# Scenarios default to: smoke seed-slo fanout capacity connections. Each gets fresh hubs (and
# a fresh inbox, Redis and PostgreSQL) so one run's memory and data do not leak into the next. JSON reports land in
# bench/results/ (BENCH_RESULTS to change); everything started here stops when the script ends.
# BENCH_HUB_ENV adds settings to every instance, e.g. BENCH_HUB_ENV="SSE_HEARTBEAT_INTERVAL=15";
# BENCH_LOAD_ARGS adds options to every load run, e.g. BENCH_LOAD_ARGS="--publish http".
# The stack launcher (tests/Vividly.Stack) starts and stops the services.
# Needs: the .NET SDK; for --cluster the Debian packages redis-server and postgresql.
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
. "$repo/scripts/stack.sh"
trap 'stack_stop; rm -rf "$work"' EXIT
trap 'exit 130' INT TERM

# Ten thousand SSE streams need as many descriptors in the hub and in the console.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
echo "Open files limit: $(ulimit -n)"

echo "Building (Release)..."
for project in Vividly.Hub/Vividly.Hub.csproj tests/Vividly.LoadTest/Vividly.LoadTest.csproj tests/Vividly.Stack/Vividly.Stack.csproj; do
  dotnet build -c Release -v quiet -nologo "$repo/$project" >/dev/null
done
load_dll=$repo/tests/Vividly.LoadTest/bin/Release/net10.0/Vividly.LoadTest.dll

# start_stack SCENARIO: fresh hubs (and in a cluster a fresh Redis and PostgreSQL) for one scenario.
start_stack() {
  local scenario=$1 options=(--hubs 1 --env INBOX_SQLITE_PATH="$work/inbox-$scenario.db") setting
  if $cluster; then options=(--hubs 2 --redis --postgres); fi
  # shellcheck disable=SC2086 # BENCH_HUB_ENV is NAME=VALUE words on purpose
  for setting in ${BENCH_HUB_ENV:-}; do options+=(--env "$setting"); done
  stack_start Release "$work/$scenario" "${options[@]}" --logs "$work/$scenario" \
    --env SECRET_KEY="$secret" --env MAX_CONNECTIONS_PER_USER=200
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
failed=()
for scenario in "${scenarios[@]}"; do
  start_stack "$scenario"
  instances=()
  while read -r url pid; do instances+=("$url" "$pid"); done < <(stack_hubs)
  run_scenario "$scenario" "${instances[@]}" || failed+=("$scenario")
  stack_stop
done

echo
echo "Reports: $results"
if [[ ${#failed[@]} -gt 0 ]]; then
  echo "Missed a target or lost/duplicated notifications: ${failed[*]}"
  exit 1
fi
echo "Every scenario passed."
