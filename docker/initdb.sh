#!/usr/bin/env bash
# First start of Dockerfile.postgres: install dbagent into the database the image just made.
#
# The official postgres image runs the files of /docker-entrypoint-initdb.d/ once, when the
# data directory is empty: as the postgres OS user, after creating POSTGRES_DB (default:
# POSTGRES_USER, itself default postgres), while a temporary server listens on its Unix
# socket only (directory /var/run/postgresql, port PGPORT or 5432). An executable *.sh file
# is run, any other is sourced; this one works either way (its body runs in a subshell).
#
# On a host, the same script installs into any server reachable the same way: set PGHOST to
# the socket directory (or a host name) and PGPORT, POSTGRES_USER to a superuser and
# POSTGRES_DB to the database (docker/ci-check.sh does this). PGPASSWORD, if the server asks
# for one, is read by libpq as usual.
#
# Optional environment:
#   DBAGENT_SERVER_PYTHON_PATH  where docker/build.sh put pglast and duckdb
#                               [/usr/local/lib/dbagent/python]
#   DBAGENT_STORAGE_DIR         dbagent's storage directory [PGDATA/dbagent_storage]
#   DBAGENT_IMPORT_DIR          a server directory agents may import CSV files from [none]
#   DBAGENT_BIN                 the dbagent client [dbagent on PATH]

_dbagent_initdb() (
    set -Eeuo pipefail
    local user db host port client pypath dsn
    user="${POSTGRES_USER:-postgres}"
    db="${POSTGRES_DB:-$user}"
    host="${PGHOST:-/var/run/postgresql}"
    port="${PGPORT:-5432}"
    client="${DBAGENT_BIN:-dbagent}"
    pypath="${DBAGENT_SERVER_PYTHON_PATH:-/usr/local/lib/dbagent/python}"

    # A libpq keyword/value string: each value quoted, \ and ' escaped.
    quote() { local v="${1//\\/\\\\}"; printf "'%s'" "${v//\'/\\\'}"; }
    dsn="host=$(quote "$host") port=$(quote "$port") user=$(quote "$user") dbname=$(quote "$db")"
    dsn+=" application_name='dbagent-initdb'"

    local args=(--dsn "$dsn" install --server-python-path "$pypath")
    if [ -n "${DBAGENT_STORAGE_DIR:-}" ]; then args+=(--storage-dir "$DBAGENT_STORAGE_DIR"); fi
    if [ -n "${DBAGENT_IMPORT_DIR:-}" ]; then args+=(--import-dir "$DBAGENT_IMPORT_DIR"); fi

    if ! command -v "$client" >/dev/null; then
        echo "dbagent initdb: the dbagent client ($client) is not installed (docker/build.sh installs it)" >&2
        exit 1
    fi
    echo "dbagent initdb: installing dbagent into database \"$db\" as \"$user\" (socket $host, port $port)" >&2
    if ! "$client" "${args[@]}"; then
        echo "dbagent initdb: dbagent install failed (see above); the database has no dbagent" >&2
        exit 1
    fi
    # Agent logins reach only dbagent's database: elsewhere the session wall does not run (an agent
    # could leave large objects and default privileges there; in template1 every new database would
    # copy them). The lines go first in pg_hba.conf, so they win over the image's own.
    local others=() d
    for d in postgres template1; do [ "$d" = "$db" ] || others+=("$d"); done
    if [ -n "${PGDATA:-}" ] && [ -w "$PGDATA/pg_hba.conf" ] && [ "${#others[@]}" -gt 0 ] \
            && ! grep -q '+dbagent_agent' "$PGDATA/pg_hba.conf"; then
        local list hba
        list="$(IFS=,; echo "${others[*]}")"
        hba="$(mktemp "$PGDATA/pg_hba.conf.XXXXXX")"
        {
            echo "# dbagent: agent logins connect to database \"$db\" only (docker/initdb.sh)"
            echo "local   $list   +dbagent_agent   reject"
            echo "host    $list   +dbagent_agent   all   reject"
            cat "$PGDATA/pg_hba.conf"
        } > "$hba"
        chmod 0600 "$hba"
        mv "$hba" "$PGDATA/pg_hba.conf"
        echo "dbagent initdb: pg_hba.conf keeps agent logins out of $list" >&2
    fi
    echo "dbagent initdb: done. As $user: select agent.version(); select agent.admin_create_base('acme');" >&2
)

_dbagent_initdb
