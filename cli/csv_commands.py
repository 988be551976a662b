"""``dbagent csv analyse|import BASE SOURCE``: local files travel over the database connection.

SOURCE is a local path (uploaded in chunks with a progress bar, then referred to as
``upload:<id>``), an http(s) URL (fetched by the server), ``import:<path>`` (the server's
import directory) or ``upload:<id>`` (an earlier upload).

Memory: the upload holds one chunk (8 MiB) at a time and sends it as binary, whatever the
file's size; the server's side is bounded the same way.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import threading
import time
from pathlib import Path
from typing import Any

import click
import psycopg
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeElapsedColumn, TransferSpeedColumn

from dbagent.db import CliError, call, connect, db_errors
from dbagent.output import emit_json, err_console, say, table, text

CHUNK = 8 << 20


def upload(conn: psycopg.Connection, base_id: str, path: Path, *, show: bool) -> str:
    """Send PATH in chunks; return the source reference (upload:<id>)."""
    size = path.stat().st_size
    begin = call(conn, "select agent.upload_begin(%s, %s, %s)", [base_id, path.name, size])
    chunk = min(CHUNK, int(begin.get("chunk_bytes") or CHUNK))
    digest = hashlib.sha256()
    progress = Progress(TextColumn("uploading {task.description}"), BarColumn(), DownloadColumn(),
                        TransferSpeedColumn(), TimeElapsedColumn(), console=err_console, disable=not show,
                        transient=True)
    with progress, path.open("rb") as fh:
        task = progress.add_task(path.name, total=size)
        offset = 0
        while True:
            data = fh.read(chunk)
            if not data:
                break
            digest.update(data)
            # %b: the chunk travels as binary bytea (no hex text twice its size in this process)
            call(conn, "select agent.upload_chunk(%s, %s, %b)", [begin["source_id"], offset, data])
            offset += len(data)
            progress.update(task, completed=offset)
    done = call(conn, "select agent.upload_finish(%s, %s)", [begin["source_id"], digest.hexdigest()])
    return done["source"]


def resolve_source(conn: psycopg.Connection, base_id: str, source: str, *, show: bool) -> str:
    if source.startswith(("http://", "https://", "import:", "upload:")):
        return source
    path = Path(source)
    if not path.is_file():
        raise CliError(f"no such file: {source}", hint="Pass a local CSV path, an https URL, import:<path> or upload:<id>.")
    return upload(conn, base_id, path, show=show)


class ImportWatcher:
    """Shows the server's progress of a running import (pg_stat_progress_copy of our session)."""

    def __init__(self, dsn: str, pid: int, total: int | None, show: bool) -> None:
        self.dsn, self.pid, self.total, self.show = dsn, pid, total, show
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)

    def __enter__(self) -> ImportWatcher:
        if self.show:
            self.thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.stop.set()
        if self.show:
            self.thread.join(timeout=2)

    def run(self) -> None:
        started = time.monotonic()
        progress = Progress(TextColumn("importing"), BarColumn(), DownloadColumn(), TransferSpeedColumn(),
                            TextColumn("{task.fields[rows]} rows"), TimeElapsedColumn(), console=err_console,
                            transient=True)
        try:
            conn = psycopg.connect(self.dsn, autocommit=True, application_name="dbagent-progress")
        except psycopg.Error:
            return
        with conn, progress:
            task = progress.add_task("import", total=self.total, rows=0)
            while not self.stop.wait(0.25):
                try:
                    row = conn.execute(
                        "select bytes_processed, tuples_processed from pg_stat_progress_copy where pid = %s",
                        [self.pid]).fetchone()
                except psycopg.Error:
                    return
                if row:  # file_fdw reports the bytes it read; the rows only when COPY counts them
                    progress.update(task, completed=row[0], rows=row[1] or "…")
                elif time.monotonic() - started > 1:
                    progress.update(task, rows="…")


