#!/usr/bin/env bash
# The test command: installs dependencies, starts the local infrastructure, runs every test.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/deps.sh
bash scripts/infra.sh up
TEMPORAL_BIN=$(bash scripts/infra.sh temporal-bin)
export TEMPORAL_BIN
npx tsc -p tsconfig.json --noEmit
npx eslint .
# The worker-kill test runs the built worker as a separate process; the API serves the built web console.
npm run --silent build
npm run --silent build:web
# Integration tests share one Asterisk and two cores: run the files one after another.
npx jest --runInBand "$@"
