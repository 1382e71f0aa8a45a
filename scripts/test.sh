#!/usr/bin/env bash
# The test command: installs dependencies, starts the local infrastructure, runs every test.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/deps.sh
bash scripts/infra.sh up
npx tsc -p tsconfig.json --noEmit
npx eslint .
# Integration tests share one Asterisk and two cores: run the files one after another.
npx jest --runInBand "$@"
