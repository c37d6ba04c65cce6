#!/usr/bin/env bash
# Stops what infra/local/up.sh started: the stack launcher stops HAProxy, the worker, the hubs
# (which drain their streams on SIGTERM), Redis and PostgreSQL in that order; then this checks
# that none of them still runs. The logs in .local/stack/ stay until the next up.
set -euo pipefail
cd "$(dirname "$0")/../.."
stack=$PWD/.local/stack

if [ ! -f "$stack/pid" ]; then
  echo "Nothing to stop: $stack/pid does not exist."
  exit 0
fi

. scripts/stack.sh
stack_pid=$(cat "$stack/pid")
if ! tr '\0' ' ' <"/proc/$stack_pid/cmdline" 2>/dev/null | grep -q Vividly.Stack.dll; then
  echo "The stack launcher (pid $stack_pid) was not running."
  stack_pid=""
fi
stack_json=$(head -1 "$stack/stack.json" 2>/dev/null || true)
stack_stop
rm -f "$stack/pid"
echo "The local stack is stopped."
