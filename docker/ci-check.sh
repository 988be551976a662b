#!/usr/bin/env bash
# CI's check of Dockerfile.postgres without a Docker engine: the image's steps, run on this
# Debian 12 host as root.
#
#   1. docker/build.sh, exactly as the image's RUN runs it (apt, the client, pglast/duckdb);
#   2. the image's first start, simulated: initdb as the postgres OS user in a temporary
#      directory (POSTGRES_USER/POSTGRES_PASSWORD as the entrypoint passes them), a
#      temporary server on a private Unix socket only, POSTGRES_DB created, then
#      docker/initdb.sh run as the entrypoint runs it (as postgres, with its environment);
#   3. the server restarted as the image runs it (TCP too), and dbagent checked there:
#      agent.version(), a base, SQL through the agent role over TCP, a CSV analysed and
#      imported, `dbagent doctor`;
#   4. the server stopped and the temporary directory removed, pass or fail.
#
# Exits non-zero with a message saying which step failed. Takes well under two minutes once
# build.sh's downloads are cached.
set -Eeuo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PG_MAJOR="${PG_MAJOR:-15}"
pgbin="/usr/lib/postgresql/$PG_MAJOR/bin"
# What the image's Dockerfile sets (ENV) and what the entrypoint exports on first start.
SERVER_PYTHON_PATH=/usr/local/lib/dbagent/python
POSTGRES_USER=dbadmin           # not "postgres": the scripts must honour POSTGRES_USER
POSTGRES_DB=appdb
POSTGRES_PASSWORD="ci-$RANDOM-$RANDOM-$RANDOM"

current="starting"
step() { current="$*"; printf '\n== ci-check: %s\n' "$*" >&2; }
fail() { printf '\nci-check: FAILED during "%s": %s\n' "$current" "$*" >&2; exit 1; }
trap 'fail "command failed (line $LINENO): $BASH_COMMAND"' ERR

[ "$(id -u)" -eq 0 ] || { echo "ci-check: run as root (build.sh installs packages; the server runs as postgres)" >&2; exit 2; }
started=$SECONDS

# ---------------------------------------------------------------------------------------
step "docker/build.sh (the image's build steps) on this host"
DBAGENT_SRC="$repo" DBAGENT_SERVER_PYTHON_PATH="$SERVER_PYTHON_PATH" bash "$repo/docker/build.sh" \
    || fail "docker/build.sh exited $?"
client=/usr/local/bin/dbagent
venv_python=/opt/dbagent/venv/bin/python
[ -x "$client" ] || fail "build.sh did not install $client"
id postgres >/dev/null 2>&1 || fail "there is no postgres OS user (the postgresql packages create it)"
[ -x "$pgbin/initdb" ] || fail "no PostgreSQL $PG_MAJOR binaries in $pgbin"

# ---------------------------------------------------------------------------------------
step "first start, simulated: initdb as postgres in a temporary directory"
tmp="$(mktemp -d /tmp/dbagent-ci-check.XXXXXX)"
data="$tmp/data"
sock="$tmp/run"
initdir="$tmp/docker-entrypoint-initdb.d"
as_pg() { runuser -u postgres -- "$@"; }
cleanup() {
    local rc=$?
    trap - ERR
    if [ -s "$data/postmaster.pid" ]; then
        as_pg "$pgbin/pg_ctl" -D "$data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    if [ "$rc" -ne 0 ] && [ -f "$tmp/server.log" ]; then
        echo "--- the server log (last lines) ---" >&2
        tail -n 30 "$tmp/server.log" >&2 || true
    fi
    rm -rf "$tmp"
    exit "$rc"
}
trap cleanup EXIT
mkdir -p "$sock" "$initdir"
# Like the image's COPY --chmod=0755 docker/initdb.sh /docker-entrypoint-initdb.d/50-dbagent.sh
install -m 0755 "$repo/docker/initdb.sh" "$initdir/50-dbagent.sh"
printf '%s\n' "$POSTGRES_PASSWORD" > "$tmp/pwfile"
chown -R postgres: "$tmp"
chmod 0755 "$tmp"
chmod 0600 "$tmp/pwfile"
port="$("$venv_python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
# The entrypoint: initdb --username="$POSTGRES_USER" --pwfile=<password>. Host logins use
# SCRAM here, as the image's appended pg_hba line does.
as_pg "$pgbin/initdb" -D "$data" --username="$POSTGRES_USER" --pwfile="$tmp/pwfile" \
    --auth-local=trust --auth-host=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >"$tmp/initdb.log" 2>&1 \
    || { cat "$tmp/initdb.log" >&2; fail "initdb failed"; }
