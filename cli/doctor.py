"""``dbagent doctor``: check a server for what dbagent needs, and say how to fix what is wrong.

Each check is one row (check, status, detail, fix) with status ``ok``, ``warn`` or ``fail``:

- the connection and PostgreSQL's version (15 or newer);
- PL/Python (plpython3u) available on the server and created in the database;
- the server Python's packages (pglast, duckdb) at the versions dbagent pins, probed inside
  the server with the installer's own probe and the recorded ``server_python_path``;
- dbagent installed, and its version, code and migrations against this client's;
- dblink (the audit of failing calls) and its loopback login, file_fdw (CSV import);
- the storage directory (and the import directory, if set) as the server's OS user sees it;
- the session wall (issue 12): the event trigger refusing agents' own DDL, the catalog rights
  moved to ``dbagent_catalog`` (and login roles left without them), the databases agent logins
  can reach and what they left there, the housekeeping's rights, connection limits, and whether
  the stored sources live inside the data directory;
- role and function hygiene: the rows of ``agent._hygiene()`` (SQL, so tests and the
  doctor check the same facts).

Most checks need a superuser (they run PL/Python or private functions); with another role
the doctor says so and checks what it can. Exit codes: 0 all ok, 1 warnings, 2 failures or
no connection. ``register(cli)`` adds the command to a click group; ``python -m
dbagent.doctor`` runs it alone.
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict, dataclass
from typing import Any

import click
import psycopg
from dbagent import __version__
from dbagent.db import CliError, resolve_dsn, scrub
from psycopg import sql

OK, WARN, FAIL = "ok", "warn", "fail"
EXIT_CODES = {OK: 0, WARN: 1, FAIL: 2}
MIN_SERVER_VERSION = 150000
SERVER_PYTHON_DIR = "/usr/local/lib/dbagent/python"


@dataclass
class Check:
    check: str
    status: str
    detail: str
    fix: str | None = None


def overall(checks: list[Check]) -> str:
    statuses = {c.status for c in checks}
    return FAIL if FAIL in statuses else WARN if WARN in statuses else OK


def _one(conn: psycopg.Connection, query: str, params: Any = None) -> Any:
    row = conn.execute(query, params).fetchone()
    return None if row is None else row[0]


def _plpython_answer(conn: psycopg.Connection, body: str, tag: str) -> Any:
    """Run a PL/Python DO block that reports through a notice ``tag:<json>``; return the JSON."""
    notices: list[str] = []
    conn.add_notice_handler(lambda d: notices.append(d.message_primary or ""))
    conn.execute(sql.SQL("do {} language plpython3u").format(sql.Literal(body)))
    for n in notices:
        if n.startswith(tag + ":"):
            return json.loads(n[len(tag) + 1:])
    return None


def _pins() -> str:
    from dbagent.install import REQUIRED_SERVER_PACKAGES

    return " ".join(f"{k}=={v}" for k, v in REQUIRED_SERVER_PACKAGES.items())


def check_server(dsn: str) -> list[Check]:
    """Run every check against DSN; never raises for what it finds."""
    checks: list[Check] = []
    try:
        conn = psycopg.connect(dsn, autocommit=True, application_name="dbagent-doctor", connect_timeout=10)
    except psycopg.Error as e:
        first = (scrub(str(e)).strip().splitlines() or ["?"])[0]
        return [Check("connection", FAIL, f"cannot connect: {first}",
                      "Check the DSN (--dsn / DBAGENT_DSN), that the server runs and accepts this login.")]
    with conn:
        try:
            conn.execute("set statement_timeout = '60s'")
            _checks(conn, checks)
        except psycopg.OperationalError as e:
            checks.append(Check("connection", FAIL, "lost the connection: " + scrub(str(e)).strip(),
                                "Run the doctor again; read the server log if it keeps happening."))
    return checks


def _checks(conn: psycopg.Connection, checks: list[Check]) -> None:
    add = checks.append
    user, database = conn.execute("select current_user, current_database()").fetchone()
    add(Check("connection", OK, f"connected to database {database} as {user}"))

    # --- the server ---------------------------------------------------------------------
    version_num = int(_one(conn, "show server_version_num"))
    version = _one(conn, "show server_version")
    major = version_num // 10000
    if version_num >= MIN_SERVER_VERSION:
        add(Check("PostgreSQL version", OK, f"PostgreSQL {version}"))
    else:
        add(Check("PostgreSQL version", FAIL, f"PostgreSQL {version}: dbagent needs 15 or newer",
                  "Install dbagent into a PostgreSQL 15+ server (e.g. the image of Dockerfile.postgres)."))
    superuser = bool(_one(conn, "select pg_catalog.current_setting('is_superuser') = 'on'"))
    if not superuser:
        add(Check("superuser", WARN,
                  f"{user} is not a superuser: the server Python, storage and hygiene checks are skipped",
                  "Run dbagent doctor with a superuser's DSN (e.g. postgres over the server's Unix socket)."))

    available = _one(conn, "select default_version from pg_catalog.pg_available_extensions where name = 'plpython3u'")
    created = _one(conn, "select installed_version from pg_catalog.pg_available_extensions where name = 'plpython3u'")
    if not available:
        add(Check("PL/Python", FAIL, "plpython3u is not available on this server",
                  f"On the server: apt-get install postgresql-plpython3-{major} (or your platform's "
                  "plpython3 package), then dbagent install."))
    elif not created:
        add(Check("PL/Python", FAIL, f"plpython3u {available} is available but not created in {database}",
                  "Run dbagent install (it creates the extension)."))
    else:
        add(Check("PL/Python", OK, f"plpython3u {created}"))

    installed = bool(_one(conn, "select to_regprocedure('agent.version()') is not null"))
    settings: dict[str, Any] = {}
    if installed and superuser:
        settings = dict(conn.execute("select key, value from agent.setting").fetchall())

    # --- the server Python's packages -----------------------------------------------------
    if superuser and created:
        _check_server_python(conn, settings, add)

    # --- dbagent itself -------------------------------------------------------------------
    if not installed:
        add(Check("dbagent installed", FAIL, f"dbagent is not installed in {database}",
                  f"dbagent install --dsn <superuser DSN> --server-python-path {SERVER_PYTHON_DIR} "
                  "(the directory holding pglast and duckdb for the server's Python)"))
        return
    _check_version(conn, add)
    if _one(conn, "select has_table_privilege('pg_catalog.pg_extension', 'select')"):
        _check_extensions(conn, superuser, add)
    else:
        add(Check("catalog", WARN, f"{user} may not read the catalog (dbagent's session wall): the extension "
                  "checks are skipped", "Run dbagent doctor as a superuser, or a role that is a member of "
                  "dbagent_catalog."))
    if superuser:
        _check_storage(conn, settings, bool(created), add)
        _check_session_wall(conn, settings, add)
        _check_hygiene(conn, add)


def _check_server_python(conn: psycopg.Connection, settings: dict[str, Any], add: Any) -> None:
    from dbagent.install import REQUIRED_SERVER_PACKAGES, _probe_server_python

    paths = [str(p) for p in settings.get("server_python_path") or []]
    fix = (f"On the server: python3.11 -m pip install --target {SERVER_PYTHON_DIR} {_pins()}, then "
           f"dbagent install --server-python-path {SERVER_PYTHON_DIR}")
    try:
        probe = _probe_server_python(conn, paths)
    except Exception as e:  # noqa: BLE001 - the doctor reports, it does not fail
        add(Check("server Python", FAIL, f"the server's PL/Python did not answer: {scrub(str(e)).strip()}", fix))
        return
    where = f"server Python {probe.get('python')}" + (f", recorded path {':'.join(paths)}" if paths else "")
    for name, want in REQUIRED_SERVER_PACKAGES.items():
        got = probe.get("packages", {}).get(name, {})
        if "error" in got:
            add(Check(f"server package {name}", FAIL, f"{where}: {got['error']}", fix))
        elif got.get("version") != want:
            add(Check(f"server package {name}", FAIL,
                      f"{where}: {name} {got.get('version')} in {got.get('path')}, dbagent needs {want}", fix))
        else:
            add(Check(f"server package {name}", OK, f"{name} {want} in {got.get('path')} ({where})"))


def _client_migrations() -> list[str]:
    from dbagent.install import MIGRATIONS_DIR

    return sorted(p.name[: -len(".sql")] for p in MIGRATIONS_DIR.glob("*.sql") if not p.name.endswith(".rollback.sql"))


def _check_version(conn: psycopg.Connection, add: Any) -> None:
    from dbagent.install import code_version

    try:
        v = _one(conn, "select agent.version()")
    except psycopg.errors.InsufficientPrivilege:
        add(Check("dbagent version", WARN, "this role may not call agent.version()",
                  "Run dbagent doctor as a superuser or a dbagent_admin member."))
        return
    server_version, server_code = v.get("version"), v.get("code_version")
    applied = list(v.get("migrations") or [])
    ours = _client_migrations()
    pending = [m for m in ours if m not in applied]
    unknown = [m for m in applied if m not in ours]
    detail = f"server {server_version} (code {server_code}, {len(applied)} migrations); client {__version__}"
    if pending:
        add(Check("dbagent version", FAIL, f"{detail}; migrations not applied: {', '.join(pending)}",
                  "Upgrade the server: dbagent install --dsn <superuser DSN> (from this client)."))
    elif unknown:
        add(Check("dbagent version", WARN, f"{detail}; the server has migrations this client lacks: "
                  f"{', '.join(unknown)}", "Upgrade this client to the server's dbagent version."))
    elif server_version != __version__ or server_code != code_version():
        add(Check("dbagent version", WARN,
                  f"{detail}: the server's functions differ from this client's (code {code_version()})",
                  "Run dbagent install from the client whose code the server should run."))
    else:
        add(Check("dbagent version", OK, detail))


def _check_extensions(conn: psycopg.Connection, superuser: bool, add: Any) -> None:
    dblink_schema = _one(conn, "select extnamespace::regnamespace::text from pg_catalog.pg_extension "
                               "where extname = 'dblink'")
    dblink_available = _one(conn, "select 1 from pg_catalog.pg_available_extensions where name = 'dblink'")
    dblink_sql = ("as a superuser: create schema if not exists agent_dblink; revoke all on schema agent_dblink "
                  "from public; create extension dblink with schema agent_dblink")
    if dblink_schema != "agent_dblink":
        where = f"in schema {dblink_schema}" if dblink_schema else "not created"
        fix = (dblink_sql if dblink_available else
               "Install the server's contrib modules (dblink), then " + dblink_sql)
        add(Check("dblink", WARN, f"dblink is {where}: the audit rows of failing calls go to the server log "
                  "instead of agent.audit", fix))
    else:
        add(Check("dblink", OK, "dblink in schema agent_dblink (the audit of failing calls)"))
        if superuser:
            _check_loopback(conn, add)

    fdw_schema = _one(conn, "select extnamespace::regnamespace::text from pg_catalog.pg_extension "
                            "where extname = 'file_fdw'")
    server = _one(conn, "select 1 from pg_catalog.pg_foreign_server where srvname = 'dbagent_files'")
    if fdw_schema == "agent_stage" and server:
        add(Check("file_fdw", OK, "file_fdw in schema agent_stage, server dbagent_files (CSV import)"))
    else:
        add(Check("file_fdw", FAIL,
                  f"file_fdw is {'in schema ' + fdw_schema if fdw_schema else 'not created'}"
                  f"{'' if server else ', foreign server dbagent_files is missing'}: import_csv cannot load",
                  "As a superuser: create extension if not exists file_fdw with schema agent_stage; create server "
                  "dbagent_files foreign data wrapper file_fdw; grant usage on foreign server dbagent_files to "
                  "dbagent_loader"))


def _check_loopback(conn: psycopg.Connection, add: Any) -> None:
    """The audit's loopback login: the owner of agent._audit_autonomous over the Unix socket."""
    owner = _one(conn, "select pg_get_userbyid(proowner) from pg_catalog.pg_proc "
                       "where oid = to_regprocedure('agent._audit_autonomous(jsonb)')")
    if owner is None:
        return
    host = (_one(conn, "show unix_socket_directories") or "").split(",")[0].strip() or "localhost"
    try:
        conn.execute(
            "select agent_dblink.dblink_connect('dbagent_doctor', format("
            "'dbname=%%s user=%%s host=%%s port=%%s application_name=dbagent_doctor', "
            "agent._conninfo_quote(current_database()), agent._conninfo_quote(%s), "
            "agent._conninfo_quote(%s), current_setting('port')))", [owner, host])
        conn.execute("select agent_dblink.dblink_disconnect('dbagent_doctor')")
    except psycopg.Error as e:
        add(Check("audit loopback", WARN,
                  f"{owner} cannot log in over the socket {host} without a password "
                  f"({(e.diag.message_primary or str(e)).strip()}): failing calls are audited in the server log only",
                  f"Allow it in pg_hba.conf, e.g. `local {_one(conn, 'select current_database()')} {owner} trust` "
                  "(or peer for the server's OS user), then select pg_reload_conf()"))
        return
    add(Check("audit loopback", OK, f"{owner} logs in over {host} (the audit of failing calls)"))


