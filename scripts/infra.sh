#!/usr/bin/env bash
# Local infrastructure for AI Dialer: PostgreSQL, Temporal and an Asterisk 22 sandbox.
# Idempotent: provisioned tools live in a cache outside the clone and running services are reused.
#   scripts/infra.sh up      provision what is missing, start what is stopped
#   scripts/infra.sh down    stop the services this script started
#   scripts/infra.sh status  one line per service
#   scripts/infra.sh temporal-bin  the Temporal CLI's path (tests start extra dev servers with it)
# Set DATABASE_URL, TEMPORAL_ADDRESS or ARI_URL to use a server of your own instead of the local one.
# Temporal is the CLI's dev server, or with AI_DIALER_TEMPORAL=cluster the real Temporal server on the same
# PostgreSQL (scripts/temporal-cluster.sh); AI_DIALER_TEMPORAL_PORT and _UI_PORT move it off 7233 and 8233.
set -euo pipefail

ROOT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# PostgreSQL must not run as root and cannot enter root's 0700 home, so root's cache is under /var/cache.
if [ "$(id -u)" = 0 ]; then DEFAULT_CACHE=/var/cache/ai-dialer; else DEFAULT_CACHE=$HOME/.cache/ai-dialer; fi
CACHE=${AI_DIALER_CACHE:-$DEFAULT_CACHE}
LOGS=$CACHE/logs
PG_PORT=${AI_DIALER_PG_PORT:-54329}
PG_DATA=$CACHE/pgdata
TEMPORAL_VERSION=v1.5.1
TEMPORAL_MODE=${AI_DIALER_TEMPORAL:-dev}
TEMPORAL_PORT=${AI_DIALER_TEMPORAL_PORT:-7233}
TEMPORAL_UI_PORT=${AI_DIALER_TEMPORAL_UI_PORT:-8233}
AST_ROOT=$CACHE/asterisk-root
AST_MARKER=$AST_ROOT/.ai-dialer-packages-v1
ARI_PORT=8088

mkdir -p "$CACHE" "$LOGS"

