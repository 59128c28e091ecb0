#!/usr/bin/env bash
# Installs Debian's Chromium for the browser tests when it is missing. Playwright's own browser
# download cannot reach its servers from these machines; playwright-core drives this one.
set -euo pipefail
chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$chromium" ]; then
  echo "browser for the page tests: $("$chromium" --version 2>/dev/null | tail -n 1)"
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "Chromium is missing and installing it needs root: run 'sudo apt-get install chromium' (or set CHROMIUM_PATH)." >&2
  exit 1
fi
echo "Installing Debian's chromium package for the page tests (about a minute)..."
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
echo "browser for the page tests: $("$chromium" --version 2>/dev/null | tail -n 1)"
