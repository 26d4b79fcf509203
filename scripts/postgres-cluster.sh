#!/usr/bin/env bash
# A throwaway PostgreSQL cluster from Debian's postgresql package (initdb/pg_ctl), for the store tests, CI
# and the Temporal cluster script. Runs as a non-root user (postgres when started by root), listens on
# 127.0.0.1 only, trusts local connections.
#   scripts/postgres-cluster.sh start DIR PORT   initdb DIR if new, start it; prints the admin URL
#   scripts/postgres-cluster.sh stop DIR         fast shutdown
set -euo pipefail

cmd=${1:?usage: postgres-cluster.sh start DIR PORT | stop DIR}
dir=${2:?the cluster folder}
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [ -z "$bindir" ]; then
  echo "postgres-cluster: no PostgreSQL in /usr/lib/postgresql (apt-get install postgresql)" >&2
  exit 1
fi

as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$cmd" in
  start)
    port=${3:?the port}
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    if [ "$(id -u)" = 0 ]; then
      chown postgres "$dir"
      if ! runuser -u postgres -- test -w "$dir"; then
        echo "postgres-cluster: user postgres cannot reach $dir (a parent folder is not searchable: chmod o+x it)" >&2
        exit 1
      fi
    fi
    if [ ! -f "$dir/data/PG_VERSION" ]; then
      as_owner "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; exit 1; }
    fi
    # Small and fast: a test cluster, nothing to keep if the machine crashes.
    as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t 60 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
      start >/dev/null || { tail -20 "$dir/postgres.log" >&2; exit 1; }
    echo "postgresql://postgres@127.0.0.1:$port/postgres"
    ;;
  stop)
    [ -f "$dir/data/postmaster.pid" ] || exit 0
    as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
    ;;
  *)
    echo "usage: postgres-cluster.sh start DIR PORT | stop DIR" >&2
    exit 2
    ;;
esac
