#!/usr/bin/env bash
# The chaos test (bench/chaos.ts): a campaign on the real Temporal server, on PostgreSQL, with two worker
# processes, while workers are killed and the Temporal server and PostgreSQL restart under it. It exits 1
# when a required count does not hold. Arguments: [contacts=40] [inFlight=8] [workerKills=10] [chaosSeconds=60].
# It restarts the local PostgreSQL: run it when nothing else uses it (npm test runs it after the test files).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PORT=${AI_DIALER_CHAOS_TEMPORAL_PORT:-7333}
UI_PORT=${AI_DIALER_CHAOS_TEMPORAL_UI_PORT:-8333}
# The cluster beside the dev server, on the project's PostgreSQL and Asterisk.
env -u TEMPORAL_ADDRESS AI_DIALER_TEMPORAL=cluster AI_DIALER_TEMPORAL_PORT="$PORT" AI_DIALER_TEMPORAL_UI_PORT="$UI_PORT" \
  bash scripts/infra.sh up
[ -f dist/bench/chaos.js ] || npm run --silent build
TEMPORAL_ADDRESS=127.0.0.1:$PORT node dist/bench/chaos.js "${1:-40}" "${2:-8}" "${3:-10}" "${4:-60}"
