"""``dbagent base recoverable|restore|snapshot|snapshots|clone|migrations|apply|dump|load|purge`` (issue 15).

Each command calls the ``agent.*`` functions of the same name; the logic lives in the database.
``migrations``/``apply`` write a base's history as numbered SQL files and replay them through
``execute_sql`` (both walls) into another base; ``dump``/``load`` move a base (schema and rows)
between dbagent databases as one JSON-lines file.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

import click
import psycopg

from dbagent.db import EXIT_FINDINGS, CliError, agent_dsn, call, connect, db_errors
from dbagent.output import dumps, emit_json, records, say, table

DUMP_FORMAT = "dbagent-dump"
ROWS_PER_LINE = 1000
UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
HEADER = re.compile(r"^-- dbagent migration (?P<n>\d+) of base (?P<base>\S+) \(schema (?P<schema>\S+)\)")


def _is_admin(conn: psycopg.Connection) -> bool:
    return bool(call(conn, "select pg_has_role(session_user, 'dbagent_admin', 'MEMBER') or "
                           "coalesce((select rolsuper from pg_roles where rolname = session_user), false)"))


def _credentials(dsn: str, r: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in r.items() if k not in ("agent_role", "agent_password")}
    if r.get("agent_password"):
        out["agent_dsn"] = agent_dsn(dsn, r["agent_role"], r["agent_password"])
    return out


def migration_files(history: dict[str, Any]) -> list[tuple[str, str]]:
    """The history as (file name, SQL text): numbered files, one migration each."""
    out = []
    width = max(4, len(str(len(history["migrations"]))))
    for i, m in enumerate(history["migrations"], start=1):
        head = (f"-- dbagent migration {i} of base {history['base']} (schema {history['schema']})\n"
                f"-- at {m['at']} by {m['by']} through {m['source']}\n")
        body = ";\n\n".join(s.rstrip().rstrip(";") for s in m["statements"]) + ";\n"
        out.append((f"{i:0{width}d}.sql", head + body))
    return out


def register(cli: click.Group) -> None:
    from dbagent.main import Ctx, json_option, resolve_base, wants_json

    base = cli.commands["base"]
    assert isinstance(base, click.Group)

    @base.command("recoverable")
    @click.argument("name")
    @json_option
    @click.pass_obj
    def recoverable(obj: Ctx, name: str, as_json: bool) -> None:
        """List what tool calls destroyed in base NAME and dbagent keeps (dropped tables and columns,
        truncated tables, rows deleted or changed in bulk), with the item ids `restore` takes.

        \b
        Example:
          dbagent base recoverable acme
        """
        as_json = wants_json(obj, as_json)
        with db_errors(as_json):
            with connect(obj.dsn()) as conn:
                r = call(conn, "select agent.recoverable(%s)", [resolve_base(conn, name)])
            if as_json:
                emit_json(r)
                return
            records(f"recoverable in {name} (kept {r['retention_days']} days)", [
                {**i, "at": str(i["at"])[:19], "what": i["operation"] + " " + i["kind"],
                 "table": i["table"] + (f" ({', '.join(i['columns'])})" if i.get("columns") else "")}
                for i in r["items"]], ["item", "what", "table", "rows", "at", "by", "call_sql"])

    @base.command("restore")
    @click.argument("name")
    @click.argument("what")
    @click.option("--as", "new_name", help="Restore a dropped table under this name.")
    @click.option("--skip-conflicts", is_flag=True, help="Skip deleted rows whose key exists again.")
    @json_option
    @click.pass_obj
    def restore(obj: Ctx, name: str, what: str, new_name: str | None, skip_conflicts: bool, as_json: bool) -> None:
        """Bring back WHAT in base NAME: a recoverable item or call id (see `recoverable`), or a
        snapshot (name or id, see `snapshots`; the current state is snapshotted first).

        \b
        Example:
          dbagent base restore acme 5f0c…                 # an item
          dbagent base restore acme before_migration      # a snapshot
        """
        as_json = wants_json(obj, as_json)
        with db_errors(as_json):
            with connect(obj.dsn()) as conn:
                base_id = resolve_base(conn, name)
                snaps = call(conn, "select agent.snapshots(%s)", [base_id])["snapshots"]
                if any(what in (s["name"], s["snapshot"]) for s in snaps):
                    r = call(conn, "select agent.restore_snapshot(%s, %s)", [base_id, what])
                else:
                    if not UUID.match(what):
                        raise CliError(f"{name} has no snapshot {what!r} and it is no item id",
                                       hint="`dbagent base recoverable NAME` and `dbagent base snapshots NAME` list them.")
                    options: dict[str, Any] = {}
                    if new_name:
                        options["name"] = new_name
                    if skip_conflicts:
                        options["on_conflict"] = "skip"
                    r = call(conn, "select agent.restore(%s, %s, %s::jsonb)", [base_id, what, json.dumps(options)])
            if as_json:
                emit_json(r)
                return
            if "restored" in r and isinstance(r["restored"], str):
                say(f"{name} is back at snapshot {r['restored']}; the state before is snapshot {r['before']['name']}")
                return
            for it in r["restored"]:
                what_back = ", ".join(t["table"] for t in it.get("tables", [])) or it.get("table")
                say(f"restored {it['operation']} {it['kind']}: {what_back} ({it.get('rows', '')} rows)".replace(" ( rows)", ""))
                for w in it.get("warnings", []):
                    say(f"[yellow]warning:[/yellow] {w}")

    @base.command("snapshot")
    @click.argument("name")
    @click.argument("snapshot", required=False)
    @json_option
    @click.pass_obj
    def snapshot(obj: Ctx, name: str, snapshot: str | None, as_json: bool) -> None:
        """Snapshot base NAME (schema and every row) as SNAPSHOT (default snap_<time>).

        \b
        Example:
          dbagent base snapshot acme before_migration
        """
        import time

        as_json = wants_json(obj, as_json)
        with db_errors(as_json):
            snap = snapshot or time.strftime("snap_%Y%m%d_%H%M%S", time.gmtime())
            with connect(obj.dsn()) as conn:
                r = call(conn, "select agent.snapshot_base(%s, %s)", [resolve_base(conn, name), snap])
            if as_json:
                emit_json(r)
            else:
                say(f"snapshot {r['name']} of {name}: {r['tables']} tables, {r['rows']} rows, {r['bytes']} bytes")

    @base.command("snapshots")
    @click.argument("name")
    @json_option
    @click.pass_obj
    def snapshots(obj: Ctx, name: str, as_json: bool) -> None:
        """List the snapshots of base NAME.

        \b
        Example:
          dbagent base snapshots acme
        """
        as_json = wants_json(obj, as_json)
        with db_errors(as_json):
            with connect(obj.dsn()) as conn:
                r = call(conn, "select agent.snapshots(%s)", [resolve_base(conn, name)])
            if as_json:
                emit_json(r)
            else:
                records(f"snapshots of {name}", [{**s, "at": str(s["at"])[:19]} for s in r["snapshots"]],
                        ["name", "tables", "rows", "bytes", "at", "by", "expires_at"])

    @base.command("clone")
    @click.argument("name")
    @click.argument("new")
    @click.option("--grant-to", help="Also grant the clone to this existing agent role (admin).")
    @json_option
    @click.pass_obj
    def clone(obj: Ctx, name: str, new: str, grant_to: str | None, as_json: bool) -> None:
        """Clone base NAME into a new base NEW: same tables, rows, views, functions, triggers,
        policies; its own schema and roles; one transaction. An admin gets the clone's agent URI;
        a project agent gets access to the clone (within its quota).

        \b
        Example:
          dbagent base clone acme acme_try
        """
        as_json = wants_json(obj, as_json)
        with db_errors(as_json):
            dsn = obj.dsn()
            with connect(dsn) as conn:
                if _is_admin(conn):
                    r = _credentials(dsn, call(conn, "select agent.admin_clone_base(%s, %s, %s)", [name, new, grant_to]))
                else:
                    r = call(conn, "select agent.clone_base(%s, %s)", [resolve_base(conn, name), new])
            if as_json:
                emit_json(r)
            else:
                table(f"base {r['name']} (a clone of {r['cloned_from']})", ["base_id", "schema", "agent_dsn"],
                      [[r["base_id"], r["schema"], r.get("agent_dsn", "(yours)")]],
                      caption=", ".join(f"{t}: {n} rows" for t, n in sorted(r["tables"].items())) or "no tables")

    @base.command("migrations")
    @click.argument("name")
    @click.option("--out", "out_dir", type=click.Path(file_okay=False), help="Write one numbered .sql file per migration here.")
    @json_option
    @click.pass_obj
    def migrations(obj: Ctx, name: str, out_dir: str | None, as_json: bool) -> None:
        """Write the schema history of base NAME as numbered SQL files (to replay with `apply`).

        \b
        Example:
          dbagent base migrations acme --out ./acme-migrations
        """
        as_json = wants_json(obj, as_json)
        with db_errors(as_json):
            with connect(obj.dsn()) as conn:
                history = call(conn, "select agent.base_migrations(%s)", [resolve_base(conn, name)])
            files = migration_files(history)
            if out_dir:
                d = Path(out_dir)
                d.mkdir(parents=True, exist_ok=True)
                if any(d.glob("*.sql")):
                    raise CliError(f"{d} already holds .sql files", hint="Write into an empty directory.")
                for fname, text in files:
                    (d / fname).write_text(text)
            if as_json:
                emit_json({"base": history["base"], "schema": history["schema"], "files": [f for f, _ in files],
                           "migrations": history["migrations"]} if out_dir else history)
            elif out_dir:
                say(f"wrote {len(files)} migrations of {name} to {out_dir}")
            else:
                for _f, text in files:
                    click.echo(text)

    @base.command("apply")
    @click.argument("name")
    @click.argument("directory", type=click.Path(exists=True, file_okay=False))
    @click.option("--yes", is_flag=True, help="Confirm migrations that destroy data in NAME (else stop there).")
    @json_option
    @click.pass_obj
    def apply(obj: Ctx, name: str, directory: str, yes: bool, as_json: bool) -> None:
        """Replay migration files (from `migrations --out`) into base NAME through execute_sql, in order,
        each one transaction. The source base's schema name is rewritten to NAME's.

        \b
        Example:
          dbagent base create acme_copy && dbagent base apply acme_copy ./acme-migrations
        """
        from dbagent_plpy.image import requalify

        as_json = wants_json(obj, as_json)
        with db_errors(as_json):
            files = sorted(Path(directory).glob("*.sql"))
            if not files:
                raise CliError(f"no .sql files in {directory}", hint="Write them with `dbagent base migrations NAME --out DIR`.")
            done = []
            with connect(obj.dsn()) as conn:
                base_id = resolve_base(conn, name)
                target = call(conn, "select agent.get_project()")
                schema = next(b["schema"] for b in target["bases"] if b["base_id"] == base_id)
                for f in files:
                    text = f.read_text()
                    m = HEADER.match(text)
                    sql = requalify(text, m.group("schema"), schema) if m and m.group("schema") != schema else text
                    r = call(conn, "select agent.execute_sql(%s, %s, '{}'::jsonb)", [base_id, sql])
                    if r.get("confirmation_required"):
                        if not yes:
                            out = {"applied": done, "stopped_at": f.name, "impact": r["impact"]}
                            if as_json:
                                emit_json(out)
                            else:
                                say(f"applied {len(done)} migrations; {f.name} would destroy data in {name}:")
                                click.echo(dumps(r["impact"]))
                                say("run again with --yes to confirm it")
                            sys.exit(EXIT_FINDINGS)
                        r = call(conn, "select agent.execute_sql(%s, %s, %s::jsonb)",
                                 [base_id, sql, json.dumps({"confirm": r["confirm"]})])
                    done.append(f.name)
            if as_json:
                emit_json({"applied": done})
            else:
                say(f"applied {len(done)} migrations to {name}")

    @base.command("dump")
    @click.argument("name")
    @click.option("--out", "out_file", type=click.Path(dir_okay=False), help="Write here (default: stdout).")
    @click.pass_obj
    def dump(obj: Ctx, name: str, out_file: str | None) -> None:
        """Dump base NAME (schema image and every row) as JSON lines, to load into another dbagent
        database with `load`. Admin; the base's tables are locked against writes meanwhile.

        \b
        Example:
          dbagent base dump acme --out acme.dump && dbagent --dsn $OTHER base load acme acme.dump
        """
        with db_errors(obj.as_json):
            fh = open(out_file, "w") if out_file else sys.stdout
            try:
                with connect(obj.dsn()) as conn:
                    conn.autocommit = False
                    conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
                    head = call(conn, "select agent.admin_dump_base(%s)", [name])
                    fh.write(json.dumps(head) + "\n")
                    counts = {}
                    for t in head["image"]["tables"]:
                        n = 0
                        with conn.cursor(name="dbagent_dump") as cur:
                            cur.execute("select r from agent.admin_dump_rows(%s, %s) r", [name, t["name"]])
                            while True:
                                batch = [r[0] for r in cur.fetchmany(ROWS_PER_LINE)]
                                if not batch:
                                    break
                                fh.write(json.dumps({"table": t["name"], "rows": batch}) + "\n")
                                n += len(batch)
                        counts[t["name"]] = n
                    fh.write(json.dumps({"end": True, "tables": counts}) + "\n")
                    conn.commit()  # keeps the audit row of the dump
            finally:
                if out_file:
                    fh.close()
            if out_file:
                say(f"dumped {name}: " + (", ".join(f"{t} {n} rows" for t, n in counts.items()) or "no tables")
                    + f" to {out_file}")

    @base.command("load")
    @click.argument("name")
    @click.argument("file", type=click.Path(exists=True, dir_okay=False, allow_dash=True))
    @json_option
    @click.pass_obj
    def load(obj: Ctx, name: str, file: str, as_json: bool) -> None:
        """Load a dump (from `dump`) into a new base NAME: every statement of its schema passes the
        parse wall and runs as the new base's owner role. Admin. Prints the new base's agent URI.

        \b
        Example:
          dbagent base load acme acme.dump --json
        """
        as_json = wants_json(obj, as_json)
        with db_errors(as_json):
            dsn = obj.dsn()
            fh = sys.stdin if file == "-" else open(file)
            created = None
            try:
                head = json.loads(fh.readline() or "{}")
                if head.get("format") != DUMP_FORMAT or head.get("version") != 1:
                    raise CliError(f"{file} is not a dbagent dump", hint="Write one with `dbagent base dump NAME`.")
                with connect(dsn) as conn:
                    try:
                        r = call(conn, "select agent.admin_load_base(%s, %s::jsonb)", [name, json.dumps(head["image"])])
                        created = name
                        ended = None
                        for line in fh:
                            rec = json.loads(line)
                            if rec.get("end"):
                                ended = rec
                                break
                            call(conn, "select agent.admin_load_rows(%s, %s, %s)", [name, rec["table"], rec["rows"]])
                        if ended is None:
                            raise CliError(f"{file} ends before its last line", hint="The dump is incomplete: dump again.")
                        counts = call(conn, "select agent.admin_load_finish(%s)", [name])["tables"]
                        if counts != ended["tables"]:
                            raise CliError("the rows loaded differ from the dump's count",
                                           detail=f"dump {ended['tables']}, loaded {counts}")
                    except BaseException:
                        if created:
                            conn.execute("select agent.admin_drop_base(%s)", [created])
                        raise
            finally:
                if fh is not sys.stdin:
                    fh.close()
            out = {**_credentials(dsn, r), "tables": counts}
            out.pop("load", None)
            if as_json:
                emit_json(out)
            else:
                table(f"base {name} (loaded from {file})", ["base_id", "schema", "agent_dsn"],
                      [[out["base_id"], out["schema"], out["agent_dsn"]]],
                      caption=", ".join(f"{t}: {n} rows" for t, n in sorted(counts.items())) or "no tables")

    @base.command("purge")
    @click.argument("name", required=False)
    @click.option("--all", "everything", is_flag=True, help="Purge every recoverable item of NAME now.")
    @click.option("--item", help="Purge this one item of NAME.")
    @json_option
    @click.pass_obj
    def purge(obj: Ctx, name: str | None, everything: bool, item: str | None, as_json: bool) -> None:
        """Purge what dbagent keeps for recovery (admin): the expired items and automatic snapshots
        of every base (or NAME); with --all or --item, those of NAME now. Gone for good.

        \b
        Example:
          dbagent base purge
          dbagent base purge acme --all
        """
        as_json = wants_json(obj, as_json)
        with db_errors(as_json):
            options: dict[str, Any] = {}
            if everything:
                options["all"] = True
            if item:
                options["item"] = item
            with connect(obj.dsn()) as conn:
                r = call(conn, "select agent.admin_purge(%s, %s::jsonb)", [name, json.dumps(options)])
            if as_json:
                emit_json(r)
            else:
                records("purged", r, ["base", "items", "snapshots"])
