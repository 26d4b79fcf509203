#!/usr/bin/env bash
# The real Temporal server (v1.32.2, built from its Go module by temporal-cluster-build.sh) on PostgreSQL,
# on this machine without Docker: persistence and SQL visibility in a throwaway PostgreSQL cluster
# (postgres-cluster.sh), several history shards, the namespace and the case search attributes registered.
# The topology docker-compose.yml describes, as processes; README "Deploying at scale".
#   scripts/temporal-cluster.sh start DIR   start (or find running) in DIR; prints TEMPORAL_ADDRESS= and
#                                           DATABASE_URL= (the project's database in the same PostgreSQL)
#   scripts/temporal-cluster.sh stop DIR    stop the server, then PostgreSQL
# Knobs: TEMPORAL_CLUSTER_SHARDS (4; fixed at the first start), TEMPORAL_CLUSTER_PORT (frontend gRPC,
# 57233; history, matching and worker at +1, +2, +6, HTTP at +10), TEMPORAL_CLUSTER_MEMBERSHIP_PORT
# (26933, same offsets; must stay <= 32767: PostgreSQL keeps it as a smallint), TEMPORAL_CLUSTER_PG_PORT
# (55432), TEMPORAL_NAMESPACE (default). Everything listens on 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

cmd=${1:?usage: temporal-cluster.sh start DIR | stop DIR}
dir=${2:?the cluster folder}
shards=${TEMPORAL_CLUSTER_SHARDS:-4}
port=${TEMPORAL_CLUSTER_PORT:-57233}
mport=${TEMPORAL_CLUSTER_MEMBERSHIP_PORT:-26933}
pg_port=${TEMPORAL_CLUSTER_PG_PORT:-55432}
namespace=${TEMPORAL_NAMESPACE:-default}
bin="$root/.tools/temporal-cluster/bin"
cli=${TEMPORAL_CLI_PATH:-$root/.tools/temporal/bin/temporal} # for its health check
address="127.0.0.1:$port"
log() { echo "temporal-cluster: $*" >&2; }

running() { [ -f "$dir/temporal.pid" ] && kill -0 "$(cat "$dir/temporal.pid")" 2>/dev/null; }

stop() {
  if running; then
    pid=$(cat "$dir/temporal.pid")
    kill -TERM "$pid"
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    if kill -0 "$pid" 2>/dev/null; then log "server $pid did not stop in 20 s; SIGKILL"; kill -KILL "$pid"; fi
  fi
  rm -f "$dir/temporal.pid"
  bash scripts/postgres-cluster.sh stop "$dir/postgres"
}

# temporal.yaml: four services in one process, each on its own loopback port; the same file would serve
# one process per service (`start --service history`), which TEMPORAL-CLUSTER-NOTES.md tried.
write_config() {
  local store
  mkdir -p "$dir/config"
  cat >"$dir/config/dynamicconfig.yaml" <<'EOF'
# Server defaults are kept; this file exists so limits can be changed without a restart (polled every 10 s).
frontend.enableUpdateWorkflowExecution:
  - value: true
EOF
  {
    echo "log:"
    echo "  stdout: true"
    echo "  level: warn"
    echo "persistence:"
    echo "  defaultStore: pg-default"
    echo "  visibilityStore: pg-visibility"
    echo "  numHistoryShards: $shards"
    echo "  datastores:"
    for store in pg-default:temporal pg-visibility:temporal_visibility; do
      echo "    ${store%%:*}:"
      echo "      sql:"
      echo "        pluginName: postgres12"
      echo "        databaseName: ${store#*:}"
      echo "        connectAddr: 127.0.0.1:$pg_port"
      echo "        connectProtocol: tcp"
      echo "        user: temporal"
      echo "        password: temporal"
      echo "        maxConns: 20"
      echo "        maxIdleConns: 20"
      echo "        maxConnLifetime: 1h"
    done
    echo "global:"
    echo "  membership:"
    echo "    maxJoinDuration: 30s"
    echo "    broadcastAddress: 127.0.0.1"
    echo "services:"
    for svc in frontend:0 history:1 matching:2 worker:6; do
      echo "  ${svc%%:*}:"
      echo "    rpc:"
      echo "      grpcPort: $((port + ${svc#*:}))"
      echo "      membershipPort: $((mport + ${svc#*:}))"
      echo "      bindOnIP: 127.0.0.1"
      [ "${svc%%:*}" = frontend ] && echo "      httpPort: $((port + 10))"
    done
    echo "clusterMetadata:"
    echo "  enableGlobalNamespace: false"
    echo "  failoverVersionIncrement: 10"
    echo "  masterClusterName: active"
    echo "  currentClusterName: active"
    echo "  clusterInformation:"
    echo "    active:"
    echo "      enabled: true"
    echo "      initialFailoverVersion: 1"
    echo "      rpcName: frontend"
    echo "      rpcAddress: $address"
    echo "      httpAddress: 127.0.0.1:$((port + 10))"
    echo "dcRedirectionPolicy:"
    echo "  policy: noop"
    echo "dynamicConfigClient:"
    echo "  filepath: $dir/config/dynamicconfig.yaml"
    echo "  pollInterval: 10s"
  } >"$dir/config/temporal.yaml"
}

