#!/usr/bin/env bash
# Starts the local system on the embedded defaults: the hub (SQLite inbox, no Redis) with the
# web app at http://localhost:5080, and the worker at http://localhost:5081. Ctrl+C stops both.
# Without SMTP_URL, an SMTP sink (aiosmtpd) on 127.0.0.1 takes the hub's email into a Maildir
# under .local/mail; without VAPID keys, development keys are made once in .local/vapid.env so
# the web app's push opt-in works on http://localhost.
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

export APP_URL=${APP_URL:-http://localhost:5080}
mail_note="Email: SMTP_URL=${SMTP_URL:-}"
if [ -z "${SMTP_URL:-}" ]; then
  if /usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null; then
    smtp_port=${SMTP_SINK_PORT:-2525}
    # A Maildir: each message lands as a file in new/
    mkdir -p .local/mail/tmp .local/mail/new .local/mail/cur
    /usr/bin/python3 -m aiosmtpd -n -l "127.0.0.1:$smtp_port" -c aiosmtpd.handlers.Mailbox .local/mail &
    pids+=($!)
    export SMTP_URL="smtp://127.0.0.1:$smtp_port" EMAIL_FROM=${EMAIL_FROM:-notifications@vividly.localhost}
    mail_note="Email: an SMTP sink on 127.0.0.1:$smtp_port writes each message to $(pwd)/.local/mail/new/ (one file per email)"
  else
    mail_note="Email: off (no SMTP_URL, and no aiosmtpd for a local sink: apt-get install python3-aiosmtpd)"
  fi
fi
if [ -z "${VAPID_PUBLIC_KEY:-}" ] && [ -z "${VAPID_PRIVATE_KEY:-}" ]; then
  # Development keys, made once and kept, so browsers' subscriptions stay valid across runs.
  [ -f .local/vapid.env ] || dotnet Vividly.Hub/bin/Debug/net10.0/Vividly.Hub.dll vapid-keys > .local/vapid.env
  set -a; . .local/vapid.env; set +a
  export VAPID_SUBJECT=${VAPID_SUBJECT:-mailto:dev@vividly.localhost}
  push_note="Push: development VAPID keys from .local/vapid.env (your own: dotnet run --project Vividly.Hub -- vapid-keys)"
else
  push_note="Push: VAPID keys from the environment"
fi

(cd Vividly.Hub && INBOX_SQLITE_PATH=${INBOX_SQLITE_PATH:-../.local/inbox.db} WORKER_URL=${WORKER_URL:-http://localhost:5081} \
  exec dotnet bin/Debug/net10.0/Vividly.Hub.dll --urls "${HUB_URLS:-http://localhost:5080}") &
pids+=($!)
(cd Vividly.Worker && HUB_URL=${HUB_URL:-http://localhost:5080} \
  exec dotnet bin/Debug/net10.0/Vividly.Worker.dll --urls "${WORKER_URLS:-http://localhost:5081}") &
pids+=($!)

echo "Hub and web app: http://localhost:5080   Worker: http://localhost:5081   (Ctrl+C stops them)"
echo "$mail_note"
echo "$push_note"
wait -n "${pids[@]}"
