#!/usr/bin/env bash
# The web app's tests: Vitest, then end-to-end in Debian's Chromium against a real hub and worker,
# started by the stack launcher (the Release builds scripts/test.sh has just made).
set -euo pipefail
cd "$(dirname "$0")/../Vividly.Web"

npm ci --no-audit --no-fund
npm test
HUB_DLL="$PWD/../Vividly.Hub/bin/Release/net10.0/Vividly.Hub.dll" \
WORKER_DLL="$PWD/../Vividly.Worker/bin/Release/net10.0/Vividly.Worker.dll" \
STACK_DLL="$PWD/../tests/Vividly.Stack/bin/Release/net10.0/Vividly.Stack.dll" \
  npm run e2e