def _check_storage(conn: psycopg.Connection, settings: dict[str, Any], plpython: bool, add: Any) -> None:
    storage, imports = settings.get("storage_dir"), settings.get("import_dir")
    if not storage:
        add(Check("storage directory", FAIL, "agent.setting has no storage_dir: uploads and CSV sources have "
                  "nowhere to go", "Run dbagent install (default DATA/dbagent_storage) or dbagent install "
                  "--storage-dir DIR"))
        return
    if not plpython:
        add(Check("storage directory", WARN, f"{storage} (not verified: no PL/Python)", None))
        return
    paths = json.dumps({"storage": str(storage), "import": str(imports) if imports else None})
    body = (
        "import json, os\n"
        f"paths = json.loads({paths!r})\n"
        "need = {'storage': os.W_OK | os.X_OK, 'import': os.R_OK | os.X_OK}\n"
        "out = {}\n"
        "for key, path in paths.items():\n"
        "    if path is not None:\n"
        "        out[key] = {'dir': os.path.isdir(path), 'access': os.access(path, need[key]),\n"
        "                    'tmp': os.path.isdir(os.path.join(path, 'tmp'))}\n"
        "plpy.notice('dbagent-doctor:' + json.dumps(out))\n"
    )
    try:
        seen = _plpython_answer(conn, body, "dbagent-doctor") or {}
    except psycopg.Error as e:
        add(Check("storage directory", WARN, f"{storage} (not verified: {scrub(str(e)).strip()})", None))
        return
    s = seen.get("storage", {})
    fix = (f"Create it for the server's OS user (mkdir -p {storage}/tmp; chown <server user> {storage}; "
           f"chmod 700 {storage}), or run dbagent install --storage-dir DIR")
    if not s.get("dir"):
        add(Check("storage directory", FAIL, f"{storage} does not exist on the server", fix))
    elif not s.get("access") or not s.get("tmp"):
        add(Check("storage directory", FAIL, f"{storage} is not writable by the server's OS user "
                  "or lacks tmp/", fix))
    else:
        add(Check("storage directory", OK, f"{storage} (writable by the server)"))
    if imports:
        i = seen.get("import", {})
        if i.get("dir") and i.get("access"):
            add(Check("import directory", OK, f"{imports} (readable by the server)"))
        else:
            add(Check("import directory", WARN, f"{imports} is missing or unreadable by the server's OS user: "
                      "import:<path> sources fail", "Create it readable by the server's OS user, or change it: "
                      "dbagent install --import-dir DIR"))


