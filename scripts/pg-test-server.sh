#!/usr/bin/env bash
# A throw-away PostgreSQL for the shared-store tests, on 127.0.0.1 and a free port, in DIR.
#   scripts/pg-test-server.sh start DIR     → initdb + start; prints the URL on stdout
#   scripts/pg-test-server.sh stop|restart|pause|resume DIR
# restart is `pg_ctl restart -m immediate` (a crash: unlogged tables come back empty);
# pause/resume send SIGSTOP/SIGCONT to the postmaster and its children.
# Runs the server as the `postgres` user when started as root (PostgreSQL refuses root).
set -euo pipefail
cmd=${1:?usage: pg-test-server.sh start|stop|restart|pause|resume DIR}
dir=${2:?usage: pg-test-server.sh start|stop|restart|pause|resume DIR}

bindir=$(pg_config --bindir 2>/dev/null || true)
[ -x "$bindir/initdb" ] || bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$bindir/initdb" ] || { echo "pg-test-server: no PostgreSQL server binaries (apt-get install postgresql)" >&2; exit 3; }

as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
ctl() { as_pg "$bindir/pg_ctl" -D "$dir/data" "$@"; }

case $cmd in
start)
  mkdir -p "$dir/sock"
  [ "$(id -u)" = 0 ] && chown -R postgres "$dir"
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  as_pg "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust --no-sync >"$dir/initdb.log" 2>&1
  ctl -w -t 30 -l "$dir/server.log" \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir/sock -c fsync=off -c max_connections=100" start >/dev/null
  as_pg "$bindir/createdb" -h 127.0.0.1 -p "$port" -U postgres upbit
  echo "$port" >"$dir/port"
  echo "postgres://postgres@127.0.0.1:$port/upbit?sslmode=disable"
  ;;
stop) ctl -m immediate stop >/dev/null 2>&1 || true ;;
restart) ctl -w -t 30 -m immediate restart >/dev/null ;;
pause | resume)
  pid=$(head -1 "$dir/data/postmaster.pid")
  sig=$([ "$cmd" = pause ] && echo STOP || echo CONT)
  for child in $(pgrep -P "$pid"); do kill -"$sig" "$child"; done
  kill -"$sig" "$pid"
  ;;
*) echo "pg-test-server: unknown command $cmd" >&2; exit 2 ;;
esac
