#!/usr/bin/env bash
# Rebuild the web explorer's bundled assets (src/claimgraph/web/static/app.js, app.css) from
# src/claimgraph/web/frontend/src with esbuild; Cytoscape.js is bundled in, nothing loads from a
# CDN. The built files are committed, so installing claimgraph never needs npm.
set -euo pipefail
cd "$(dirname "$0")/../src/claimgraph/web/frontend"
npm ci --no-audit --no-fund
npm run build
