#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL cluster, then always stop and remove it.
#   scripts/with-postgres.sh .venv/bin/python -m pytest
# PostgreSQL refuses to run as root, so the cluster runs as the 'postgres' user when we are root.
set -euo pipefail

PG_BIN=""
for dir in /usr/lib/postgresql/*/bin; do
  [ -x "$dir/initdb" ] && PG_BIN="$dir"
done
if [ -z "$PG_BIN" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "PostgreSQL binaries missing: installing with apt-get..."
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    for dir in /usr/lib/postgresql/*/bin; do [ -x "$dir/initdb" ] && PG_BIN="$dir"; done
  fi
fi
[ -n "$PG_BIN" ] || { echo "No PostgreSQL found; install the 'postgresql' package." >&2; exit 1; }

PG_DIR=$(mktemp -d /tmp/ouderportaal-pg.XXXXXX)
PG_DIR=$(cd "$PG_DIR" && pwd -P)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')

as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

cleanup() {
  as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
}
trap cleanup EXIT INT TERM

[ "$(id -u)" = 0 ] && chown postgres: "$PG_DIR"
as_pg "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -w -l "$PG_DIR/server.log" \
  -o "-p $PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
  start >/dev/null
echo "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PORT (throwaway)"

export DATABASE_URL="postgres://postgres@127.0.0.1:$PORT/postgres"
export PG_TEST_DATA_DIR="$PG_DIR/data"
set +e
"$@"
status=$?
set -e
exit $status
