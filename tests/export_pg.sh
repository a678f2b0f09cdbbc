# A private PostgreSQL for the export tests and benchmark (sourced; RECIPES.md): a
# cluster in a folder of the test's, listening on 127.0.0.1 only, no system service.
# Needs $work; sets pg_dir, pg_port. As root the server runs as the postgres user.
pg_bin=/usr/lib/postgresql/15/bin

# as_pg CMD...: a command as the cluster's owner
as_pg() {
  if [ "$(id -u)" = 0 ]; then
    su postgres -s /bin/bash -c "$(printf '%q ' "$@")"
  else
    "$@"
  fi
}

# pg_init: initdb with trust on the socket and scram passwords over TCP, so the
# office's password_file is what lets it in.
pg_init() {
  [ -x "$pg_bin/initdb" ] || { echo "FAIL: $pg_bin/initdb is missing (apt-get install postgresql)" >&2; exit 1; }
  pg_dir=$work/pg
  mkdir -p "$pg_dir/data" "$pg_dir/sock"
  chmod 755 "$work"
  [ "$(id -u)" = 0 ] && chown -R postgres "$pg_dir"
  as_pg "$pg_bin/initdb" -D "$pg_dir/data" -U postgres --auth-local=trust \
    --auth-host=scram-sha-256 >"$work/initdb.log" 2>&1 ||
    { cat "$work/initdb.log" >&2; echo "FAIL: initdb" >&2; exit 1; }
}

# pg_start [PORT]: start (again) on PORT, or on a free one picked the first time
pg_start() {
  local tries=1 p
  [ -n "${1:-}" ] && pg_port=$1
  [ -z "${pg_port:-}" ] && tries=5
  for _ in $(seq $tries); do
    p=${pg_port:-$(( 20000 + RANDOM % 10000 ))}
    if as_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/sock/pg.log" -w -t 60 \
         -o "-p $p -k $pg_dir/sock -c listen_addresses=127.0.0.1 -c fsync=on" start \
         >"$work/pg_ctl.log" 2>&1; then
      pg_port=$p
      return 0
    fi
  done
  cat "$work/pg_ctl.log" "$pg_dir/sock/pg.log" >&2
  echo "FAIL: PostgreSQL did not start" >&2
  exit 1
}

# pg_stop [fast|immediate]
pg_stop() { as_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -m "${1:-fast}" -w stop >/dev/null 2>&1 || true; }

# psql_c DB SQL: one query as the superuser over the socket, unaligned, no header
psql_c() { psql -X -q -h "$pg_dir/sock" -p "$pg_port" -U postgres -d "$1" -At -v ON_ERROR_STOP=1 -c "$2"; }

# pg_centre: the centre's database and the role offices log in as (password in $work/pw)
pg_centre() {
  echo "centre-password-$RANDOM$RANDOM" >"$work/pw"
  chmod 600 "$work/pw"
  psql_c postgres "CREATE ROLE office LOGIN PASSWORD '$(cat "$work/pw")'" >/dev/null
  psql_c postgres "CREATE DATABASE central OWNER office" >/dev/null
}

# office_config NAME OFFICE_ID: the test office with an [export] section, as $work/NAME.ini
office_config() {
  { cat "$src/tests/fixtures/office.ini"
    printf '\n[export]\npostgres = host=127.0.0.1 port=%s dbname=central user=office\n' "$pg_port"
    printf 'password_file = %s/pw\noffice_id = %s\n' "$work" "$2"
  } >"$work/$1.ini"
}