rm -f "$tmp/pwfile"

step "first start, simulated: the temporary socket-only server, POSTGRES_DB, docker/initdb.sh"
as_pg "$pgbin/pg_ctl" -D "$data" -l "$tmp/server.log" -w -t 60 \
    -o "-c listen_addresses='' -p $port -c unix_socket_directories='$sock'" start >/dev/null \
    || fail "the temporary server did not start"
as_pg "$pgbin/psql" -X -q -v ON_ERROR_STOP=1 -h "$sock" -p "$port" -U "$POSTGRES_USER" -d postgres \
    -c "create database \"$POSTGRES_DB\"" || fail "could not create POSTGRES_DB"
# The entrypoint's environment: gosu'd to postgres, POSTGRES_* exported, PGPASSWORD set,
# the image's ENV (PATH with the server's bin, PGDATA, DBAGENT_SERVER_PYTHON_PATH). PGHOST
# points at this private socket (the image's socket is the default /var/run/postgresql).
for f in "$initdir"/*; do
    case "$f" in
        *.sh)
            echo "ci-check: running $f" >&2
            runuser -u postgres -- env -i \
                HOME="$(getent passwd postgres | cut -d: -f6)" LANG=C.UTF-8 \
                PATH="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:$pgbin" \
                PGDATA="$data" PG_MAJOR="$PG_MAJOR" \
                POSTGRES_USER="$POSTGRES_USER" POSTGRES_DB="$POSTGRES_DB" \
                POSTGRES_PASSWORD="$POSTGRES_PASSWORD" PGPASSWORD="$POSTGRES_PASSWORD" \
                PGHOST="$sock" PGPORT="$port" DBAGENT_SERVER_PYTHON_PATH="$SERVER_PYTHON_PATH" \
                "$f" || fail "$f exited non-zero"
            ;;
    esac
done
as_pg "$pgbin/pg_ctl" -D "$data" -m fast -w stop >/dev/null || fail "the temporary server did not stop"

# ---------------------------------------------------------------------------------------
step "the server as the image runs it (TCP and socket), and dbagent in it"
as_pg "$pgbin/pg_ctl" -D "$data" -l "$tmp/server.log" -w -t 60 \
    -o "-c listen_addresses='127.0.0.1' -p $port -c unix_socket_directories='$sock'" start >/dev/null \
    || fail "the server did not start again"
admin_dsn="postgresql://$POSTGRES_USER@/$POSTGRES_DB?host=$sock&port=$port"
csv="$tmp/people.csv"
printf 'name,email,joined,score\nAda,ada@example.com,2024-01-02,12.50\nGrace,grace@example.com,2024-02-03,7.25\n' > "$csv"

ADMIN_DSN="$admin_dsn" CSV="$csv" SERVER_PYTHON_PATH="$SERVER_PYTHON_PATH" "$venv_python" - <<'PY' \
    || fail "dbagent does not work in the simulated image (see above)"
import os
import sys
from pathlib import Path

import psycopg

from dbagent import __version__
from dbagent.csv_commands import upload
from dbagent.db import agent_dsn
from dbagent.install import MIGRATIONS_DIR, code_version


def check(ok, what, got=None):
    if not ok:
        print(f"ci-check: FAILED: {what}" + ("" if got is None else f": got {got!r}"), file=sys.stderr)
        sys.exit(1)
    print(f"ci-check: ok: {what}", file=sys.stderr)


admin_dsn = os.environ["ADMIN_DSN"]
with psycopg.connect(admin_dsn, autocommit=True) as admin:
    v = admin.execute("select agent.version()").fetchone()[0]
    want = sorted(p.name[: -len(".sql")] for p in MIGRATIONS_DIR.glob("*.sql") if not p.name.endswith(".rollback.sql"))
    check(v["version"] == __version__, f"agent.version() reports {__version__}", v)
    check(v["code_version"] == code_version(), "the server runs this checkout's code", v["code_version"])
    check(v["migrations"] == want, f"all {len(want)} migrations applied", v["migrations"])
    path = admin.execute("select value from agent.setting where key = 'server_python_path'").fetchone()[0]
    check(path == [os.environ["SERVER_PYTHON_PATH"]], "the server Python path is recorded", path)
    owner = admin.execute("select pg_get_userbyid(proowner) from pg_proc "
                          "where oid = 'agent._audit_autonomous(jsonb)'::regprocedure").fetchone()[0]
    check(owner == "dbadmin", "the audit loopback belongs to POSTGRES_USER", owner)
    base = admin.execute("select agent.admin_create_base('ci_acme')").fetchone()[0]
    acme_dsn = agent_dsn(admin_dsn, base["agent_role"], base["agent_password"])

with psycopg.connect(acme_dsn, autocommit=True) as agent:  # over TCP with SCRAM, as a client would
    project = agent.execute("select agent.get_project()").fetchone()[0]
    check([b["name"] for b in project["bases"]] == ["ci_acme"], "the agent role sees its base", project)
    bid = base["base_id"]

    def sql(text):
        return agent.execute("select agent.execute_sql(%s, %s, '{}'::jsonb)", [bid, text]).fetchone()[0]

    r = sql("create table todos (title text not null, done boolean not null default false);"
            "insert into todos (title) values ('build the image'), ('run it');"
            "select title from todos order by title")
    check(r["statements"][-1]["rows"] == [["build the image"], ["run it"]],
          "execute_sql: CREATE TABLE, INSERT, SELECT through the agent role", r)
    schema = agent.execute("select agent.get_schema(%s, '{}'::jsonb)", [bid]).fetchone()[0]
    cols = [c["name"] for t in schema["tables"] if t["name"] == "todos" for c in t["columns"]]
    check({"id", "created_at", "title"} <= set(cols), "get_schema shows the table with its system fields", cols)
    try:
        agent.execute("select * from agent.base")
        check(False, "the agent role cannot read dbagent's tables")
    except psycopg.errors.InsufficientPrivilege:
        check(True, "the agent role cannot read dbagent's tables")

    source = upload(agent, bid, Path(os.environ["CSV"]), show=False)
    profile = agent.execute("select agent.analyse_csv(%s, %s, '{}'::jsonb)", [bid, source]).fetchone()[0]
    check(profile.get("row_count") == 2 and profile["dialect"]["delimiter"] == ",",
          "analyse_csv profiles the CSV", profile)
    sql("create table people (name text not null, email text, joined date, score numeric(6,2))")
    loaded = agent.execute("select agent.import_csv(%s, %s, 'people', '{}'::jsonb, '{}'::jsonb)",
                           [bid, source]).fetchone()[0]
    check(loaded.get("rows_loaded") == 2, "import_csv loads the CSV", loaded)
    r = sql("select name, score::text from people order by name")
    check(r["statements"][0]["rows"] == [["Ada", "12.50"], ["Grace", "7.25"]],
          "the imported values read back exactly", r)
PY

# dbagent doctor, through the installed client (python -m works before main.py registers it).
if "$client" doctor --help >/dev/null 2>&1; then
    doctor=("$client" --dsn "$admin_dsn" doctor)
else
    doctor=("$venv_python" -m dbagent.doctor --dsn "$admin_dsn")
fi
"${doctor[@]}" || fail "dbagent doctor found problems in the simulated image (exit $?)"

printf '\nci-check: ok: Dockerfile.postgres recipe works on this host (%ss)\n' "$((SECONDS - started))" >&2