# Each database once: created and given its base schema when new, brought to the module's version always.
schema() {
  local db=$1 name=$2
  local sql=("$bin/temporal-sql-tool" --plugin postgres12 --ep 127.0.0.1 -p "$pg_port" -u temporal --pw temporal --db "$db")
  if [ -z "$(psql_admin -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'")" ]; then
    "${sql[@]}" create-database >>"$dir/schema.log" 2>&1
    "${sql[@]}" setup-schema -v 0.0 >>"$dir/schema.log" 2>&1
  fi
  "${sql[@]}" update-schema --schema-name "postgresql/v12/$name" >>"$dir/schema.log" 2>&1 \
    || { tail -20 "$dir/schema.log" >&2; exit 1; }
}

psql_admin() { psql "postgresql://postgres@127.0.0.1:$pg_port/postgres" -v ON_ERROR_STOP=1 -q "$@"; }

wait_serving() {
  local deadline=$(($(date +%s) + 90))
  until "$cli" operator cluster health --address "$address" >/dev/null 2>&1; do
    if ! running; then log "the server exited during start-up:"; tail -30 "$dir/temporal.log" >&2; exit 1; fi
    if [ "$(date +%s)" -gt "$deadline" ]; then log "not SERVING after 90 s"; tail -30 "$dir/temporal.log" >&2; exit 1; fi
    sleep 0.5
  done
}

start() {
  bash scripts/temporal-cluster-build.sh >&2
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  # PostgreSQL runs as user postgres (when we are root), which must reach its folder inside this one.
  chmod 711 "$dir"
  if running; then
    log "already running (pid $(cat "$dir/temporal.pid"))"
  else
    bash scripts/postgres-cluster.sh start "$dir/postgres" "$pg_port" >/dev/null
    if [ -z "$(psql_admin -tAc "SELECT 1 FROM pg_roles WHERE rolname = 'temporal'")" ]; then
      psql_admin -c "CREATE ROLE temporal LOGIN PASSWORD 'temporal' CREATEDB"
    fi
    schema temporal temporal
    schema temporal_visibility visibility
    if [ -z "$(psql_admin -tAc "SELECT 1 FROM pg_database WHERE datname = 'mobility'")" ]; then
      psql_admin -c "CREATE DATABASE mobility OWNER temporal"
    fi
    write_config
    local started
    started=$(date +%s%3N)
    nohup "$bin/temporal-server" --config-file "$dir/config/temporal.yaml" --allow-no-auth start \
      >>"$dir/temporal.log" 2>&1 &
    echo $! >"$dir/temporal.pid"
    wait_serving
    log "server $(cat "$dir/temporal.pid") SERVING at $address after $(( $(date +%s%3N) - started )) ms ($shards history shards)"
  fi
  # The namespace and the case search attributes, from the code's own list (workflows/search-attributes.ts).
  TEMPORAL_ADDRESS=$address TEMPORAL_NAMESPACE=$namespace npx tsx scripts/temporal-search-attributes.ts >&2
  echo "TEMPORAL_ADDRESS=$address"
  echo "TEMPORAL_NAMESPACE=$namespace"
  echo "DATABASE_URL=postgresql://temporal:temporal@127.0.0.1:$pg_port/mobility"
}

case "$cmd" in
  start) start ;;
  stop)
    [ -d "$dir" ] || exit 0
    dir=$(cd "$dir" && pwd)
    stop
    ;;
  *)
    echo "usage: temporal-cluster.sh start DIR | stop DIR" >&2
    exit 2
    ;;
esac
