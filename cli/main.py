"""The ``dbagent`` command line: one command per tool and admin action.

Each command parses its arguments, calls one ``agent.*`` function and formats the result;
the logic lives in SQL. Results go to stdout (rich tables, or JSON with ``--json``), errors
to stderr as {sqlstate, message, detail, hint}. Exit codes: 0 ok, 1 findings, 2 error.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from dbagent import __version__
from dbagent import server as embedded
from dbagent.db import (
    EXIT_ERROR,
    EXIT_FINDINGS,
    CliError,
    agent_dsn,
    call,
    connect,
    db_errors,
    resolve_dsn,
    scrub,
)
from dbagent.install import InstallError
from dbagent.install import install as install_dbagent
from dbagent.output import emit_json, records, say, table, text


@dataclass
class Ctx:
    dsn_option: str | None
    home: str | None
    as_json: bool

    def dsn(self) -> str:
        return resolve_dsn(self.dsn_option, self.home)


json_option = click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")


def server_home(obj: Ctx) -> Path:
    """--home, given before the command or after it (see _connection_options_everywhere)."""
    return Path(obj.home) if obj.home else embedded.default_home()


def wants_json(obj: Ctx, as_json: bool) -> bool:
    return as_json or obj.as_json


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("--dsn", envvar="DBAGENT_DSN", help="Connection URI (default: $DBAGENT_DSN, else the embedded server).")
@click.option("--home", type=click.Path(file_okay=False), help="The embedded server's home (default: per-user data folder).")
@click.option("--json", "as_json", is_flag=True, help="JSON output for every command.")
@click.version_option(__version__, prog_name="dbagent")
@click.pass_context
def cli(ctx: click.Context, dsn: str | None, home: str | None, as_json: bool) -> None:
    """dbagent: safe database tools for AI agents, inside PostgreSQL.

    \b
    Example:
      dbagent up                       # start the embedded server
      dbagent base create acme --json  # a base and its agent's connection URI
      DBAGENT_DSN=<agent_dsn> dbagent project
    """
    ctx.obj = Ctx(dsn_option=dsn, home=home, as_json=as_json)


# ----------------------------------------------------------------------------------------
# the embedded server


@cli.command()
@click.option("--port", type=int, help=f"TCP port on 127.0.0.1 (default {embedded.DEFAULT_PORT}, or the port used before).")
@click.pass_obj
def up(obj: Ctx, port: int | None) -> None:
    """Start the embedded PostgreSQL server (initialize it the first time) and install dbagent.

    Prints the admin connection URI as the last line of stdout. A second `up` reuses the
    running server.

    \b
    Example:
      export DBAGENT_DSN=$(dbagent up | tail -n 1)
    """
    with db_errors(obj.as_json):
        try:
            where = server_home(obj)
            fresh = embedded.load_info(where) is None
            say(f"{'initializing' if fresh else 'starting'} the embedded server in {where} …")
            info = embedded.up(where, port)
            install_dbagent(info.uri(), server_python_path=[info.python_dir], log=say)
        except (embedded.ServerError, InstallError) as e:
            raise CliError(str(e), hint=e.hint) from e
        say(f"PostgreSQL {info.version} runs on 127.0.0.1:{info.port} as OS user {info.os_user}; dbagent is installed.")
        click.echo(info.uri())


@cli.command()
@click.pass_obj
def down(obj: Ctx) -> None:
    """Stop the embedded server.

    \b
    Example:
      dbagent down --home /tmp/dbagent
    """
    with db_errors(obj.as_json):
        where = server_home(obj)
        info = embedded.load_info(where)
        if info is None:
            raise CliError(f"there is no embedded server in {where}", hint="Start one with `dbagent up`.")
        try:
            stopped = embedded.stop(info)
        except embedded.ServerError as e:
            raise CliError(str(e), hint=e.hint) from e
        say("stopped" if stopped else "it was not running")


@cli.command()
@json_option
@click.pass_obj
def status(obj: Ctx, as_json: bool) -> None:
    """Say what runs where: the embedded server, and the database dbagent talks to.

    \b
    Example:
      dbagent status --json
    """
    as_json = wants_json(obj, as_json)
    with db_errors(as_json):
        where = server_home(obj)
        info = embedded.load_info(where)
        out: dict[str, Any] = {"embedded": None, "database": None}
        if info is not None:
            out["embedded"] = {
                "home": info.home,
                "running": embedded.is_running(info),
                "port": info.port,
                "os_user": info.os_user,
                "postgres": info.version,
                "uri": info.uri(),
                "log": info.log_file,
            }
        try:
            dsn = obj.dsn()
        except CliError:
            dsn = None
        if dsn:
            db: dict[str, Any] = {"dsn": scrub(dsn)}
            try:
                with connect(dsn, connect_timeout=5) as conn:
                    db["server_version"] = call(conn, "show server_version")
                    db["user"] = call(conn, "select session_user")
                    db["dbagent"] = call(
                        conn,
                        "select case when to_regprocedure('agent.version()') is null then null "
                        "else agent.version() end",
                    )
            except Exception as e:  # noqa: BLE001 - status reports, it does not fail
                db["error"] = scrub(str(e)).strip()
            out["database"] = db
        if as_json:
            emit_json(out)
            return
        if info is None:
            say(f"no embedded server in {home}")
        else:
            e = out["embedded"]
            table("embedded server", ["home", "running", "port", "os user", "PostgreSQL", "admin URI"],
                  [[e["home"], e["running"], e["port"], e["os_user"], e["postgres"], e["uri"]]])
        if out["database"]:
            d = out["database"]
            version = (d.get("dbagent") or {}).get("version") if isinstance(d.get("dbagent"), dict) else None
            table("database", ["dsn", "server", "user", "dbagent", "error"],
                  [[d["dsn"], d.get("server_version"), d.get("user"), version or "not installed", d.get("error")]])


@cli.command()
@click.option("--server-python-path", "server_python_path", multiple=True,
              help="A directory on the server holding pglast and duckdb for its Python 3.11 (repeatable).")
@click.option("--storage-dir", help="Where the server keeps uploaded CSV sources (default: dbagent_storage beside "
              "the data directory).")
@click.option("--import-dir", help="A server directory whose files agents may import as import:<path>.")
@click.option("--public-catalog/--no-public-catalog", "public_catalog", default=None,
              help="Leave PUBLIC its catalog rights (agent logins can then read every application's metadata), "
                   "or move them to dbagent_catalog (the default). Unset: keep the database's recorded choice.")
@json_option
@click.pass_obj
def install(obj: Ctx, server_python_path: tuple[str, ...], storage_dir: str | None, import_dir: str | None,
            public_catalog: bool | None, as_json: bool) -> None:
    """Install or upgrade dbagent in a PostgreSQL 15+ database (needs a superuser).

    Runs the migrations, then re-applies every function. Running it twice changes nothing.

    \b
    Example:
      dbagent install --dsn postgresql://postgres@db.example.com/app \\
          --server-python-path /usr/local/lib/dbagent/python
    """
    as_json = wants_json(obj, as_json)
    with db_errors(as_json):
        try:
            report = install_dbagent(obj.dsn(), list(server_python_path) or None, log=say,
                                storage_dir=storage_dir, import_dir=import_dir, public_catalog=public_catalog)
        except InstallError as e:
            raise CliError(str(e), hint=e.hint) from e
        result = {
            "version": report.version,
            "code_version": report.code_version,
            "migrations_applied": report.migrations_applied,
            "first_install": report.first_install,
            "server_python": report.server_python,
        }
        if as_json:
            emit_json(result)
        else:
            applied = ", ".join(report.migrations_applied) or "none pending"
            say(f"dbagent {report.version} installed (code {report.code_version}); migrations: {applied}")


# ----------------------------------------------------------------------------------------
# bases and agents (admin)


@cli.group()
def base() -> None:
    """Create, list and drop bases (admin)."""


@base.command("create")
@click.argument("name")
@click.option("--grant-to", help="Also grant the base to this existing agent role.")
@json_option
@click.pass_obj
def base_create(obj: Ctx, name: str, grant_to: str | None, as_json: bool) -> None:
    """Create base NAME: a schema, its owner role and an agent login role.

    Prints the agent's connection URI (shown once: the password is not stored).

    \b
    Example:
      dbagent base create acme --json
    """
    as_json = wants_json(obj, as_json)
    with db_errors(as_json):
        dsn = obj.dsn()
        with connect(dsn) as conn:
            r = call(conn, "select agent.admin_create_base(%s, %s)", [name, grant_to])
        out = {
            "base_id": r["base_id"],
            "name": r["name"],
            "schema": r["schema"],
            "agent_dsn": agent_dsn(dsn, r["agent_role"], r["agent_password"]),
        }
        if as_json:
            emit_json(out)
        else:
            table(f"base {out['name']}", ["base_id", "schema", "agent_dsn"],
                  [[out["base_id"], out["schema"], out["agent_dsn"]]],
                  caption="The agent_dsn holds the only copy of the password.")


@base.command("list")
@click.option("--all", "include_dropped", is_flag=True, help="Include dropped bases.")
@json_option
@click.pass_obj
def base_list(obj: Ctx, include_dropped: bool, as_json: bool) -> None:
    """List bases with their roles and table counts.

    \b
    Example:
      dbagent base list --all
    """
    as_json = wants_json(obj, as_json)
    with db_errors(as_json):
        with connect(obj.dsn()) as conn:
            items = call(conn, "select agent.admin_list_bases(%s)", [include_dropped])
        if as_json:
            emit_json(items)
        else:
            records("bases", items, ["name", "base_id", "schema", "table_count", "granted_to", "created_at", "dropped_at"])


@base.command("drop")
@click.argument("name")
@click.option("--yes", is_flag=True, help="Really drop the base and all its data.")
@json_option
@click.pass_obj
def base_drop(obj: Ctx, name: str, yes: bool, as_json: bool) -> None:
    """Drop base NAME (or id): its schema with all data and its roles. Its audit record stays.

    \b
    Example:
      dbagent base drop acme --yes
    """
    as_json = wants_json(obj, as_json)
    with db_errors(as_json):
        if not yes:
            raise CliError(f"dropping base {name!r} deletes all its data", hint="Pass --yes to confirm.")
        with connect(obj.dsn()) as conn:
            dropped = call(conn, "select agent.admin_drop_base(%s)", [name])
        if as_json:
            emit_json({"dropped": dropped, "name": name})
        elif dropped:
            say(f"dropped base {text(name)}")
        else:
            say(f"there is no base {text(name)}")
        if not dropped:
            sys.exit(1)


@base.command("grant")
@click.argument("name")
@click.argument("role")
@click.pass_obj
def base_grant(obj: Ctx, name: str, role: str) -> None:
    """Let agent ROLE use base NAME.

    \b
    Example:
      dbagent base grant acme planner
    """
    with db_errors(obj.as_json):
        with connect(obj.dsn()) as conn:
            call(conn, "select agent.admin_grant_base(%s, %s)", [name, role])
        say(f"{text(role)} may use {text(name)}")


@base.command("revoke")
@click.argument("name")
@click.argument("role")
@click.pass_obj
def base_revoke(obj: Ctx, name: str, role: str) -> None:
    """Stop agent ROLE from using base NAME.

    \b
    Example:
      dbagent base revoke acme planner
    """
    with db_errors(obj.as_json):
        with connect(obj.dsn()) as conn:
            call(conn, "select agent.admin_revoke_base(%s, %s)", [name, role])
        say(f"{text(role)} may no longer use {text(name)}")


@cli.group()
def agent() -> None:
    """Project-level agents: login roles that create their own bases (admin)."""


@agent.command("create")
@click.argument("name")
@click.option("--max-bases", type=int, default=10, show_default=True, help="How many bases it may create.")
@json_option
@click.pass_obj
def agent_create(obj: Ctx, name: str, max_bases: int, as_json: bool) -> None:
    """Create project-level agent NAME, which may call agent.create_base() up to --max-bases.

    \b
    Example:
      dbagent agent create planner --max-bases 3 --json
    """
    as_json = wants_json(obj, as_json)
    with db_errors(as_json):
        dsn = obj.dsn()
        with connect(dsn) as conn:
            r = call(conn, "select agent.admin_create_agent(%s, %s)", [name, max_bases])
        out = {"role": r["role"], "agent_dsn": agent_dsn(dsn, r["role"], r["password"])}
        if as_json:
            emit_json(out)
        else:
            table(f"agent {out['role']}", ["role", "max_bases", "agent_dsn"],
                  [[out["role"], r["max_bases"], out["agent_dsn"]]],
                  caption="The agent_dsn holds the only copy of the password.")


@agent.command("drop")
@click.argument("name")
@click.pass_obj
def agent_drop(obj: Ctx, name: str) -> None:
    """Drop project-level agent NAME (its bases stay).

    \b
    Example:
      dbagent agent drop planner
    """
    with db_errors(obj.as_json):
        with connect(obj.dsn()) as conn:
            dropped = call(conn, "select agent.admin_drop_agent(%s)", [name])
        say(f"dropped agent {text(name)}" if dropped else f"there is no agent {text(name)}")


# ----------------------------------------------------------------------------------------
# the tools


@cli.command()
@json_option
@click.pass_obj
def project(obj: Ctx, as_json: bool) -> None:
    """Show agent.get_project(): the bases you may use.

    \b
    Example:
      DBAGENT_DSN=<agent_dsn> dbagent project --json
    """
    as_json = wants_json(obj, as_json)
    with db_errors(as_json):
        with connect(obj.dsn()) as conn:
            p = call(conn, "select agent.get_project()")
        if as_json:
            emit_json(p)
            return
        records(f"bases of {p['role']}", p["bases"], ["name", "base_id", "schema", "table_count", "created_at"],
                empty="none yet" + (" (agent.create_base(name) makes one)" if p.get("can_create_bases") else ""))


@cli.command()
@click.option("--port", type=int, help="TCP port of the embedded server (first start only).")
@click.pass_obj
def demo(obj: Ctx, port: int | None) -> None:
    """The guided tour, on the embedded server: a base, its agent, the tools.

    \b
    Example:
      dbagent demo
    """
    from dbagent.demo import run_demo

    with db_errors(obj.as_json):
        try:
            run_demo(Path(obj.home) if obj.home else None, port)
        except (embedded.ServerError, InstallError) as e:
            raise CliError(str(e), hint=e.hint) from e


# ----------------------------------------------------------------------------------------
# execute_sql, get_schema, advise, audit


def resolve_base(conn: Any, base: str) -> str:
    """BASE as given (a name or a base_id) -> base_id, among the bases this role may use."""
    project = call(conn, "select agent.get_project()")
    for b in project["bases"]:
        if base in (b["name"], b["base_id"]):
            return b["base_id"]
    names = ", ".join(b["name"] for b in project["bases"]) or "none"
    raise CliError(f"there is no base {base!r} for role {project['role']}",
                   hint=f"Bases you may use: {names}. `dbagent project` lists them.")


@cli.command("sql")
@click.argument("base")
@click.argument("sql", required=False)
@click.option("-f", "--file", "file", type=click.File("r"), help="Read the SQL from FILE ('-' for stdin).")
@click.option("--dry-run", is_flag=True, help="Run everything, report, then roll back.")
@click.option("--as-user", help="Run as this end user (a uuid) under row level security.")
@click.option("--max-rows", type=int, help="Rows returned per statement (at most the base's limit).")
@click.option("--timeout-ms", type=int, help="Lower the statement timeout for this call.")
@click.option("--yes", is_flag=True, help="Confirm a call that destroys data (it stays recoverable).")
@json_option
@click.pass_obj
def sql_cmd(obj: Ctx, base: str, sql: str | None, file: Any, dry_run: bool, as_user: str | None,
            max_rows: int | None, timeout_ms: int | None, yes: bool, as_json: bool) -> None:
    """Run SQL in BASE through agent.execute_sql (both walls, one transaction).

    The SQL comes from the argument, from -f FILE, or from stdin.

    \b
    Example:
      dbagent sql acme "create table todos (title text)"
      dbagent sql acme -f schema.sql --dry-run
      echo "select * from todos" | dbagent sql acme --json
    """
    from dbagent import render

    as_json = wants_json(obj, as_json)
    with db_errors(as_json):
        if file is not None:
            sql = file.read()
        elif sql is None:
            if sys.stdin.isatty():
                raise CliError("no SQL given", hint='Pass it as an argument, with -f FILE, or on stdin.')
            sql = sys.stdin.read()
        options: dict[str, Any] = {}
        if dry_run:
            options["dry_run"] = True
        if as_user:
            options["as_user"] = as_user
        if max_rows:
            options["max_rows"] = max_rows
        if timeout_ms:
            options["timeout_ms"] = timeout_ms
        notices: list[str] = []
        with connect(obj.dsn()) as conn:
            conn.add_notice_handler(lambda d: notices.append(d.message_primary or ""))
            base_id = resolve_base(conn, base)
            result = call(conn, "select agent.execute_sql(%s, %s, %s::jsonb)", [base_id, sql, json.dumps(options)])
            if result.get("confirmation_required") and yes:  # issue 15: the confirm round trip
                options["confirm"] = result["confirm"]
                result = call(conn, "select agent.execute_sql(%s, %s, %s::jsonb)", [base_id, sql, json.dumps(options)])
        if notices:
            result["server_notices"] = notices
        if as_json:
            emit_json(result)
        else:
            render.execute_result(result)
            for n in notices:
                say(f"[dim]server notice:[/dim] {text(n)}")
        if result.get("confirmation_required"):
            sys.exit(EXIT_FINDINGS)


@cli.command()
@click.argument("base")
@click.option("--compact", is_flag=True, help="Names and types only.")
@click.option("--table", "tables", multiple=True, help="Only this table (repeatable).")
@click.option("--ddl", is_flag=True, help="Print the schema as readable DDL.")
@json_option
@click.pass_obj
def schema(obj: Ctx, base: str, compact: bool, tables: tuple[str, ...], ddl: bool, as_json: bool) -> None:
    """Describe BASE with agent.get_schema(): tables, columns, keys, RLS, policies, views, functions.

    \b
    Example:
      dbagent schema acme
      dbagent schema acme --ddl
      dbagent schema acme --table tasks --json
    """
    from dbagent import render

    as_json = wants_json(obj, as_json)
    with db_errors(as_json):
        options: dict[str, Any] = {}
        if compact:
            options["compact"] = True
        if tables:
            options["tables"] = list(tables)
        with connect(obj.dsn()) as conn:
            base_id = resolve_base(conn, base)
            s = call(conn, "select agent.get_schema(%s, %s::jsonb)", [base_id, json.dumps(options)])
        if as_json:
            emit_json(s)
        elif ddl:
            from dbagent.output import console

            console.print(render.sql_text(render.schema_ddl(s)))
        else:
            render.schema_tables(s)


@cli.command()
@click.argument("base")
@json_option
@click.pass_obj
def advise(obj: Ctx, base: str, as_json: bool) -> None:
    """Check BASE with agent.advise(): security and performance findings. Exits 1 when there are any.

    \b
    Example:
      dbagent advise acme || echo "see the findings above"
    """
    from dbagent import render

    as_json = wants_json(obj, as_json)
    with db_errors(as_json):
        with connect(obj.dsn()) as conn:
            base_id = resolve_base(conn, base)
            r = call(conn, "select agent.advise(%s)", [base_id])
        if as_json:
            emit_json(r)
        else:
            render.advisories(r)
        if r["findings"]:
            sys.exit(EXIT_FINDINGS)


@cli.command()
@click.argument("base", required=False)
@click.option("-n", "--limit", "limit", type=int, default=50, show_default=True, help="How many entries.")
@json_option
@click.pass_obj
def audit(obj: Ctx, base: str | None, limit: int, as_json: bool) -> None:
    """Show the audit (admin): who called which tool on BASE (or all bases), normalized SQL, outcome.

    \b
    Example:
      dbagent audit acme -n 20
    """
    as_json = wants_json(obj, as_json)
    with db_errors(as_json):
        with connect(obj.dsn()) as conn:
            rows = call(conn, "select agent.admin_audit(%s, %s)", [base, limit])
        if as_json:
            emit_json(rows)
            return
        table("audit", ["at", "role", "tool", "outcome", "sqlstate", "rule", "ms", "sql"],
              [[r["at"][:19], r["role_name"], r["tool"], r["outcome"], r.get("sqlstate"), r.get("rule"),
                round(r["duration_ms"] or 0, 1), (r.get("sql_normalized") or "")[:80]] for r in rows])


@base.command("limits")
@click.argument("name")
@click.option("--statement-timeout-ms", type=int)
@click.option("--lock-timeout-ms", type=int)
@click.option("--idle-in-transaction-timeout-ms", type=int)
@click.option("--max-sql-bytes", type=int)
@click.option("--max-statements", type=int)
@click.option("--max-rows", type=int)
@click.option("--max-result-bytes", type=int, help="Bytes of rows one execute_sql call returns at most.")
@click.option("--csv-timeout-ms", type=int, help="The clock of analyse_csv and import_csv (default: the statement timeout).")
@click.option("--retention-days", type=int, help="Days destroyed data stays recoverable (issue 15).")
@click.option("--confirm-destructive/--no-confirm-destructive", default=None,
              help="Ask to confirm calls that destroy data or lock big tables.")
@click.option("--keep-rows-fraction", type=float, help="Share of a table a DELETE/UPDATE must touch to keep its rows.")
@click.option("--keep-rows-min", type=int, help="Rows a DELETE/UPDATE must touch to keep them.")
@click.option("--big-table-rows", type=int, help="Table size from which locks and rewrites are warned about.")
@json_option
@click.pass_obj
def base_limits(obj: Ctx, name: str, as_json: bool, **limits: int | None) -> None:
    """Show or set the limits of base NAME (admin): timeouts, SQL size, statements, rows and bytes per call.

    \b
    Example:
      dbagent base limits acme --statement-timeout-ms 10000 --max-rows 200
    """
    as_json = wants_json(obj, as_json)
    with db_errors(as_json):
        changes = {k: v for k, v in limits.items() if v is not None}
        with connect(obj.dsn()) as conn:
            r = call(conn, "select agent.admin_set_limits(%s, %s::jsonb)", [name, json.dumps(changes)])
        if as_json:
            emit_json(r)
        else:
            table(f"limits of {text(name)}", list(r), [list(r.values())])


def _register_commands() -> None:
    from dbagent import agent_commands, csv_commands, doctor, recovery_commands
    from dbagent.serve import commands as serve_commands

    recovery_commands.register(cli)  # issue 15: base recoverable|restore|snapshot|clone|migrations|apply|dump|load|purge
    csv_commands.register(cli)
    agent_commands.register(cli)
    doctor.register(cli)
    serve_commands.register(cli)


_register_commands()


def _remember(attr: str) -> Any:
    def callback(ctx: click.Context, _param: click.Parameter, value: Any) -> Any:
        obj = ctx.find_object(Ctx)
        if value is not None and obj is not None:
            setattr(obj, attr, value)
        return value
    return callback


def _connection_options_everywhere(group: click.Group) -> None:
    """`dbagent install --dsn URI` as well as `dbagent --dsn URI install`: every command also
    takes the global --dsn and --home after its name (where it has no option of that name)."""
    for command in group.commands.values():
        if isinstance(command, click.Group):
            _connection_options_everywhere(command)
            continue
        taken = {opt for p in command.params for opt in getattr(p, "opts", ())}
        if "--dsn" not in taken:
            command.params.append(click.Option(
                ["--dsn"], expose_value=False, is_eager=True, callback=_remember("dsn_option"),
                help="Connection URI (default: $DBAGENT_DSN, else the embedded server)."))
        if "--home" not in taken:
            command.params.append(click.Option(
                ["--home"], type=click.Path(file_okay=False), expose_value=False, is_eager=True,
                callback=_remember("home"), help="The embedded server's home (default: per-user data folder)."))


_connection_options_everywhere(cli)


def main() -> None:
    try:
        cli.main(prog_name="dbagent", standalone_mode=True)
    except KeyboardInterrupt:
        sys.exit(EXIT_ERROR)


if __name__ == "__main__":
    main()
