#!/usr/bin/env bash
# Installs the Debian packages the tests and the local stack run for real: Redis, PostgreSQL,
# Chromium (driven by Playwright), HAProxy, aiosmtpd (the email tests' SMTP server), and Node
# with npm for the JS clients. Already-installed packages are left alone.
set -euo pipefail

packages=()
command -v redis-server >/dev/null || packages+=(redis-server)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || packages+=(postgresql)
[ -x /usr/bin/chromium ] || packages+=(chromium chromium-driver)
command -v haproxy >/dev/null || packages+=(haproxy)
command -v npm >/dev/null || packages+=(nodejs npm)
[ -f /usr/lib/python3/dist-packages/aiosmtpd/__init__.py ] || packages+=(python3-aiosmtpd)

if [ ${#packages[@]} -eq 0 ]; then
  exit 0
fi

echo "Installing: ${packages[*]}"
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null; then SUDO=sudo; else
    echo "Run as root, or install: apt-get install ${packages[*]}" >&2
    exit 1
  fi
fi
${SUDO:-} apt-get update -qq
DEBIAN_FRONTEND=noninteractive ${SUDO:-} apt-get install -y -qq "${packages[@]}" >/dev/null
# The packaged services start themselves; the tests start their own on free ports instead.
for service in redis-server postgresql haproxy; do
  ${SUDO:-} service "$service" stop >/dev/null 2>&1 || true
done
