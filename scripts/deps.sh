#!/usr/bin/env bash
# npm dependencies, installed from the lock file only when it changed since the last install.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
npm_install() { # directory: the API's packages, or the web console's (its own tree: Vite's React plugin and jest want different Babel majors)
  local stamp=$1/node_modules/.ai-dialer-lock.sha want
  want=$(sha256sum "$1/package-lock.json" | cut -d' ' -f1)
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    # npm ci rejects this lock: the registry here lacks @swc/core's other-platform optional packages.
    (cd "$1" && npm install --no-audit --no-fund --prefer-offline)
    echo "$want" >"$stamp"
  fi
}
npm_install .
npm_install apps/web
