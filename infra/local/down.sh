#!/usr/bin/env bash
# Stops what infra/local/up.sh started: HAProxy, the worker, the hubs, Redis and PostgreSQL,
# then checks that none of them still runs. The data in .local/stack/ stays until the next up.
set -euo pipefail
cd "$(dirname "$0")/../.."
stack=$PWD/.local/stack
pids=$stack/pids

if [ ! -f "$pids" ]; then
  echo "Nothing to stop: $pids does not exist."
  exit 0
fi

# True while PID runs and its command line still contains PATTERN (so a reused pid is left alone).
ours() {
  local pid=$1 pattern=$2
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$pattern"
}

as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# The front first so nothing new arrives, then the services (the hubs drain their streams on
# SIGTERM), then the stores they use.
order="haproxy worker hub- redis postgres"
for kind in $order; do
  while read -r name pid pattern; do
    case $name in "$kind"*) ;; *) continue ;; esac
    if [ "$name" = postgres ]; then
      if [ -f "$stack/pg/postmaster.pid" ]; then
        pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
        as_postgres "$pg_bin/pg_ctl" -D "$stack/pg" -m fast -w -t 30 stop >/dev/null && echo "stopped postgres"
      fi
    elif ours "$pid" "$pattern"; then
      kill -TERM "$pid" && echo "stopping $name (pid $pid)"
    else
      echo "$name (pid $pid) was not running"
    fi
  done <"$pids"
done

# Wait for them to go (a hub takes up to its 8 s shutdown timeout); kill what will not.
for _ in $(seq 1 30); do
  left=0
  while read -r name pid pattern; do
    if ours "$pid" "$pattern"; then left=1; fi
  done <"$pids"
  [ "$left" = 0 ] && break
  sleep 0.5
done
while read -r name pid pattern; do
  if ours "$pid" "$pattern"; then
    echo "$name (pid $pid) did not stop in 15 s; killing it" >&2
    kill -KILL "$pid" 2>/dev/null || true
  fi
done <"$pids"

# Check by command line too, in case a pid was lost.
running=0
while read -r name pid pattern; do
  if pgrep -f -- "$pattern" >/dev/null; then
    echo "still running: $name ($(pgrep -f -- "$pattern" | tr '\n' ' '))" >&2
    running=1
  fi
done <"$pids"
if [ "$running" = 1 ]; then
  exit 1
fi
rm -f "$pids"
echo "The local stack is stopped."