def _check_session_wall(conn: psycopg.Connection, settings: dict[str, Any], add: Any) -> None:
    """What keeps an agent's own connection from harming other tenants (a superuser's view)."""
    if not _one(conn, "select to_regprocedure('agent._catalog_wall(boolean)') is not null"):
        return  # an older release's server: dbagent version says to upgrade
    # the event trigger that refuses agents' own DDL (default privileges, large object grants)
    state = _one(conn, "select evtenabled from pg_catalog.pg_event_trigger where evtname = 'dbagent_session_wall'")
    if state in ("O", "A"):
        add(Check("session wall trigger", OK, "agent logins run no DDL on their own connection (event trigger "
                  "dbagent_session_wall)"))
    else:
        add(Check("session wall trigger", FAIL, "the event trigger dbagent_session_wall is "
                  + ("disabled" if state else "missing") + ": an agent login can make other roles undroppable",
                  "Run dbagent install (it creates and enables it)."))
    # the catalog
    public = bool(settings.get("public_catalog"))
    open_class = _one(conn, "select has_table_privilege('public', 'pg_catalog.pg_class', 'select')")
    if public:
        add(Check("catalog wall", WARN, "PUBLIC keeps its catalog rights (dbagent install --public-catalog): an "
                  "agent login can read other bases' table names, comments, policies and function bodies, and "
                  "take advisory locks", "dbagent install --no-public-catalog (then grant dbagent_catalog to "
                  "every role created later)"))
    elif open_class:
        add(Check("catalog wall", FAIL, "PUBLIC may read pg_catalog.pg_class again: agent logins can read other "
                  "bases' metadata", "Run dbagent install (it moves the catalog rights to dbagent_catalog)."))
    else:
        add(Check("catalog wall", OK, "agent logins read no catalog metadata; the roles of other applications "
                  "do, as members of dbagent_catalog"))
        lost = [r[0] for r in conn.execute(
            "select r.rolname from pg_catalog.pg_roles r where r.rolcanlogin and not r.rolsuper "
            "and not pg_catalog.pg_has_role(r.oid, 'dbagent_catalog', 'MEMBER') "
            "and not pg_catalog.pg_has_role(r.oid, 'dbagent_agent', 'MEMBER') "
            "and not pg_catalog.pg_has_role(r.oid, 'dbagent_tenant', 'MEMBER') "
            "and r.rolname not in ('anon', 'authenticated', 'dbagent_as_user') order by 1").fetchall()]
        if lost:
            shown = ", ".join(lost[:5]) + (f" … {len(lost)} in all" if len(lost) > 5 else "")
            add(Check("catalog access", WARN, f"login roles that cannot read the catalog (created after the last "
                      f"install?): {shown}; psql's \\d, pg_dump and ORMs fail for them",
                      "grant dbagent_catalog to <role> (dbagent install grants it to every role that exists then)"))
        else:
            add(Check("catalog access", OK, "every login role but dbagent's agents may read the catalog"))
    # other databases an agent login could reach
    reachable = [r[0] for r in conn.execute(
        "select d.datname from pg_catalog.pg_database d where d.datname in ('postgres', 'template1') "
        "and d.datallowconn and has_database_privilege('dbagent_agent', d.datname, 'connect') "
        "and not exists (select from pg_catalog.pg_hba_file_rules h where h.auth_method = 'reject' "
        "  and h.error is null and (d.datname = any(h.database) or 'all' = any(h.database)) "
        "  and ('+dbagent_agent' = any(h.user_name) or 'all' = any(h.user_name))) order by 1").fetchall()]
    if reachable:
        add(Check("other databases", WARN, f"agent logins may connect to {', '.join(reachable)}: there the session "
                  "wall does not run (an agent could create large objects and default privileges, which dbagent's "
                  "drops clean up; in template1 every new database would copy them)",
                  "In pg_hba.conf, before the other lines: `host " + ",".join(reachable)
                  + " +dbagent_agent all reject` (and `local`), then select pg_reload_conf(); or revoke connect on "
                  "those databases from public"))
    else:
        add(Check("other databases", OK, "agent logins cannot connect to postgres or template1"))
    left = conn.execute(
        "select d.datname, r.rolname from pg_catalog.pg_shdepend s join pg_catalog.pg_database d on d.oid = s.dbid "
        "join pg_catalog.pg_roles r on r.oid = s.refobjid where s.refclassid = 'pg_catalog.pg_authid'::regclass "
        "and d.datname <> current_database() and r.rolname in (select b.agent_role from agent.base b "
        "where b.dropped_at is null union select p.role_name from agent.project_agent p) "
        "group by 1, 2 order by 1, 2").fetchall()
    if left:
        add(Check("agent objects elsewhere", WARN, "agent roles own or were granted something in other databases: "
                  + ", ".join(f"{role} in {db}" for db, role in left[:5]),
                  "Drop the agent (dbagent's drops clean up every database), or as a superuser in that database: "
                  "DROP OWNED BY <role>"))
    # what the housekeeping needs
    missing = [r for r in ("pg_signal_backend", "pg_read_all_stats")
               if not _one(conn, "select pg_catalog.pg_has_role('dbagent_owner', %s, 'MEMBER')", [r])]
    if not _one(conn, "select has_parameter_privilege('dbagent_owner', 'temp_file_limit', 'set')"):
        missing.append("SET on temp_file_limit")
    if missing:
        add(Check("housekeeping rights", FAIL, "dbagent_owner lacks " + ", ".join(missing) + ": idle agent "
                  "transactions are not ended, or agent logins get no temp_file_limit", "Run dbagent install."))
    else:
        add(Check("housekeeping rights", OK, "dbagent_owner may end agent sessions that hold transactions open"))
    # connections: agent logins have limits; superusers (admins, dbagent's loopback) a reserve
    total, maxc, reserved = conn.execute(
        "select coalesce(sum(r.rolconnlimit), 0), current_setting('max_connections')::int, "
        "current_setting('superuser_reserved_connections')::int from pg_catalog.pg_roles r "
        "where r.rolname in (select b.agent_role from agent.base b where b.dropped_at is null "
        "                    union select p.role_name from agent.project_agent p)").fetchone()
    unlimited = _one(conn, "select count(*) from pg_catalog.pg_roles r where r.rolconnlimit < 0 and r.rolname in "
                           "(select b.agent_role from agent.base b where b.dropped_at is null "
                           " union select p.role_name from agent.project_agent p)")
    detail = (f"this database's agent logins may hold {total} connections in all (each its own limit); "
              f"max_connections {maxc}, {reserved} reserved for superusers")
    if unlimited or not reserved:
        add(Check("connections", WARN, detail + (f"; {unlimited} agent logins have no connection limit"
                                                 if unlimited else "; no reserve for superusers"),
                  "Run dbagent install (it sets every agent login's limit); keep superuser_reserved_connections "
                  "above 0 so an admin can always connect"))
    else:
        add(Check("connections", OK, detail))
    # sources outside PGDATA
    storage = settings.get("storage_dir")
    data = _one(conn, "show data_directory")
    if storage and data and (str(storage) + "/").startswith(str(data).rstrip("/") + "/"):
        add(Check("storage location", WARN, f"{storage} lies inside the data directory: backups and pg_upgrade of "
                  "the cluster carry every stored source", "dbagent install --storage-dir <a directory outside "
                  f"{data}> (it moves the files)"))


