#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests, CI and the benchmark; nothing of the Debian
# package's own cluster or service is used (it may stay stopped).
#
#   tests/support/pg_cluster.sh start DIR   # prints the URL (also written to DIR/url)
#   tests/support/pg_cluster.sh stop DIR    # stops the server and removes DIR
#
# The server runs as an unprivileged user (PostgreSQL refuses root): the caller itself, or,
# when the caller is root (CI), the `postgres` system user the Debian package creates. It
# listens on 127.0.0.1 only, on a free port, and on a Unix socket in DIR; the one role is the
# cluster's superuser `dossiersco` (the tests create a database each), with a random password
# (scram-sha-256): another user of the machine cannot connect.
set -euo pipefail

usage() {
  echo "usage: $0 start|stop DIR" >&2
  exit 2
}
[ $# -eq 2 ] || usage
action=$1
dir=$2

# The newest installed server's binaries (Debian keeps them out of PATH).
pg_bin() {
  if [ -n "${PG_BIN:-}" ]; then
    echo "$PG_BIN"
    return
  fi
  local found
  found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -z "$found" ] && command -v initdb >/dev/null 2>&1; then
    found=$(dirname "$(command -v initdb)")
  fi
  if [ -z "$found" ] || [ ! -x "$found/initdb" ]; then
    echo "PostgreSQL introuvable (initdb) : installer le paquet postgresql ou définir PG_BIN" >&2
    exit 1
  fi
  echo "$found"
}

# Runs a server binary as the cluster's owner.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

start() {
  local bin port password
  bin=$(pg_bin)
  if [ -e "$dir/data" ]; then
    echo "$dir/data existe déjà : arrêter d'abord ce cluster ($0 stop $dir)" >&2
    exit 1
  fi
  mkdir -p "$dir/sock"
  if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || { echo "utilisateur postgres absent (paquet postgresql)" >&2; exit 1; }
    chown -R postgres: "$dir"
    runuser -u postgres -- test -x "$dir" \
      || { echo "$dir : l'utilisateur postgres ne peut pas y entrer (droits d'un dossier parent)" >&2; exit 1; }
  fi
  chmod 700 "$dir"
  password=$(python3 -c 'import secrets; print(secrets.token_hex(16))')
  # The password file is read by initdb then removed.
  (umask 077 && printf '%s\n' "$password" >"$dir/pwfile")
  [ "$(id -u)" -ne 0 ] || chown postgres: "$dir/pwfile"
  as_owner "$bin/initdb" -D "$dir/data" -U dossiersco --pwfile="$dir/pwfile" \
    --auth=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; exit 1; }
  rm -f "$dir/pwfile"
  # A port taken between free_port and the server's bind: try again a few times.
  local attempt
  for attempt in 1 2 3 4 5; do
    port=$(free_port)
    if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $dir/sock -c max_connections=300 -c shared_buffers=64MB" \
      >/dev/null; then
      break
    fi
    if [ "$attempt" -eq 5 ]; then
      tail -n 20 "$dir/server.log" >&2
      exit 1
    fi
  done
  PGPASSWORD=$password "$bin/psql" -X -q -h 127.0.0.1 -p "$port" -U dossiersco -d postgres \
    -c "CREATE DATABASE dossiersco" >/dev/null
  local url="postgres://dossiersco:$password@127.0.0.1:$port/dossiersco"
  (umask 077 && printf '%s\n' "$url" >"$dir/url")
  echo "$url"
}

stop() {
  local bin
  bin=$(pg_bin)
  if [ -f "$dir/data/postmaster.pid" ]; then
    as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w -t 60 stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
}

case "$action" in
  start) start ;;
  stop) stop ;;
  *) usage ;;
esac