log() { printf '[infra] %s\n' "$*" >&2; }
die() { printf '[infra] ERROR: %s\n' "$*" >&2; exit 1; }
is_root() { [ "$(id -u)" = 0 ]; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_port() { # port, name, seconds
  local i
  for ((i = 0; i < $3 * 10; i++)); do port_open "$1" && return 0; sleep 0.1; done
  die "$2 did not open port $1 within $3 s; see $LOGS"
}

apt_install() { # packages...
  is_root || die "missing Debian packages: $*. Install them (sudo apt-get install $*) or run this as root."
  log "installing Debian packages: $*"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >"$LOGS/apt.log" 2>&1 ||
    { apt-get update -q >>"$LOGS/apt.log" 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >>"$LOGS/apt.log" 2>&1; } ||
    die "apt-get install $* failed; see $LOGS/apt.log"
}

# The worker synthesises speech on the host with eSpeak NG, resamples it with sox and recognises speech
# with PocketSphinx; the sandbox's speaking customers are rendered with Flite; the web console's browser
# tests drive Debian's Chromium (about 350 MB, once).
host_tools() {
  local missing=()
  command -v espeak-ng >/dev/null || missing+=(espeak-ng)
  command -v sox >/dev/null || missing+=(sox)
  command -v flite >/dev/null || missing+=(flite)
  command -v pocketsphinx_continuous >/dev/null || missing+=(pocketsphinx)
  [ -d /usr/share/pocketsphinx/model/en-us ] || missing+=(pocketsphinx-en-us)
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  [ ${#missing[@]} = 0 ] || apt_install "${missing[@]}"
}

pg_bin() {
  local dir
  for dir in /usr/lib/postgresql/*/bin; do [ -x "$dir/initdb" ] && { echo "$dir"; return; }; done
  command -v initdb >/dev/null && { dirname "$(command -v initdb)"; return; }
  return 1
}

# PostgreSQL refuses to run as root, so as root the cluster belongs to the postgres system user.
as_pg() { if is_root; then runuser -u postgres -- "$@"; else "$@"; fi; }

postgres_up() {
  if [ -n "${DATABASE_URL:-}" ]; then log "PostgreSQL: using DATABASE_URL"; return; fi
  local bin
  bin=$(pg_bin) || { apt_install postgresql; bin=$(pg_bin); } || die "PostgreSQL binaries not found"
  if is_root; then id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql postgres; fi
  if [ ! -f "$PG_DATA/PG_VERSION" ]; then
    log "PostgreSQL: creating cluster in $PG_DATA"
    mkdir -p "$PG_DATA"
    is_root && chown postgres: "$PG_DATA"
    as_pg "$bin/initdb" -D "$PG_DATA" -U postgres --auth=trust -E UTF8 >"$LOGS/initdb.log" 2>&1 ||
      die "initdb failed; see $LOGS/initdb.log"
  fi
  if ! port_open "$PG_PORT"; then
    log "PostgreSQL: starting on 127.0.0.1:$PG_PORT"
    is_root && chown postgres: "$LOGS" 2>/dev/null || true
    as_pg "$bin/pg_ctl" -D "$PG_DATA" -w -t 60 -l "$LOGS/postgres.log" \
      -o "-p $PG_PORT -c listen_addresses=127.0.0.1 -k $PG_DATA -c max_connections=200" start >/dev/null ||
      die "PostgreSQL did not start; see $LOGS/postgres.log"
  fi
  local db
  for db in ai_dialer ai_dialer_test; do
    as_pg psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1 ||
      as_pg psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "CREATE DATABASE $db" >/dev/null
  done
}

temporal_bin() {
  if command -v temporal >/dev/null; then command -v temporal; return; fi
  if [ ! -x "$CACHE/bin/temporal" ]; then
    command -v go >/dev/null || die "no 'temporal' binary and no Go toolchain to build it: install Go (https://go.dev/doc/install) or put the Temporal CLI on PATH, or set TEMPORAL_ADDRESS"
    log "Temporal: building the CLI $TEMPORAL_VERSION with go install (a few minutes, once)"
    GOBIN="$CACHE/bin" go install "github.com/temporalio/cli/cmd/temporal@$TEMPORAL_VERSION" >"$LOGS/go-install.log" 2>&1 ||
      die "go install of the Temporal CLI failed; see $LOGS/go-install.log"
  fi
  echo "$CACHE/bin/temporal"
}

# The search attributes the workflows set (libs/contracts/src/search-attributes.ts), so operators can filter
# runs in the Web UI. Registered on every `up`, also on a dev server that an older checkout started.
SEARCH_ATTRIBUTES=(CampaignId=Keyword OrganizationId=Keyword ContactId=Keyword Attempt=Int CallOutcome=Keyword CampaignStatus=Keyword)

# Our namespace and search attributes on the local server: the production deployment's own setup step.
temporal_setup() {
  PATH=$(dirname "$(temporal_bin)"):$PATH TEMPORAL_ADDRESS=127.0.0.1:$TEMPORAL_PORT TEMPORAL_NAMESPACE=default \
    SEARCH_ATTRIBUTES="${SEARCH_ATTRIBUTES[*]}" sh "$ROOT_DIR/deploy/temporal/setup.sh" >>"$LOGS/temporal-setup.log" 2>&1 ||
    die "Temporal: namespace or search attributes could not be set up; see $LOGS/temporal-setup.log"
}

# The local server only: SQLite in WAL mode without a sync per commit (a crash of this machine may lose the
# last commits; the dev server is not production), and activities handed to the worker in the reply to the
# workflow task that schedules them. Together about three times the dial rate (bench/README.md).
DEV_SERVER_TUNING=(--sqlite-pragma journal_mode=wal --sqlite-pragma synchronous=normal
  --dynamic-config-value system.enableActivityEagerExecution=true)
# Go's collector took a third of the dev server's CPU at full dial rate; collecting at 4x the live heap
# instead of 2x costs a few hundred MB and gives the dial rate about a sixth more (bench/README.md).
DEV_SERVER_GOGC=400

temporal_up() {
  if [ -n "${TEMPORAL_ADDRESS:-}" ]; then log "Temporal: using TEMPORAL_ADDRESS"; return; fi
  if [ "$TEMPORAL_MODE" = cluster ]; then cluster_up; return; fi
  if port_open "$TEMPORAL_PORT"; then temporal_setup; return; fi
  local bin
  bin=$(temporal_bin)
  log "Temporal: starting the dev server on 127.0.0.1:$TEMPORAL_PORT (Web UI http://127.0.0.1:$TEMPORAL_UI_PORT)"
  local flags=() attribute
  for attribute in "${SEARCH_ATTRIBUTES[@]}"; do flags+=(--search-attribute "$attribute"); done
  GOGC=$DEV_SERVER_GOGC nohup "$bin" server start-dev --ip 127.0.0.1 --port "$TEMPORAL_PORT" --ui-port "$TEMPORAL_UI_PORT" \
    --db-filename "$CACHE/temporal.db" --log-level warn "${flags[@]}" "${DEV_SERVER_TUNING[@]}" \
    >"$LOGS/temporal.log" 2>&1 &
  echo $! >"$CACHE/temporal.pid"
  wait_port "$TEMPORAL_PORT" "Temporal" 60
  local i
  for ((i = 0; i < 100; i++)); do
    "$bin" operator cluster health --address "127.0.0.1:$TEMPORAL_PORT" >/dev/null 2>&1 && { temporal_setup; return; }
    sleep 0.2
  done
  die "Temporal did not become healthy; see $LOGS/temporal.log"
}

asterisk_provision() {
  [ -f "$AST_MARKER" ] && return
  is_root || die "building the Asterisk sandbox needs root (debootstrap and chroot); run as root once, or set ARI_URL to an Asterisk 22 with the configs in asterisk/"
  command -v debootstrap >/dev/null || apt_install debootstrap
  if [ ! -x "$AST_ROOT/bin/bash" ]; then
    log "Asterisk: debootstrap of Debian unstable into $AST_ROOT (about a minute, once)"
    rm -rf "$AST_ROOT"
    debootstrap --variant=minbase sid "$AST_ROOT" >"$LOGS/debootstrap.log" 2>&1 ||
      die "debootstrap failed (no network to the Debian archive?); see $LOGS/debootstrap.log"
  fi
  mount_proc
  log "Asterisk: installing asterisk, sounds, espeak-ng and sox inside the sandbox"
  # The archive's Release file can be past its Valid-Until date; the packages are still signed.
  chroot "$AST_ROOT" env DEBIAN_FRONTEND=noninteractive bash -c \
    'apt-get -o Acquire::Check-Valid-Until=false update -q && apt-get install -y -q --no-install-recommends asterisk asterisk-core-sounds-en espeak-ng sox' \
    >"$LOGS/asterisk-apt.log" 2>&1 || die "installing Asterisk in the sandbox failed; see $LOGS/asterisk-apt.log"
  touch "$AST_MARKER"
}

mount_proc() { mountpoint -q "$AST_ROOT/proc" || mount -t proc proc "$AST_ROOT/proc"; }

ast() { chroot "$AST_ROOT" /usr/sbin/asterisk "$@"; }

asterisk_up() {
  if [ -n "${ARI_URL:-}" ]; then log "Asterisk: using ARI_URL"; return; fi
  asterisk_provision
  mount_proc
  mkdir -p "$AST_ROOT/var/spool/asterisk/recording"
  bash "$ROOT_DIR/asterisk/sim-speech/make-sounds.sh" "$AST_ROOT/usr/share/asterisk/sounds/sim" ||
    die "rendering the simulated customers' phrases failed"
  bash "$ROOT_DIR/asterisk/sim-speech/make-sounds.sh" "$AST_ROOT/usr/share/asterisk/sounds/dialer" "$ROOT_DIR/asterisk/dialer-prompts/prompts.tsv" ||
    die "rendering the dialplan's own prompts failed"
  local changed=0 f
  for f in "$ROOT_DIR"/asterisk/*.conf; do
    cmp -s "$f" "$AST_ROOT/etc/asterisk/$(basename "$f")" || { cp "$f" "$AST_ROOT/etc/asterisk/"; changed=1; }
  done
  if ast -rx 'core show version' >/dev/null 2>&1; then
    [ $changed = 0 ] && return
    log "Asterisk: configuration changed, restarting"
    ast -rx 'core stop now' >/dev/null 2>&1 || true
    local i
    for ((i = 0; i < 100; i++)); do port_open "$ARI_PORT" || break; sleep 0.1; done
  fi
  log "Asterisk: starting the sandbox (ARI on 127.0.0.1:$ARI_PORT)"
  ast -C /etc/asterisk/asterisk.conf >"$LOGS/asterisk-start.log" 2>&1 || die "Asterisk did not start; see $LOGS/asterisk-start.log"
  wait_port "$ARI_PORT" "Asterisk ARI" 60
  local i
  for ((i = 0; i < 100; i++)); do
    ast -rx 'core waitfullybooted' >/dev/null 2>&1 && return
    sleep 0.2
  done
  die "Asterisk did not finish booting; see $AST_ROOT/var/log/asterisk/messages.log"
}

down() {
  local pid
  for pid in temporal temporal-cluster temporal-cluster-ui; do
    if [ -f "$CACHE/$pid.pid" ]; then kill "$(cat "$CACHE/$pid.pid")" 2>/dev/null || true; rm -f "$CACHE/$pid.pid"; fi
  done
  [ -x "$AST_ROOT/usr/sbin/asterisk" ] && { ast -rx 'core stop now' >/dev/null 2>&1 || true; }
  if [ -f "$PG_DATA/postmaster.pid" ]; then as_pg "$(pg_bin)/pg_ctl" -D "$PG_DATA" -m fast stop >/dev/null 2>&1 || true; fi
}

status() {
  local name port
  for name in postgres:$PG_PORT temporal:$TEMPORAL_PORT temporal-ui:$TEMPORAL_UI_PORT asterisk-ari:$ARI_PORT; do
    port=${name#*:}
    if port_open "$port"; then echo "${name%%:*} up (127.0.0.1:$port)"; else echo "${name%%:*} down"; fi
  done
}

# shellcheck source=scripts/temporal-cluster.sh
. "$ROOT_DIR/scripts/temporal-cluster.sh"

case "${1:-up}" in
  up) host_tools; postgres_up; temporal_up; asterisk_up; status ;;
  down) down ;;
  status) status ;;
  temporal-bin) temporal_bin ;;
  *) die "usage: $0 up|down|status|temporal-bin" ;;
esac