def register(cli: click.Group) -> None:
    from dbagent.main import Ctx, json_option, resolve_base, wants_json

    @cli.group()
    def csv() -> None:
        """Analyse and import CSV files (local files are uploaded over the connection)."""

    @csv.command("analyse")
    @click.argument("base")
    @click.argument("source")
    @click.option("--table-name", help="Name for the suggested table.")
    @click.option("--delimiter", help="Override the detected delimiter.")
    @click.option("--encoding", help="Override the detected encoding.")
    @json_option
    @click.pass_obj
    def analyse(obj: Ctx, base: str, source: str, table_name: str | None, delimiter: str | None,
                encoding: str | None, as_json: bool) -> None:
        """Profile SOURCE with agent.analyse_csv(): dialect, columns and exact types, a suggested table.

        \b
        Example:
          dbagent csv analyse acme ./customers.csv
          dbagent csv analyse acme https://example.com/data.csv --json
        """
        as_json = wants_json(obj, as_json)
        with db_errors(as_json):
            options = {k: v for k, v in {"table_name": table_name, "delimiter": delimiter,
                                         "encoding": encoding}.items() if v}
            with connect(obj.dsn()) as conn:
                base_id = resolve_base(conn, base)
                show = not as_json and sys.stderr.isatty()
                src = resolve_source(conn, base_id, source, show=show)
                with err_console.status("analysing (the whole file is read once)") if show else _nothing():
                    r = call(conn, "select agent.analyse_csv(%s, %s, %s::jsonb)", [base_id, src, json.dumps(options)])
            if as_json:
                emit_json(r)
                return
            _show_analysis(r)

    @csv.command("import")
    @click.argument("base")
    @click.argument("source")
    @click.option("--table", "table_name", required=True, help="The table to load (create it first).")
    @click.option("--map", "maps", multiple=True, metavar="CSV_COLUMN=COLUMN", help="Map a CSV column (repeatable).")
    @click.option("--skip-bad-rows", is_flag=True, help="Load the good rows and report the bad ones.")
    @click.option("--as-user", help="created_by/updated_by of the imported rows (an end user's uuid).")
    @click.option("--option", "extra", multiple=True, metavar="KEY=JSON", help="Another import option, e.g. datestyle='\"DMY\"'.")
    @json_option
    @click.pass_obj
    def import_(obj: Ctx, base: str, source: str, table_name: str, maps: tuple[str, ...], skip_bad_rows: bool,
                as_user: str | None, extra: tuple[str, ...], as_json: bool) -> None:
        """Load SOURCE into TABLE with agent.import_csv(): exact values, all rows or none.

        \b
        Example:
          dbagent csv import acme ./customers.csv --table customers
          dbagent csv import acme ./orders.csv --table orders --map "Order No=order_number"
        """
        as_json = wants_json(obj, as_json)
        with db_errors(as_json):
            mapping: dict[str, str] = {}
            for m in maps:
                if "=" not in m:
                    raise CliError(f"bad --map {m!r}", hint="Write --map CSV_COLUMN=COLUMN.")
                k, v = m.rsplit("=", 1)
                mapping[k] = v
            options: dict[str, Any] = {}
            if skip_bad_rows:
                options["on_error"] = "skip"
            if as_user:
                options["as_user"] = as_user
            for e in extra:
                k, _, v = e.partition("=")
                try:
                    options[k] = json.loads(v)
                except ValueError:
                    options[k] = v
            show = not as_json and sys.stderr.isatty()
            dsn = obj.dsn()
            with connect(dsn) as conn:
                base_id = resolve_base(conn, base)
                src = resolve_source(conn, base_id, source, show=show)
                size = os.path.getsize(source) if os.path.isfile(source) else None
                pid = conn.info.backend_pid
                with ImportWatcher(dsn, pid, size, show):
                    r = call(conn, "select agent.import_csv(%s, %s, %s, %s::jsonb, %s::jsonb)",
                             [base_id, src, table_name, json.dumps(mapping), json.dumps(options)])
            if as_json:
                emit_json(r)
                return
            say(f"[green]loaded {r['rows_loaded']} rows[/green] into {text(r['table'])} "
                f"({r['bytes'] / 1e6:.1f} MB, {r.get('mb_per_s', 0)} MB/s)")
            if r.get("unmapped_csv_columns"):
                say("not imported (unmapped): " + text(", ".join(r["unmapped_csv_columns"])))
            if r.get("bad_rows"):
                table("skipped rows", ["line", "column", "reason", "value"],
                      [[b.get("line"), b.get("column"), b.get("reason"), b.get("value")] for b in r["bad_rows"]])


class _nothing:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: Any) -> None:
        return None


def _show_analysis(r: dict[str, Any]) -> None:
    d = r["dialect"]
    say(text(f"{r['row_count']} rows · encoding {d['encoding']} · delimiter {d['delimiter']!r} · "
             f"quote {d['quote']!r} · header {d['header']}"))
    if d.get("encoding_confidence") == "low":
        say(f"[yellow]encoding {text(d['encoding'])} is a guess[/yellow] (other readings: "
            f"{text(', '.join(d.get('encoding_alternatives') or []) or 'none')}): import asks you to confirm it "
            "with --option encoding='\"...\"'")
    for u in r.get("uncertain", []):
        say(f"[yellow]uncertain:[/yellow] {text(u)}")
    for b in r.get("bad_lines") or []:
        where = f"line {b['line']}" + (f" (record {b['record']})" if b.get("record") else "")
        say(f"[red]bad line:[/red] {where}: {text(str(b.get('reason')))}")
    if (r.get("blank_lines") or {}).get("count"):
        say(f"blank lines skipped: {r['blank_lines']['count']}")
    if (r.get("comment_lines") or {}).get("count"):
        say(f"comment lines skipped: {r['comment_lines']['count']}")
    table("columns", ["column", "suggested", "pg type", "nulls", "empty", "distinct", "min", "max", "samples"],
          [[c["name"], c["suggested_name"], c["pg_type"], c.get("null_count"), c.get("empty_count"),
            c.get("distinct_count"), c.get("min"), c.get("max"), ", ".join(map(str, c.get("samples") or []))]
           for c in r["columns"]])
    if r.get("sensitive_findings"):
        say("[red]sensitive:[/red] " + text(json.dumps(r["sensitive_findings"], default=str)))
    from dbagent import render
    from dbagent.output import console

    console.print(render.sql_text(r.get("create_table_sql") or ""))
