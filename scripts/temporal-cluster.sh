# The real Temporal server (not the CLI's dev server) on the project's PostgreSQL, with its own Web UI:
# what production runs, here to prove the dialer on it. Sourced by scripts/infra.sh when
# AI_DIALER_TEMPORAL=cluster; uses its log, die, port_open, wait_port, CACHE, LOGS, PG_PORT and ROOT_DIR.
# Built once with go install into the cache; its data lives in the databases temporal and temporal_visibility.

TEMPORAL_SERVER_VERSION=v1.29.1
# Newer Web UI tags need a newer Go than these machines have.
TEMPORAL_UI_SERVER_VERSION=v2.42.1
CLUSTER_DIR=$CACHE/temporal-cluster

cluster_build() { # binary name, go package@version
  [ -x "$CLUSTER_DIR/bin/$1" ] && return
  command -v go >/dev/null || die "building the Temporal server needs a Go toolchain (https://go.dev/doc/install)"
  log "Temporal cluster: building $1 ($2) with go install (a few minutes, once)"
  # Each package's binary is called server or sql: build into a directory of its own, then name it.
  local gobin=$CLUSTER_DIR/build-$1
  GOBIN=$gobin go install "$2" >"$LOGS/go-install-$1.log" 2>&1 || die "go install $2 failed; see $LOGS/go-install-$1.log"
  mkdir -p "$CLUSTER_DIR/bin"
  mv "$gobin"/* "$CLUSTER_DIR/bin/$1"
  rm -rf "$gobin"
}

cluster_provision() {
  cluster_build temporal-server "go.temporal.io/server/cmd/server@$TEMPORAL_SERVER_VERSION"
  cluster_build temporal-sql-tool "go.temporal.io/server/cmd/tools/sql@$TEMPORAL_SERVER_VERSION"
  cluster_build temporal-ui-server "github.com/temporalio/ui-server/v2/cmd/server@$TEMPORAL_UI_SERVER_VERSION"
  if [ ! -d "$CLUSTER_DIR/schema/postgresql" ]; then
    # The schema files ship in the server's Go module, which the build above downloaded.
    local module
    module=$(go env GOMODCACHE)/go.temporal.io/server@$TEMPORAL_SERVER_VERSION
    [ -d "$module/schema/postgresql" ] || GOFLAGS=-mod=mod go mod download "go.temporal.io/server@$TEMPORAL_SERVER_VERSION" >>"$LOGS/go-install-temporal-server.log" 2>&1
    mkdir -p "$CLUSTER_DIR/schema"
    cp -r "$module/schema/postgresql" "$CLUSTER_DIR/schema/"
    chmod -R u+w "$CLUSTER_DIR/schema"
  fi
}

# Ports follow the frontend's, as the server's own sample config lays them out around 7233.
cluster_config() {
  local frontend=$TEMPORAL_PORT
  mkdir -p "$CLUSTER_DIR/config/dynamicconfig"
  cp "$ROOT_DIR/deploy/temporal/dynamicconfig.yaml" "$CLUSTER_DIR/config/dynamicconfig/dynamicconfig.yaml"
  local store
  cat >"$CLUSTER_DIR/config/local.yaml" <<EOF
log:
  stdout: true
  level: warn
persistence:
  defaultStore: default
  visibilityStore: visibility
  # Fixed when the databases are created: changing it later needs new databases.
  numHistoryShards: 4
  datastores:
$(for store in default visibility; do
  cat <<STORE
    $store:
      sql:
        pluginName: postgres12
        databaseName: $([ $store = default ] && echo temporal || echo temporal_visibility)
        connectAddr: 127.0.0.1:$PG_PORT
        connectProtocol: tcp
        user: postgres
        password: ""
        maxConns: 20
        maxIdleConns: 20
        maxConnLifetime: 1h
STORE
done)
global:
  membership:
    maxJoinDuration: 30s
    broadcastAddress: 127.0.0.1
services:
  frontend:
    rpc: { grpcPort: $frontend, membershipPort: $((frontend - 300)), bindOnLocalHost: true, httpPort: $((frontend + 10)) }
  history:
    rpc: { grpcPort: $((frontend + 1)), membershipPort: $((frontend - 299)), bindOnLocalHost: true }
  matching:
    rpc: { grpcPort: $((frontend + 2)), membershipPort: $((frontend - 298)), bindOnLocalHost: true }
  worker:
    rpc: { grpcPort: $((frontend + 6)), membershipPort: $((frontend - 294)), bindOnLocalHost: true }
clusterMetadata:
  enableGlobalNamespace: false
  failoverVersionIncrement: 10
  masterClusterName: active
  currentClusterName: active
  clusterInformation:
    active:
      enabled: true
      initialFailoverVersion: 1
      rpcName: frontend
      rpcAddress: 127.0.0.1:$frontend
dcRedirectionPolicy:
  policy: noop
dynamicConfigClient:
  filepath: $CLUSTER_DIR/config/dynamicconfig/dynamicconfig.yaml
  pollInterval: 10s
EOF
  cat >"$CLUSTER_DIR/config/ui.yaml" <<EOF
temporalGrpcAddress: 127.0.0.1:$frontend
host: 127.0.0.1
port: $TEMPORAL_UI_PORT
enableUi: true
defaultNamespace: default
EOF
}

cluster_up() {
  cluster_provision
  cluster_config
  # The same step as the production deployment's temporal-schema service: creates or upgrades both databases.
  PATH=$CLUSTER_DIR/bin:$PATH SQL_PLUGIN=postgres12 SQL_HOST=127.0.0.1 SQL_PORT=$PG_PORT SQL_USER=postgres SQL_PASSWORD='' \
    TEMPORAL_SCHEMA_DIR=$CLUSTER_DIR/schema sh "$ROOT_DIR/deploy/temporal/schema.sh" >"$LOGS/temporal-schema.log" 2>&1 ||
    die "Temporal cluster: schema setup failed; see $LOGS/temporal-schema.log"
  if ! port_open "$TEMPORAL_PORT"; then
    log "Temporal cluster: starting the server on 127.0.0.1:$TEMPORAL_PORT (PostgreSQL databases temporal, temporal_visibility)"
    nohup "$CLUSTER_DIR/bin/temporal-server" --root "$CLUSTER_DIR" --config config --env local --allow-no-auth start \
      >>"$LOGS/temporal-cluster.log" 2>&1 &
    echo $! >"$CACHE/temporal-cluster.pid"
    wait_port "$TEMPORAL_PORT" "Temporal server" 60
  fi
  if ! port_open "$TEMPORAL_UI_PORT"; then
    nohup "$CLUSTER_DIR/bin/temporal-ui-server" --root "$CLUSTER_DIR" --config config --env ui start \
      >"$LOGS/temporal-ui.log" 2>&1 &
    echo $! >"$CACHE/temporal-cluster-ui.pid"
    wait_port "$TEMPORAL_UI_PORT" "Temporal Web UI" 30
  fi
  temporal_setup
}
