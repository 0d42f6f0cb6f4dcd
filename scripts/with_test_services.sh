#!/usr/bin/env bash
# Start a throwaway PostgreSQL cluster and Redis server on free ports, run the given
# command with DATABASE_URL and REDIS_URL pointing at them, and stop both afterwards,
# whether the command passed or failed. Exits with the command's status.
set -euo pipefail

pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
[ -n "$pg_bin" ] || pg_bin=$(dirname "$(command -v initdb)")

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

work=$(mktemp -d "${TMPDIR:-/tmp}/cocommission-test.XXXXXX")
pg_port=$(free_port)
redis_port=$(free_port)

# PostgreSQL refuses to run as root: use the postgres system account when we are root.
as_db_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
if [ "$(id -u)" = 0 ]; then chown postgres "$work"; fi

cleanup() {
  status=$?
  as_db_owner "$pg_bin/pg_ctl" -D "$work/pg" -m immediate stop >/dev/null 2>&1 || true
  if [ -f "$work/redis.pid" ]; then kill "$(cat "$work/redis.pid")" 2>/dev/null || true; fi
  if [ "$status" -ne 0 ] && [ -f "$work/pg.log" ]; then
    echo "--- last lines of the PostgreSQL log ---"; tail -n 20 "$work/pg.log" || true
  fi
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT INT TERM

as_db_owner "$pg_bin/initdb" -D "$work/pg" -U postgres --auth=trust -E UTF8 --no-sync >/dev/null
as_db_owner "$pg_bin/pg_ctl" -D "$work/pg" -l "$work/pg.log" -w -o \
  "-p $pg_port -k $work -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
  start >/dev/null
redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no \
  --daemonize yes --pidfile "$work/redis.pid" --logfile "$work/redis.log" --dir "$work"
for _ in $(seq 50); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.1; done

echo "Throwaway PostgreSQL on port $pg_port and Redis on port $redis_port"
export DATABASE_URL="postgres://postgres@127.0.0.1:$pg_port/cocommission"
export REDIS_URL="redis://127.0.0.1:$redis_port/0"
export DJANGO_SETTINGS_MODULE=cocommission.settings.test

"$@"
