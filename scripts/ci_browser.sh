#!/usr/bin/env bash
# What the browser end-to-end test (tests/web/test_explorer.py) needs, installed when missing:
# Debian's chromium at /usr/bin/chromium, node + npm, and playwright-core (no browser download:
# the test points it at the system chromium).
set -euo pipefail
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
if [ "${#missing[@]}" -gt 0 ]; then
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
fi
cd "$(dirname "$0")/../src/claimgraph/web/frontend"
if [ ! -d node_modules/playwright-core ]; then
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund
fi