def _check_hygiene(conn: psycopg.Connection, add: Any) -> None:
    if not _one(conn, "select to_regprocedure('agent._hygiene()') is not null"):
        add(Check("hygiene", WARN, "this server's dbagent has no agent._hygiene() (it predates this client)",
                  "Upgrade the server: dbagent install."))
        return
    for name, ok, detail, fix in conn.execute("select check_name, ok, detail, fix from agent._hygiene()"):
        add(Check(name, OK if ok else FAIL, detail, fix))


# ------------------------------------------------------------------------------ output
def render(checks: list[Check]) -> None:
    from dbagent.output import console, err_console
    from rich.markup import escape
    from rich.table import Table

    styles = {OK: "green", WARN: "yellow", FAIL: "bold red"}
    t = Table(title="dbagent doctor", title_justify="left")
    for col in ("check", "status", "detail", "fix"):
        t.add_column(col, overflow="fold")
    for c in checks:
        t.add_row(escape(c.check), f"[{styles[c.status]}]{c.status}[/]", escape(c.detail), escape(c.fix or ""))
    console.print(t)
    counts = {s: sum(1 for c in checks if c.status == s) for s in (OK, WARN, FAIL)}
    err_console.print(f"{counts[OK]} ok, {counts[WARN]} warnings, {counts[FAIL]} failures")


