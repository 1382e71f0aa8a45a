#!/usr/bin/env bash
# npm dependencies, installed from the lock file only when it changed since the last install.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
stamp=node_modules/.ai-dialer-lock.sha
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  # npm ci rejects this lock: the registry here lacks @swc/core's other-platform optional packages.
  npm install --no-audit --no-fund --prefer-offline
  echo "$want" >"$stamp"
fi
