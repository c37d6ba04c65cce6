#!/usr/bin/env bash
# Known vulnerabilities in the dependencies: NuGet packages (direct and transitive) and every
# npm lock file. Needs the registries, so it runs in CI, not in scripts/test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

dotnet restore Vividly.Realtime.sln -nologo -v quiet
report=$(dotnet list Vividly.Realtime.sln package --vulnerable --include-transitive)
echo "$report"
if grep -q "has the following vulnerable packages" <<<"$report"; then
  echo "Vulnerable NuGet packages (above)." >&2
  exit 1
fi

for dir in Vividly.Web tests/StockClients tests/PushService infra/terraform/test; do
  echo "npm audit: $dir"
  (cd "$dir" && npm audit --audit-level=moderate)
done
