#!/usr/bin/env bash
# Makes sure a PostgreSQL server answers for Rebound.
#
# With DATABASE_URL set, it only checks that the server answers. Without it,
# it uses the local server on 127.0.0.1:5432 when one answers, and otherwise
# starts a private cluster under .local/postgres on port 55432 with the
# machine's PostgreSQL binaries. It prints the DATABASE_URL to use on its
# last line.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PRIVATE_DIR="$REPO_ROOT/.local/postgres"
PRIVATE_PORT="${REBOUND_PRIVATE_PG_PORT:-55432}"

answers() {
  local host=$1 port=$2
  (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null
}

if [[ -n "${DATABASE_URL:-}" ]]; then
  echo "postgres: using DATABASE_URL as configured" >&2
  echo "$DATABASE_URL"
  exit 0
fi

if answers 127.0.0.1 5432; then
  echo "postgres: local server on 127.0.0.1:5432" >&2
  echo "postgres://postgres@127.0.0.1:5432/rebound_dev"
  exit 0
fi

if answers 127.0.0.1 "$PRIVATE_PORT"; then
  echo "postgres: private cluster already running on 127.0.0.1:$PRIVATE_PORT" >&2
  echo "postgres://postgres@127.0.0.1:$PRIVATE_PORT/rebound_dev"
  exit 0
fi

bin_dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [[ -z "$bin_dir" || ! -x "$bin_dir/initdb" ]]; then
  echo "postgres: nothing answers on 127.0.0.1:5432, DATABASE_URL is unset, and no PostgreSQL" >&2
  echo "postgres: binaries were found under /usr/lib/postgresql/*/bin (initdb, pg_ctl)." >&2
  echo "postgres: install them (apt-get install postgresql) or set DATABASE_URL." >&2
  exit 1
fi

run_as=()
if [[ $(id -u) -eq 0 ]]; then
  # initdb refuses to run as root: the private cluster belongs to 'postgres'.
  run_as=(runuser -u postgres --)
fi
mkdir -p "$PRIVATE_DIR"
if [[ ${#run_as[@]} -gt 0 ]]; then chown postgres "$PRIVATE_DIR"; fi
if [[ ! -f "$PRIVATE_DIR/data/PG_VERSION" ]]; then
  "${run_as[@]}" "$bin_dir/initdb" -D "$PRIVATE_DIR/data" -U postgres --auth=trust >/dev/null
fi
"${run_as[@]}" "$bin_dir/pg_ctl" -D "$PRIVATE_DIR/data" -l "$PRIVATE_DIR/server.log" \
  -o "-p $PRIVATE_PORT -k $PRIVATE_DIR -c listen_addresses=127.0.0.1" -w start >/dev/null
echo "postgres: private cluster started on 127.0.0.1:$PRIVATE_PORT (data in .local/postgres)" >&2
echo "postgres://postgres@127.0.0.1:$PRIVATE_PORT/rebound_dev"