@click.command()
@click.option("--dsn", "dsn_option", help="The server to check (default: dbagent's --dsn, $DBAGENT_DSN, else the "
              "embedded server). Use a superuser for every check.")
@click.option("--json", "as_json", is_flag=True, help="Print the checks as JSON.")
@click.pass_context
def doctor(ctx: click.Context, dsn_option: str | None, as_json: bool) -> None:
    """Check a server for dbagent: versions, PL/Python and its packages, extensions, storage, hygiene.

    Prints each check with its status (ok, warn, fail) and a fix. Exits 0 when all is
    ok, 1 on warnings, 2 on failures or without a connection.

    \b
    Example:
      dbagent doctor --dsn postgresql://postgres@/app?host=/var/run/postgresql
      dbagent doctor --json | jq '.checks[] | select(.status != "ok")'
    """
    obj = ctx.obj
    as_json = as_json or bool(getattr(obj, "as_json", False))
    try:
        dsn = resolve_dsn(dsn_option or getattr(obj, "dsn_option", None), getattr(obj, "home", None))
    except CliError as e:
        checks = [Check("connection", FAIL, str(e), e.hint)]
    else:
        checks = check_server(dsn)
    status = overall(checks)
    if as_json:
        click.echo(json.dumps({"status": status, "checks": [asdict(c) for c in checks]}, indent=2))
    else:
        render(checks)
    sys.exit(EXIT_CODES[status])


def register(cli: click.Group) -> None:
    """Add ``doctor`` to the dbagent command group."""
    cli.add_command(doctor, "doctor")


if __name__ == "__main__":
    doctor.main(prog_name="dbagent doctor")
