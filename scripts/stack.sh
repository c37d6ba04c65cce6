# Sourced by the scripts that need running services: starts the stack launcher
# (tests/Vividly.Stack, built already) in the background and reads the addresses it prints.
#   stack_start CONFIGURATION DIR [launcher options]  sets stack_pid and stack_json; DIR gets
#                                                      stack.json (the addresses) and stack.log
#   stack_stop                                         stops it (and so everything it started)
#   stack_field NAME                                   proxy, stats, redis or database
#   stack_hubs                                         "URL PID" for each hub, one a line
# `dotnet DIR/Vividly.Stack.dll --help` lists the launcher's options.

stack_start() {
  local configuration=$1 dir=$2 dll
  shift 2
  dll=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/tests/Vividly.Stack/bin/$configuration/net10.0/Vividly.Stack.dll
  [ -f "$dll" ] || { echo "$dll is missing: build the solution ($configuration) first." >&2; return 1; }
  mkdir -p "$dir"
  : >"$dir/stack.json"
  # A session of its own: a terminal's Ctrl+C or hang-up reaches the calling script, which stops
  # the stack in order, and up.sh's stack outlives the terminal.
  setsid dotnet "$dll" "$@" >"$dir/stack.json" 2>"$dir/stack.log" </dev/null &
  stack_pid=$!
  until [ "$(wc -l <"$dir/stack.json")" -ge 1 ]; do
    if ! kill -0 "$stack_pid" 2>/dev/null; then
      cat "$dir/stack.log" >&2
      return 1
    fi
    sleep 0.2
  done
  stack_json=$(head -1 "$dir/stack.json")
}

# SIGTERM to the launcher, which stops everything it started; then checks that nothing is left.
stack_stop() {
  local pid left=()
  [ -n "${stack_pid:-}" ] || return 0
  if kill -TERM "$stack_pid" 2>/dev/null; then
    # wait reaps the launcher where this shell started it; elsewhere (down.sh) it returns at once.
    wait "$stack_pid" 2>/dev/null || true
    for _ in $(seq 1 300); do kill -0 "$stack_pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$stack_pid" 2>/dev/null; then
      echo "The stack launcher (pid $stack_pid) did not stop in 30 s; killing it." >&2
      kill -KILL "$stack_pid" 2>/dev/null || true
    fi
  fi
  stack_pid=""
  for pid in $(grep -o '"pids":\[[0-9,]*\]' <<<"${stack_json:-}" | tr -c '0-9' ' '); do
    # A zombie has stopped; the PostgreSQL server, daemonised by pg_ctl, waits a moment for init to reap it.
    if grep -qs '^State:[[:space:]]*[^Z[:space:]]' "/proc/$pid/status"; then left+=("$pid"); fi
  done
  if [ ${#left[@]} -gt 0 ]; then
    echo "Still running after the stack stopped, killed now: ${left[*]}" >&2
    kill -KILL "${left[@]}" 2>/dev/null || true
    return 1
  fi
}

stack_field() {
  sed -n 's/.*"'"$1"'":"\([^"]*\)".*/\1/p' <<<"$stack_json"
}

stack_hubs() {
  grep -o '"name":"hub-[0-9]*","url":"[^"]*","pid":[0-9]*' <<<"$stack_json" |
    sed -E 's/.*"url":"([^"]*)","pid":([0-9]+)/\1 \2/'
}
