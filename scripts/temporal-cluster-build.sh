#!/usr/bin/env bash
# Builds the real Temporal server and its SQL schema tool from the Go module (no Docker), into
# .tools/temporal-cluster/bin. Idempotent: a stamp names the version built. Needs go (apt `golang` when
# none is on PATH) and the Go module proxy; the module wants go >= 1.26.10, hence GOTOOLCHAIN.
set -euo pipefail
cd "$(dirname "$0")/.."

TEMPORAL_SERVER_VERSION=${TEMPORAL_SERVER_VERSION:-v1.32.2}
export GOTOOLCHAIN=${GOTOOLCHAIN:-go1.27.3}
bin="$PWD/.tools/temporal-cluster/bin"
stamp="$bin/.built-$TEMPORAL_SERVER_VERSION"
if [ -f "$stamp" ] && [ -x "$bin/temporal-server" ] && [ -x "$bin/temporal-sql-tool" ]; then exit 0; fi

if ! command -v go >/dev/null 2>&1; then
  for g in /usr/local/go/bin/go /usr/lib/go/bin/go; do [ -x "$g" ] && PATH="$(dirname "$g"):$PATH" && break; done
fi
if ! command -v go >/dev/null 2>&1; then
  echo "temporal-cluster-build: no go; installing Debian's golang" >&2
  apt-get install -y -q golang >/dev/null
fi

mkdir -p "$bin"
start=$(date +%s)
echo "temporal-cluster-build: go install go.temporal.io/server@$TEMPORAL_SERVER_VERSION (GOTOOLCHAIN=$GOTOOLCHAIN)"
GOBIN="$bin" GOFLAGS=-mod=mod go install "go.temporal.io/server/cmd/server@$TEMPORAL_SERVER_VERSION"
GOBIN="$bin" GOFLAGS=-mod=mod go install "go.temporal.io/server/cmd/tools/sql@$TEMPORAL_SERVER_VERSION"
mv "$bin/server" "$bin/temporal-server"
mv "$bin/sql" "$bin/temporal-sql-tool"
touch "$stamp"
echo "temporal-cluster-build: built in $(( $(date +%s) - start )) s"
