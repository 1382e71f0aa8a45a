#!/usr/bin/env bash
# The test command: installs dependencies, starts the local infrastructure, runs every test, then the chaos
# test at a small size (with arguments, only the test files they name).
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
# It restarts PostgreSQL and its Temporal server: after every test file, never beside one.
if [ $# -eq 0 ]; then bash scripts/chaos.sh; fi
