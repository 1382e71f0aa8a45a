#!/usr/bin/env bash
# The run command: dependencies, local infrastructure, build, migrations and demo data, then the API and
# the worker in the foreground (Ctrl-C stops both). The demo campaign starts by itself unless DEMO_AUTOSTART=0.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/deps.sh
bash scripts/infra.sh up
npm run --silent build
npm run --silent build:web
node dist/libs/db/src/migrate.js --seed-demo

node dist/apps/worker/src/main.js &
worker=$!
node dist/apps/api/src/main.js &
api=$!
trap 'kill $worker $api 2>/dev/null; wait' INT TERM EXIT

port=${PORT:-3000}
base="http://127.0.0.1:$port/api/v1"
for _ in $(seq 1 100); do curl -fs "$base/health" >/dev/null 2>&1 && break; sleep 0.3; done
cat <<MSG

AI Dialer is running.
  Web console    http://127.0.0.1:$port/
  API            $base   (OpenAPI page: http://127.0.0.1:$port/api/docs)
  Temporal UI    http://127.0.0.1:8233
  Demo login     ${DEMO_EMAIL:-admin@demo.local} / ${DEMO_PASSWORD:-demo-password}
MSG
if [ "${DEMO_AUTOSTART:-1}" = 1 ]; then
  node dist/apps/api/src/demo-start.js "$base" || echo "demo campaign did not start; see the API log above"
fi
wait -n $worker $api
