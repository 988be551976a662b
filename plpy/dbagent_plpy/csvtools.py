"""analyse_csv, import_csv and the upload of sources: the SQL tools around the CSV engine.

import_csv, exact and all-or-nothing:

1. the source's dialect (csv_sniff, or the caller's overrides) and a file PostgreSQL's COPY
   parser reads exactly as analysed (csv_prepare);
2. the mapping CSV column -> table column (default: by snake_case name), checked before any
   load: unknown columns, system fields and missing required columns are errors; unmapped CSV
   columns are reported;
3. a scan for secret values (card numbers, keys, tokens) in the mapped columns;
4. the file is staged as a foreign table (file_fdw: PostgreSQL's COPY parser, all text) by
   dbagent_loader, the only role that may name server files;
5. referenced rows are verified: mapped foreign-key values that match no row are reported and
   nothing is loaded;
6. ``insert into <table> (...) select <casts> from <stage>`` runs through the base's executor,
   as the base's owner role (so its defaults, checks and triggers run with no more rights than
   the tenant has), in one subtransaction: every row or none;
7. on failure, the staged rows are bisected to find the first bad rows (row, column, reason,
   value redacted when it looks secret), and nothing stays. ``on_error: "skip"`` loads the good
   rows and reports each skipped one.

NULL handling: an unquoted empty field is NULL; a quoted empty field ("") is an empty string;
``null_string`` names another spelling of NULL (e.g. "NULL" or "\\N"); ``empty_as_null`` (a list
of table columns, or true for all non-text columns) turns empty strings into NULL.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import time
import uuid
from concurrent.futures import wait as futures_wait
from typing import Any

import plpy

from dbagent_plpy import audit, secrets, sources, storage
from dbagent_plpy.clock import Clock, grace_ms, libc
from dbagent_plpy.csv_engine import Cancelled
from dbagent_plpy.csv_sniff import CsvError
from dbagent_plpy.errors import ToolError

SYSTEM_FIELDS = ("id", "created_at", "updated_at", "created_by", "updated_by")
TEXT_TYPES = {"text", "character varying", "character", "citext", "name"}
DATE_TYPES = {"date", "timestamp with time zone", "timestamp without time zone"}
BAD_ROWS_DEFAULT = 20
ANALYSE_OPTIONS = {"delimiter", "quote", "escape", "header", "header_rows", "encoding", "skip_rows", "comment",
                   "table_name", "sample_values", "exact_distinct"}
IMPORT_OPTIONS = {"delimiter", "quote", "escape", "header", "header_rows", "encoding", "skip_rows", "comment", "as_user",
                  "on_error", "max_bad_rows", "null_string", "empty_as_null", "formats", "datestyle"}


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _settings() -> dict[str, Any]:
    rows = plpy.execute("select key, value::text as value from agent.setting")
    out = dict(sources.DEFAULTS)
    for r in rows:
        out[r["key"]] = json.loads(r["value"])
    return out


def _storage(settings: dict[str, Any]) -> str:
    root = settings.get("storage_dir")
    if not root:
        raise ToolError("58P01", "dbagent has no storage directory on this server",
                        hint="Run `dbagent install` again as a superuser; it sets storage_dir.")
    return root


def _base(base_id: Any) -> dict[str, Any]:
    try:
        return plpy.execute(plpy.prepare("select * from agent._base($1)", ["uuid"]), [base_id])[0]
    except plpy.SPIError as e:
        raise ToolError(e.sqlstate or "42501", str(e.args[0]) if e.args else str(e),
                        hint=(getattr(e, "spidata", None) or (None, None, None))[2]) from None


def _options(raw: Any, allowed: set[str]) -> dict[str, Any]:
    opts = json.loads(raw) if isinstance(raw, str) else dict(raw or {})
    if not isinstance(opts, dict):
        raise ToolError("22023", "options must be a JSON object")
    unknown = sorted(set(opts) - allowed)
    if unknown:
        raise ToolError("22023", f"unknown option {unknown[0]!r}", hint="Options: " + ", ".join(sorted(allowed)) + ".")
    return opts


def _error_json(e: Exception) -> str:
    if isinstance(e, ToolError):
        err = e.fields()
    elif isinstance(e, CsvError):
        err = {"sqlstate": getattr(e, "sqlstate", None) or "22023", "message": str(e),
               "detail": getattr(e, "detail", None), "hint": getattr(e, "hint", None)}
    elif isinstance(e, sources.SourceError):
        err = {"sqlstate": e.sqlstate, "message": str(e), "detail": e.detail, "hint": e.hint}
    else:
        raise e
    return json.dumps({"error": err})


def _audit(GD: dict[str, Any], row: dict[str, Any], ok: bool) -> None:
    audit.record(plpy, GD.setdefault("dbagent_plans", {}), row, autonomous=not ok)


# The tools that read a source or run tenant code (the target table's triggers, defaults and
# checks) run under the base's CSV clock; uploads only write bytes.
TIMED_TOOLS = frozenset({"analyse_csv", "import_csv"})


def _clock(GD: dict[str, Any], base_id: Any) -> Clock | None:
    """The call's clock: the base's csv_timeout_ms, or its statement timeout when none is set;
    past it plus the setting timeout_grace_ms the backend is ended (see clock.py)."""
    try:
        bid = str(uuid.UUID(str(base_id)))
    except ValueError:
        return None  # the tool itself refuses the base
    plan = GD.get("dbagent_csv_clock_plan")
    if plan is None:
        plan = GD["dbagent_csv_clock_plan"] = plpy.prepare(
            "select coalesce(b.csv_timeout_ms, b.statement_timeout_ms) as ms, b.csv_timeout_ms is not null as own "
            "from agent.base b where b.base_id = $1::uuid", ["text"])
    rows = plpy.execute(plan, [bid])
    if not len(rows):
        return None
    r = rows[0]
    return Clock(int(r["ms"]), libc(GD), grace_ms=grace_ms(GD),
                 what="the base's CSV timeout" if r["own"] else "the base's statement timeout")


def _timeout(clock: Clock) -> ToolError:
    return ToolError(
        "57014", f"canceling statement due to {clock.what} ({clock.ms} ms)",
        detail="Nothing of this call was kept.",
        hint="Split the file, or make the target table's triggers, defaults and checks cheaper; an admin raises "
             "the limit with agent.admin_set_limits (csv_timeout_ms).")


def _run_timed(GD: dict[str, Any], tool: str, base_id: Any, fn: Any, *args: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    clock = _clock(GD, base_id) if tool in TIMED_TOOLS else None
    if clock is None:
        return fn(*args)
    try:
        with clock:  # leaving the block stops the timers: what follows is dbagent's own work
            GD["dbagent_csv_clock"] = clock
            try:
                out = fn(*args)
            finally:
                GD.pop("dbagent_csv_clock", None)
    except BaseException:
        if clock.expired:  # whatever the error: the cancel (or DuckDB's interrupt) caused it
            raise _timeout(clock) from None
        raise
    if clock.expired:  # done, but past the deadline: nothing of it stays
        raise _timeout(clock)
    return out


def _call(GD: dict[str, Any], tool: str, base_id: Any, fn: Any, *args: Any) -> str:
    """Run a CSV tool under its clock; audit it; return its JSON, or {"error": ...} for
    agent._result() to raise (the call's transaction is then rolled back)."""
    started = time.monotonic()
    row: dict[str, Any] = {"tool": tool, "base_id": base_id}
    try:
        result, details = _run_timed(GD, tool, base_id, fn, *args)
    except (ToolError, CsvError, sources.SourceError) as e:
        row.update(outcome="denied" if getattr(e, "sqlstate", "") == "42501" else "error",
                   sqlstate=getattr(e, "sqlstate", None), message=str(e), rule=getattr(e, "rule", None),
                   duration_ms=(time.monotonic() - started) * 1000)
        _audit(GD, row, ok=False)
        return _error_json(e)
    row.update(outcome="ok", duration_ms=(time.monotonic() - started) * 1000, details=details)
    _audit(GD, row, ok=True)
    result["duration_ms"] = round((time.monotonic() - started) * 1000, 3)
    return json.dumps(result, default=str)


# ------------------------------------------------------------------------ uploads
def upload_begin(GD: dict[str, Any], base_id: Any, file_name: str | None, size: int | None) -> str:
    def go() -> tuple[dict[str, Any], dict[str, Any]]:
        base = _base(base_id)
        settings = _settings()
        name = os.path.basename(file_name or "upload.csv")[:200]
        storage.check_room(str(base["base_id"]), int(size or 0), "this upload")  # the announced size
        source_id, path = sources.begin_upload(_storage(settings), base["base_id"], name, size,
                                               int(settings["max_source_bytes"]))
        plpy.execute(plpy.prepare(
            "insert into agent.source (source_id, base_id, kind, name, path, expected_bytes, status, created_by) "
            "values ($1, $2, 'upload', $3, $4, $5, 'receiving', session_user)", ["uuid", "uuid", "text", "text", "int8"]),
            [source_id, base["base_id"], name, path, size])
        return ({"source_id": source_id, "source": f"upload:{source_id}", "chunk_bytes": sources.MAX_CHUNK},
                {"name": name, "expected_bytes": size})

    return _call(GD, "upload_begin", base_id, go)


def _upload_row(source_id: Any) -> dict[str, Any]:
    rows = plpy.execute(plpy.prepare(
        "select s.*, agent._may_use_base(s.base_id) as allowed from agent.source s where s.source_id = $1",
        ["uuid"]), [source_id])
    if not rows or not rows[0]["allowed"]:
        raise ToolError("42501", f"source {source_id} is not available to this role",
                        hint="Start an upload with agent.upload_begin(base_id, file_name).")
    return rows[0]


def upload_chunk(GD: dict[str, Any], source_id: Any, offset: int, data: bytes) -> str:
    """Hot path of uploads: no audit row per chunk (the upload's begin and finish are audited)."""
    try:
        src = _upload_row(source_id)
        if src["status"] != "receiving":
            raise ToolError("55000", "this upload is finished", hint="Start a new upload.")
        if data is None or len(data) > sources.MAX_CHUNK:
            raise ToolError("22023", f"chunks carry 1 to {sources.MAX_CHUNK} bytes")
        storage.before_chunk(GD, src, int(offset), len(data))  # the base's storage quota
        size = sources.write_chunk(src["path"], int(offset), bytes(data), int(_settings()["max_source_bytes"]))
        return json.dumps({"bytes": size})
    except (ToolError, sources.SourceError) as e:
        return _error_json(e)


def upload_finish(GD: dict[str, Any], source_id: Any, sha256: str | None) -> str:
    src_holder: dict[str, Any] = {}

    def go() -> tuple[dict[str, Any], dict[str, Any]]:
        src = _upload_row(source_id)
        src_holder.update(src)
        size = os.path.getsize(src["path"])
        if src["expected_bytes"] is not None and size != src["expected_bytes"]:
            raise ToolError("22023", f"received {size} bytes of the {src['expected_bytes']} announced",
                            hint="Send the missing chunks, then finish again.")
        digest = sources.sha256_file(src["path"])
        if sha256 and sha256.lower() != digest:
            raise ToolError("22023", "the file's sha256 does not match", hint="Upload it again.")
        plpy.execute(plpy.prepare(
            "update agent.source set status = 'ready', bytes = $2, sha256 = $3, completed_at = now() "
            "where source_id = $1", ["uuid", "int8", "text"]), [src["source_id"], size, digest])
        return ({"source": f"upload:{src['source_id']}", "bytes": size, "sha256": digest},
                {"bytes": size, "name": src["name"]})

    try:
        base_id = _upload_row(source_id)["base_id"]
    except ToolError as e:
        return _error_json(e)
    return _call(GD, "upload_finish", base_id, go)


# ------------------------------------------------------------------------ sources
def resolve(base: dict[str, Any], source: str, settings: dict[str, Any]) -> sources.Source:
    if not source:
        raise ToolError("22023", "source must not be empty",
                        hint="Pass upload:<id> (from agent.upload_begin), an https URL, or import:<path>.")
    m = sources.SOURCE_RE.match(source.strip())
    if m:
        rows = plpy.execute(plpy.prepare(
            "select * from agent.source where source_id = $1 and base_id = $2", ["uuid", "uuid"]),
            [m.group(2), base["base_id"]])
        if not rows:
            raise ToolError("42501", f"source {source} is not a source of this base",
                            hint="Upload the file to this base first (agent.upload_begin).")
        r = rows[0]
        if r["status"] == "expired":
            raise ToolError("55000", "this source has expired: its file was deleted after the retention period",
                            hint="Upload the file again (dbagent csv import sends it).")
        if r["status"] != "ready":
            raise ToolError("55000", "this upload is not finished", hint="Call agent.upload_finish first.")
        return sources.Source(str(r["source_id"]), r["kind"], r["name"], r["path"], int(r["bytes"]))
    if source.startswith(("http://", "https://")):
        return _fetch(base, source, settings)
    if source.startswith("import:"):
        rel = source[len("import:"):]
        path = sources.import_path(settings.get("import_dir"), rel)
        row = plpy.execute(plpy.prepare(
            "insert into agent.source (base_id, kind, name, path, bytes, status, created_by, completed_at) "
            "values ($1, 'import', $2, $3, $4, 'ready', session_user, now()) "
            "on conflict (base_id, path) where kind = 'import' do update set bytes = excluded.bytes "
            "returning source_id", ["uuid", "text", "text", "int8"]),
            [base["base_id"], rel, path, os.path.getsize(path)])
        return sources.Source(str(row[0]["source_id"]), "import", rel, path, os.path.getsize(path))
    raise ToolError("22023", f"cannot read source {source[:80]!r}",
                    hint="Pass upload:<id> (the CLI uploads a local file for you), an https URL, or import:<path>.")


def _fetch(base: dict[str, Any], url: str, settings: dict[str, Any]) -> sources.Source:
    source_id = str(uuid.uuid4())
    path = os.path.join(sources.base_dir(_storage(settings), base["base_id"]), source_id + ".csv")
    try:
        size, final = sources.fetch(url, path, allowlist=list(settings.get("url_allowlist") or []),
                                    max_bytes=int(settings["max_source_bytes"]),
                                    timeout_s=float(settings["url_timeout_s"]),
                                    max_redirects=int(settings["url_max_redirects"]),
                                    quota_room=storage.room(str(base["base_id"])))
    except Exception:
        if os.path.exists(path):
            os.unlink(path)
        raise
    plpy.execute(plpy.prepare(
        "insert into agent.source (source_id, base_id, kind, name, path, bytes, status, created_by, completed_at) "
        "values ($1, $2, 'url', $3, $4, $5, 'ready', session_user, now())",
        ["uuid", "uuid", "text", "text", "int8"]), [source_id, base["base_id"], url[:2000], path, size])
    return sources.Source(source_id, "url", url, path, size)


_DIALECT_OPTIONS = ("delimiter", "quote", "escape", "header", "header_rows", "skip_rows", "comment")


def _dialect(path: str, opts: dict[str, Any]) -> dict[str, Any]:
    """Sniff the file, around what the caller set."""
    from dbagent_plpy import csv_sniff
    from dbagent_plpy.csv_prepare import normalise_encoding

    overrides: dict[str, Any] = {}
    for key in _DIALECT_OPTIONS:
        if key in opts:
            v = opts[key]
            if key in ("delimiter",) and (not isinstance(v, str) or len(v) != 1):
                raise ToolError("22023", f"option {key} must be one character")
            if key in ("quote", "escape", "comment") and v is not None and (not isinstance(v, str) or len(v) != 1):
                raise ToolError("22023", f"option {key} must be one character or null")
            if key == "header" and not isinstance(v, bool):
                raise ToolError("22023", "option header must be true or false")
            if key in ("skip_rows", "header_rows") and (not isinstance(v, int) or isinstance(v, bool) or v < 0):
                raise ToolError("22023", f"option {key} must be a non-negative integer")
            overrides[key] = v
    encoding = normalise_encoding(str(opts["encoding"])) if opts.get("encoding") else None
    return csv_sniff.sniff(path, encoding=encoding, overrides=overrides)


def _engine(GD: dict[str, Any], settings: dict[str, Any], work: str) -> Any:
    """The call's CSV engine (limits from the settings), kept in GD["dbagent_csv_engine"] while
    the call runs so that a clock can interrupt it."""
    from dbagent_plpy.csv_engine import Engine, limits_from_settings

    eng = Engine(limits_from_settings(settings), work)
    GD["dbagent_csv_engine"] = eng
    clock = GD.get("dbagent_csv_clock")
    if clock is not None:
        clock.watch(eng)  # at the deadline: DuckDB's queries are interrupted, Python loops stop
    return eng


def _work_dir(settings: dict[str, Any]) -> str:
    work = os.path.join(_storage(settings), "tmp", str(uuid.uuid4()))
    os.makedirs(work, mode=0o700, exist_ok=True)
    return work


# ------------------------------------------------------------------------ analyse
def analyse_csv(GD: dict[str, Any], base_id: Any, source: str, options: Any) -> str:
    def go() -> tuple[dict[str, Any], dict[str, Any]]:
        from dbagent_plpy import csv_profile

        timings: dict[str, float] = {}
        lap = [time.monotonic()]

        def mark(name: str) -> None:
            now = time.monotonic()
            timings[name] = round((now - lap[0]) * 1000, 1)
            lap[0] = now

        base = _base(base_id)
        opts = _options(options, ANALYSE_OPTIONS)
        settings = _settings()
        src = resolve(base, source, settings)
        work = _work_dir(settings)
        engine = _engine(GD, settings, work)
        mark("source_ms")
        try:
            dialect = _dialect(src.path, opts)
            mark("sniff_ms")
            stem = os.path.splitext(os.path.basename(src.name.split("?")[0]))[0] or None
            exact = opts.get("exact_distinct")
            if exact is not None and not isinstance(exact, bool):
                raise ToolError("22023", "option exact_distinct must be true or false")
            existing = _existing_tables(base)
            mark("tables_ms")
            prof = csv_profile.profile(src.path, dialect, existing_tables=existing, work_dir=work,
                                       table_name=opts.get("table_name") or stem,
                                       sample_values=int(opts.get("sample_values", 5)), engine=engine,
                                       exact_distinct=exact)
            mark("profile_ms")
            rd = prof["reading"]
            effective = dict(dialect, mixed_newlines=rd.get("mixed_newlines", False))
            for key in ("encoding", "encoding_confidence", "encoding_alternatives"):
                if rd.get(key) is not None:
                    effective[key] = rd[key]
            if src.source_id:
                plan = {"reading": prof["reading"], "formats": prof.get("formats") or {},
                        "columns": [c["name"] for c in prof["columns"]]}
                plpy.execute(plpy.prepare(
                    "update agent.source set fingerprint = $2, dialect = $3::jsonb, copy_plan = $4::jsonb "
                    "where source_id = $1", ["uuid", "text", "text", "text"]),
                    [src.source_id, _fingerprint(src.path), json.dumps(_stored_dialect(effective), default=str),
                     json.dumps(plan, default=str)])
            mark("store_ms")
            prof["foreign_key_candidates"] = _verify_fk_candidates(GD, base, src, effective, prof, engine)
            mark("references_ms")
        finally:
            GD.pop("dbagent_csv_engine", None)
            engine.close_all()
            shutil.rmtree(work, ignore_errors=True)
        result = {"base_id": str(base["base_id"]), "source": _source_ref(src), "bytes": src.bytes,
                  "dialect": _reported_dialect(effective),
                  "uncertain": dialect.get("uncertain", []), **prof}
        result["dialect"] = _reported_dialect(effective)
        if dialect.get("header_problem"):
            result["header_problem"] = dialect["header_problem"]
        result.pop("reading", None)
        result["timings"] = {**timings, **(prof.get("timings") or {})}
        return result, {"bytes": src.bytes, "rows": prof.get("row_count")}

    return _call(GD, "analyse_csv", base_id, go)


_STORED_DIALECT_KEYS = ("encoding", "encoding_confidence", "encoding_alternatives", "encoding_equivalent",
                        "encoding_declared", "delimiter",
                        "quote", "escape", "initial_space", "quotes_literal", "header", "header_rows", "header_lines",
                        "header_problem", "skip_rows", "data_line", "duckdb_skip", "comment", "comment_lines",
                        "newline", "mixed_newlines", "columns", "column_count", "confidence", "sample_is_whole_file")


def _stored_dialect(d: dict[str, Any]) -> dict[str, Any]:
    return {k: d.get(k) for k in _STORED_DIALECT_KEYS}


def _reported_dialect(d: dict[str, Any]) -> dict[str, Any]:
    out = {k: d.get(k) for k in ("encoding", "delimiter", "quote", "escape", "header", "header_rows", "skip_rows",
                                 "comment", "newline", "column_count", "confidence")}
    out["encoding_confidence"] = d.get("encoding_confidence", "high")
    if d.get("encoding_alternatives"):
        out["encoding_alternatives"] = d["encoding_alternatives"]
    if d.get("quotes_literal"):
        out["quotes_literal"] = True
    if d.get("initial_space"):
        out["spaces_before_quotes"] = True
    return out


def _fingerprint(path: str) -> str:
    st = os.stat(path)
    return f"{st.st_size}:{st.st_mtime_ns}:{st.st_ino}"


def _known_plan(src: sources.Source, opts: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """The dialect and reading analyse_csv stored for this unchanged file, if any."""
    if not src.source_id or any(k in opts for k in _DIALECT_OPTIONS + ("encoding",)):
        return None
    rows = plpy.execute(plpy.prepare(
        "select fingerprint, dialect::text as dialect, copy_plan::text as plan from agent.source where source_id = $1",
        ["uuid"]), [src.source_id])
    if not rows or not rows[0]["plan"] or rows[0]["fingerprint"] != _fingerprint(src.path):
        return None
    plan = json.loads(rows[0]["plan"])
    if "reading" not in plan:
        return None  # stored by an older version
    return json.loads(rows[0]["dialect"]), plan


def _source_ref(src: sources.Source) -> str:
    if src.kind == "import":
        return "import:" + src.name
    return f"upload:{src.source_id}" if src.kind == "upload" else src.name


def _existing_tables(base: dict[str, Any]) -> list[dict[str, Any]]:
    rows = plpy.execute(plpy.prepare("""
        select c.relname::text as table,
               (select json_agg(json_build_object('name', a.attname, 'type', pg_catalog.format_type(a.atttypid, a.atttypmod))
                                order by a.attnum)
                from pg_catalog.pg_attribute a where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped) as columns,
               (select json_agg(k.cols) from (
                    select array(select a.attname::text from pg_catalog.unnest(x.conkey) u(n)
                                 join pg_catalog.pg_attribute a on a.attrelid = x.conrelid and a.attnum = u.n) as cols
                    from pg_catalog.pg_constraint x where x.conrelid = c.oid and x.contype in ('p', 'u')) k) as keys
        from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
        where n.nspname = $1 and c.relkind in ('r', 'p') order by c.relname
    """, ["text"]), [base["schema_name"]])
    return [{"table": r["table"], "columns": json.loads(r["columns"] or "[]"), "keys": json.loads(r["keys"] or "[]")}
            for r in rows]


def _verify_fk_candidates(GD: dict[str, Any], base: dict[str, Any], src: sources.Source, dialect: dict[str, Any],
                          prof: dict[str, Any], engine: Any) -> list[dict[str, Any]]:
    """Check each candidate against the referenced table's rows: how many CSV values match none."""
    cands = prof.get("foreign_key_candidates") or []
    if not cands:
        return []
    import duckdb

    from dbagent_plpy import csv_prepare
    from dbagent_plpy.csv_profile import _rel_factory, reading_source

    if csv_prepare.duckdb_encoding(dialect.get("encoding") or "utf-8") is None or prof["reading"].get("copied"):
        return [dict(c, verified=False, note="not verified: the file is read through a copy") for c in cands]
    positions = {c["suggested_name"]: i + 1 for i, c in enumerate(prof["columns"])}
    out = []
    temps: list[str] = []
    source = reading_source(src.path, dialect, engine.work_dir or "/tmp", temps,
                            from_offset=bool(prof["reading"].get("from_offset")), engine=engine)
    con = engine.connect()
    try:
        reader, params = _rel_factory(source, dialect, int(dialect["column_count"]))(strict=False)
        for cand in cands:
            pos = positions.get(cand.get("column"))
            if pos is None:
                out.append(cand)
                continue
            try:
                values = [r[0] for r in con.execute(
                    f"select distinct c{pos} from {reader} where c{pos} is not null limit 10001", params).fetchall()]
            except duckdb.Error as e:
                from dbagent_plpy.csv_engine import duckdb_error

                raise duckdb_error(e, what="could not read the csv file") from None
            if len(values) > 10000:
                out.append(dict(cand, verified=False, note="more than 10,000 distinct values: not verified"))
                continue
            missing = _missing_references(GD, base, cand["table"], cand["table_column"], values)
            out.append(dict(cand, distinct_values=len(values), missing_values=missing, verified=missing == 0))
    finally:
        engine.close(con)
        for t in temps:
            if os.path.exists(t):
                os.unlink(t)
    return out


def _missing_references(GD: dict[str, Any], base: dict[str, Any], table: str, column: str, values: list[str]) -> int:
    """How many of VALUES match no row of TABLE.COLUMN, seen as the base's owner role."""
    from dbagent_plpy.executor import executor_name, run_statement

    arr = "array[" + ",".join(plpy.quote_literal(v) for v in values) + "]::text[]" if values else "array[]::text[]"
    sql = (f"select count(*) from pg_catalog.unnest({arr}) v where not exists "
           f"(select from {_q(base['schema_name'])}.{_q(table)} t where t.{_q(column)}::text = v)")
    res = run_statement(GD, executor_name(base["base_id"]), sql, max_rows=1, mode="rows")
    return int(res["rows"][0][0])


# ------------------------------------------------------------------------ import
def import_csv(GD: dict[str, Any], base_id: Any, source: str, table: str, mapping: Any, options: Any) -> str:
    def go() -> tuple[dict[str, Any], dict[str, Any]]:
        return Importer(GD, base_id, source, table, mapping, options).run()

    return _call(GD, "import_csv", base_id, go)


class Importer:
    def __init__(self, GD: dict[str, Any], base_id: Any, source: str, table: str, mapping: Any, options: Any) -> None:
        self.GD = GD
        self.base = _base(base_id)
        self.opts = _options(options, IMPORT_OPTIONS)
        self.settings = _settings()
        self.source = source
        self.table = table
        self.mapping_given = json.loads(mapping) if isinstance(mapping, str) else dict(mapping or {})
        self.notes: list[str] = []
        self.stage: str | None = None
        self.work: str | None = None
        self.engine: Any = None
        self.scan: Any = None  # the secret scan's future (DuckDB, beside the load)
        self.src: sources.Source | None = None
        self.dialect: dict[str, Any] = {}
        self.reading: dict[str, Any] = {}
        self.formats: dict[str, Any] = {}
        self.skipped_records: list[int] = []  # original record numbers DuckDB left out (skip mode)
        self.timings: dict[str, float] = {}
        self._t = time.monotonic()

    def lap(self, name: str) -> None:
        now = time.monotonic()
        self.timings[name] = round((now - self._t) * 1000, 1)
        self._t = now

    # -- the run
    def run(self) -> tuple[dict[str, Any], dict[str, Any]]:
        from dbagent_plpy import csv_prepare, csv_profile

        started = time.monotonic()
        if not self.table:
            raise ToolError("22023", "table_name must not be empty", hint="Create the table first with execute_sql.")
        on_error = self.opts.get("on_error", "abort")
        if on_error not in ("abort", "skip"):
            raise ToolError("22023", 'on_error must be "abort" or "skip"')
        skip_bad = on_error == "skip"
        columns = self.table_columns()
        src = self.src = resolve(self.base, self.source, self.settings)
        self.lap("source_ms")
        self.work = _work_dir(self.settings)
        self.engine = _engine(self.GD, self.settings, self.work)
        try:
            known = _known_plan(src, self.opts)
            if known:
                self.dialect, plan = known
                self.reading = plan["reading"]
                self.formats = plan.get("formats") or {}
                self.notes.append("the file is unchanged since analyse_csv: its reading and formats were reused")
            else:
                self.dialect = _dialect(src.path, self.opts)
                self.lap("sniff_ms")
                prof = csv_profile.profile(src.path, self.dialect, work_dir=self.work, engine=self.engine, stats=False)
                self.reading = prof["reading"]
                self.dialect = dict(self.dialect, mixed_newlines=self.reading.get("mixed_newlines", False))
                for key in ("encoding", "encoding_confidence", "encoding_alternatives"):
                    if self.reading.get(key) is not None:
                        self.dialect[key] = self.reading[key]
            self.lap("check_ms")
            self.check_encoding()
            self.check_reading(skip_bad)
            dialect = self.dialect
            csv_cols = list(dialect.get("columns") or [f"column{i + 1}" for i in range(int(dialect["column_count"]))])
            plan = self.plan_mapping(csv_cols, columns)
            prep = csv_prepare.prepare_for_copy(src.path, dialect, self.work, reading=self.reading,
                                                skip_bad_rows=skip_bad, engine=self.engine)
            for skipped in prep.get("skipped") or []:
                self.notes.append(f"skipped {_line_label(skipped)}: {skipped['reason']}")
            if prep.get("skipped"):
                known_rec = [s_["record"] for s_ in prep["skipped"] if s_.get("record") is not None]
                self.skipped_records = known_rec if len(known_rec) == len(prep["skipped"]) else \
                    self.records_of_lines([s_["line"] for s_ in prep["skipped"]])
            if self.reading.get("blank_lines"):
                self.notes.append(f"{self.reading['blank_lines']} blank line(s) skipped")
            if self.reading.get("comment_lines"):
                self.notes.append(f"{self.reading['comment_lines']} comment line(s) skipped")
            self.lap("prepare_ms")
            self.stage = "f_" + uuid.uuid4().hex
            self.stage_file(prep, int(dialect["column_count"]))
            # The secret scan (DuckDB, in threads that need no lock of ours) runs while PostgreSQL
            # loads; a secret found afterwards still fails the whole call, so nothing stays.
            scan = self.scan = self.start_secret_scan(prep, plan)
            self.check_references(plan, columns)
            self.lap("references_ms")
            loaded, bad = self.load(plan, columns, expected=int(prep["rows"]))
            storage.after_write(self.GD, self.base, None, None, tags=["INSERT"])  # the base's storage quota
            self.lap("load_ms")
            self.judge_secrets(plan, scan.result())
            self.lap("secret_scan_wait_ms")
        finally:
            try:
                if self.stage:  # (a cancel of the clock may stop this too: the rollback drops the stage)
                    plpy.execute(plpy.prepare("select agent_exec.unstage($1)", ["text"]), [self.stage])
            finally:
                self.GD.pop("dbagent_csv_engine", None)
                if self.engine is not None:
                    if self.scan is not None and not self.scan.done():
                        # the call failed while the secret scan ran (a quota, the clock): stop it and
                        # let it close its own connection (DuckDB refuses to close a busy one)
                        self.engine.interrupt()
                        futures_wait([self.scan])
                    self.engine.close_all()
                shutil.rmtree(self.work, ignore_errors=True)
        skipped_lines = [{k_: s_[k_] for k_ in ("line", "record", "reason") if k_ in s_}
                         for s_ in prep.get("skipped") or []]
        result = {
            "table": self.table,
            "rows_loaded": loaded,
            "rows_skipped": len(bad) + len(skipped_lines),
            "bad_rows": bad,
            "unreadable_rows": skipped_lines,
            "blank_lines_skipped": int(self.reading.get("blank_lines") or 0),
            "comment_lines_skipped": int(self.reading.get("comment_lines") or 0),
            "bytes": src.bytes,
            "source": _source_ref(src),
            "mapping": {csv_cols[p["csv_index"]]: p["column"] for p in plan},
            "unmapped_csv_columns": [c for i, c in enumerate(csv_cols) if i not in {p["csv_index"] for p in plan}],
            "dialect": _reported_dialect(self.dialect),
            "formats_used": {p["column"]: p["format"] for p in plan if p.get("format")},
            "notes": self.notes,
            "timings": self.timings,
        }
        seconds = max(time.monotonic() - started, 1e-6)
        result["mb_per_s"] = round(src.bytes / seconds / 1e6, 1)
        return result, {"bytes": src.bytes, "rows_loaded": loaded, "rows_skipped": result["rows_skipped"],
                        "table": self.table}

    # -- what the reading found
    def check_encoding(self) -> None:
        d = self.dialect
        if d.get("encoding_confidence", "high") == "high" or self.opts.get("encoding"):
            return
        alts = [d.get("encoding")] + list(d.get("encoding_alternatives") or [])
        raise ToolError(
            "22023",
            f"the file's encoding is uncertain ({' or '.join(a for a in alts if a)}); nothing was loaded",
            detail="analyse_csv could not tell these encodings apart with confidence; a wrong guess would load "
                   "garbled text.",
            hint=f'Look at the text (analyse_csv shows samples) and pass the encoding: {{"encoding": "{alts[0]}"}}.',
        )

    def check_reading(self, skip_bad: bool) -> None:
        r = self.reading
        qe = r.get("quote_error")
        if qe:
            where = self.where(int(qe["line"]))
            raise ToolError(
                "22P04", f"{where}: {qe['reason']}; nothing was loaded",
                detail=f"{where}: {qe['reason']}. PostgreSQL and DuckDB read such a record differently, so it is "
                       "refused in any mode.",
                hint='Fix that line (quote the whole field and double the quotes inside it), or pass {"quote": null} '
                     "if quote characters are data in this file.")
        bad_enc = r.get("invalid_encoding_lines") or []
        if bad_enc:
            where = self.where(int(bad_enc[0]))
            raise ToolError("22021", f"{where} is not valid {self.dialect.get('encoding') or 'UTF-8'}; nothing was loaded",
                            detail="\n".join(f"{self.where(int(x))}: bytes that are not valid UTF-8" for x in bad_enc[:20]),
                            hint='Pass the file\'s real encoding, e.g. {"encoding": "cp1252"}.')
        if r.get("bad_records") and not skip_bad:
            bad = r.get("bad_lines") or []
            lines = [f"{_line_label(b)}: {b['reason']}" for b in bad[:20]]
            n = int(r["bad_records"])
            raise ToolError(
                "22P04", f"{n}{'+' if r.get('bad_records_capped') else ''} record(s) cannot be read as "
                         f"{self.dialect.get('column_count')} fields; nothing was loaded",
                detail="\n".join(lines),
                hint='Fix those lines (a missing quote or delimiter), set the dialect (delimiter, quote) if it was '
                     'misdetected, or pass {"on_error": "skip"} to leave them out.')

    def where(self, line: int) -> str:
        """"line N (record R)" for a bad record starting on line N."""
        rec = self.records_of_lines([line])
        return f"line {line}" + (f" (record {rec[0]})" if rec else "")

    def records_of_lines(self, lines: list[int]) -> list[int]:
        """Data record numbers of records starting on LINES (of the original file)."""
        from dbagent_plpy import csv_scan
        from dbagent_plpy.csv_prepare import _bom_len, _skip_lines_bytes

        d = self.dialect
        if not lines or self.src is None or not _scan_ready(d):
            return []
        data_line = int(d.get("data_line") or 1)
        with open(self.src.path, "rb") as fh:
            start = _skip_lines_bytes(fh, _bom_len(self.src.path, d.get("encoding") or "utf-8"), data_line - 1)
        offsets = {}
        for ln in lines:
            off = csv_scan.line_offset(self.src.path, ln, newline=d.get("newline") or "\n", check=self.engine.check)
            if off is not None:
                offsets[off] = ln
        nums = csv_scan.record_numbers(self.src.path, d, start=start, offsets=list(offsets),
                                       comment=d.get("comment"), check=self.engine.check)
        return [nums[o] for o in offsets if o in nums]

    def lines_of_records(self, records: list[int]) -> dict[int, int]:
        """The original file's line where each data record (1-based) starts."""
        from dbagent_plpy import csv_scan
        from dbagent_plpy.csv_prepare import _bom_len, _skip_lines_bytes

        d = self.dialect
        if not records or self.src is None or not _scan_ready(d):
            return {}
        data_line = int(d.get("data_line") or 1)
        with open(self.src.path, "rb") as fh:
            start = _skip_lines_bytes(fh, _bom_len(self.src.path, d.get("encoding") or "utf-8"), data_line - 1)
        return csv_scan.record_lines(self.src.path, d, start=start, start_line=data_line, records=records,
                                     comment=d.get("comment"), check=self.engine.check)

    def original_record(self, row_no: int) -> int:
        """The file's data record number of row ROW_NO of the staged file (skip mode leaves
        unreadable records out of it)."""
        r = row_no
        for x in sorted(self.skipped_records):
            if x <= r:
                r += 1
        return r

    # -- the target table
    def table_columns(self) -> dict[str, dict[str, Any]]:
        rows = plpy.execute(plpy.prepare("""
            select a.attname::text as name, pg_catalog.format_type(a.atttypid, a.atttypmod) as type,
                   a.attnotnull as not_null, (d.adbin is not null or a.attidentity <> '') as has_default,
                   a.attgenerated <> '' as generated, a.attidentity = 'a' as identity_always,
                   t.typcategory as category
            from pg_catalog.pg_attribute a
            join pg_catalog.pg_class c on c.oid = a.attrelid
            join pg_catalog.pg_namespace n on n.oid = c.relnamespace
            join pg_catalog.pg_type t on t.oid = a.atttypid
            left join pg_catalog.pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
            where n.nspname = $1 and c.relname = $2 and c.relkind in ('r', 'p') and a.attnum > 0 and not a.attisdropped
            order by a.attnum
        """, ["text", "text"]), [self.base["schema_name"], self.table])
        if not rows:
            raise ToolError("42P01", f'table "{self.table}" does not exist in this base',
                            hint="Create it first with execute_sql (analyse_csv suggests a CREATE TABLE).")
        return {r["name"]: dict(r) for r in rows}

    def plan_mapping(self, csv_cols: list[str], columns: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
        from dbagent_plpy.csv_profile import suggest_names

        suggested = suggest_names(csv_cols)
        by_name: dict[str, int] = {}
        for i, (orig, sug) in enumerate(zip(csv_cols, suggested)):
            by_name.setdefault(orig, i)
            by_name.setdefault(sug, i)
        pairs: list[tuple[int, str]] = []
        if self.mapping_given:
            for csv_name, col in self.mapping_given.items():
                if csv_name not in by_name:
                    raise ToolError("42703", f'the CSV has no column "{csv_name}"',
                                    hint="CSV columns: " + ", ".join(csv_cols[:50]) + ".")
                if not isinstance(col, str) or col not in columns:
                    raise ToolError("42703", f'table {self.table} has no column "{col}"',
                                    hint="Map CSV columns to columns of the table (agent.get_schema lists them).")
                pairs.append((by_name[csv_name], col))
        else:
            for i, sug in enumerate(suggested):
                if sug in columns and sug not in SYSTEM_FIELDS:
                    pairs.append((i, sug))
            if not pairs:
                raise ToolError("22023", f"no CSV column matches a column of {self.table} by name",
                                hint='Pass a mapping: {"CSV column": "table_column", ...}.')
        seen: set[str] = set()
        plan = []
        for i, col in pairs:
            if col in SYSTEM_FIELDS:
                raise ToolError("42501", f'"{col}" is a system field; imports do not write it',
                                rule="system_fields",
                                hint="dbagent sets id, created_at, updated_at, created_by, updated_by; map the CSV's "
                                     "own id to a column such as source_id.")
            info = columns[col]
            if info["generated"] or info["identity_always"]:
                raise ToolError("428C9", f'column "{col}" is generated; imports do not write it')
            if col in seen:
                raise ToolError("42701", f'column "{col}" is mapped twice')
            seen.add(col)
            entry = {"csv_index": i, "csv_name": csv_cols[i], "column": col, "type": info["type"]}
            entry["format"] = self.fmt_for(entry)
            plan.append(entry)
        missing = [n for n, c in columns.items()
                   if c["not_null"] and not c["has_default"] and not c["generated"] and n not in seen]
        if missing:
            raise ToolError("23502", f"the mapping leaves required columns of {self.table} empty: {', '.join(missing)}",
                            hint="Map a CSV column to each of them, or give them a default; nothing was loaded.")
        return plan

    # -- secrets
    def start_secret_scan(self, prep: dict[str, Any], plan: list[dict[str, Any]]) -> Any:
        """Find candidate secret values with a regular expression: DuckDB reads the prepared file
        (in a background thread), the way the load reads it. Returns a future of rows (row, values)."""
        from concurrent.futures import ThreadPoolExecutor

        from dbagent_plpy.csv_prepare import read_csv_sql

        cols = [f"c{p['csv_index'] + 1}" for p in plan]
        o = prep["copy_options"]
        if prep["rewritten"]:
            d = {"delimiter": ",", "quote": '"', "escape": '"'}
            skip = 0
        else:
            d = {"delimiter": o["delimiter"], "quote": self.dialect.get("quote"), "escape": self.dialect.get("escape")}
            skip = int(self.dialect.get("duckdb_skip") or (1 if o.get("header") else 0))
        k = int(self.dialect["column_count"])
        reader, params = read_csv_sql(prep["path"], d, column_count=k, skip=skip, header=False, encoding="utf-8",
                                      strict=False)
        if o.get("encoding") not in (None, "UTF8"):
            return _scan_in_postgres(self, cols)
        query = (f"select * from (select row_number() over () as r, {', '.join(cols)} from {reader}) "
                 f"where {' or '.join(f'regexp_matches({c}, ?)' for c in cols)} limit 200")
        args = params + [SECRET_CANDIDATE] * len(cols)
        engine = self.engine

        def scan() -> list[Any]:
            import duckdb

            from dbagent_plpy.csv_engine import duckdb_error

            con = engine.connect()
            try:
                con.execute("set preserve_insertion_order = true")
                return con.execute(query, args).fetchall()
            except duckdb.Error as e:
                err = duckdb_error(e, what="could not read the csv file for the secret scan")
                raise err from None
            finally:
                engine.close(con)

        pool = ThreadPoolExecutor(max_workers=1)
        future = pool.submit(scan)
        pool.shutdown(wait=False)
        return future

    def judge_secrets(self, plan: list[dict[str, Any]], rows: list[Any]) -> None:
        for row in rows:
            for p, value in zip(plan, row[1:]):
                kind = secrets.sensitive_value(value) if value else None
                if kind:
                    rec = self.original_record(int(row[0]))
                    line = self.lines_of_records([rec]).get(rec)
                    where = (f"line {line} (record {rec})" if line else f"record {rec}")
                    raise ToolError(
                        "42501",
                        f"{where}, column {p['column']}: a value looks like a secret "
                        f"({kind.replace('_', ' ')}); nothing was loaded",
                        rule="no_secrets",
                        hint="Remove credentials, keys, tokens and card numbers from the file (dbagent does not store "
                             "secrets); the value is not shown.")

    # -- staging
    def stage_file(self, prep: dict[str, Any], column_count: int) -> None:
        options = dict(prep["copy_options"])
        if self.opts.get("null_string") is not None:
            options["null"] = str(self.opts["null_string"])
        plpy.execute(plpy.prepare("select agent_exec.stage_file($1, $2, $3, $4::jsonb, $5)",
                                  ["text", "int4", "text", "text", "text"]),
                     [self.stage, column_count, prep["path"], json.dumps(options), self.base["owner_role"]])

    def check_references(self, plan: list[dict[str, Any]], columns: dict[str, Any]) -> None:
        fks = plpy.execute(plpy.prepare("""
            select a.attname::text as column, r.relname::text as ref_table, ra.attname::text as ref_column,
                   rn.nspname::text as ref_schema
            from pg_catalog.pg_constraint k
            join pg_catalog.pg_class c on c.oid = k.conrelid
            join pg_catalog.pg_namespace n on n.oid = c.relnamespace
            join pg_catalog.pg_attribute a on a.attrelid = k.conrelid and a.attnum = k.conkey[1]
            join pg_catalog.pg_class r on r.oid = k.confrelid
            join pg_catalog.pg_namespace rn on rn.oid = r.relnamespace
            join pg_catalog.pg_attribute ra on ra.attrelid = k.confrelid and ra.attnum = k.confkey[1]
            where n.nspname = $1 and c.relname = $2 and k.contype = 'f' and pg_catalog.cardinality(k.conkey) = 1
        """, ["text", "text"]), [self.base["schema_name"], self.table])
        from dbagent_plpy.executor import executor_name, run_statement

        by_col = {p["column"]: p for p in plan}
        problems = []
        for fk in fks:
            p = by_col.get(fk["column"])
            if p is None:
                continue
            c = f"c{p['csv_index'] + 1}"
            sql = (f"select v, count(*) over () from (select distinct {self.cast(c, p)} as v "
                   f"from agent_stage.{_q(self.stage)} where {c} is not null and {c} <> '') s "
                   f"where not exists (select from {_q(fk['ref_schema'])}.{_q(fk['ref_table'])} t "
                   f"where t.{_q(fk['ref_column'])} = s.v) order by 1 limit 20")
            res = run_statement(self.GD, executor_name(self.base["base_id"]), sql, max_rows=20, mode="rows")
            rows = res.get("rows") or []
            if rows:
                values = ", ".join(_redact(str(r[0])) for r in rows[:10])
                problems.append(f"{fk['column']}: {rows[0][1]} value(s) match no row of {fk['ref_table']}.{fk['ref_column']} "
                                f"(e.g. {values})")
        if problems:
            raise ToolError("23503", "referenced rows are missing; nothing was loaded", detail="\n".join(problems),
                            hint="Import the referenced table first, or fix the values.")

    # -- the load
    def fmt_for(self, p: dict[str, Any]) -> str | None:
        """The format of column P: the caller's (option formats), else the one analyse_csv found
        for its CSV column when the target is a date/time type."""
        given = (self.opts.get("formats") or {}).get(p["column"])
        if given:
            return str(given)
        if p["type"] not in DATE_TYPES:
            return None
        found = self.formats.get(p["csv_name"])
        return found.get("format") if isinstance(found, dict) else None

    def cast(self, col: str, p: dict[str, Any]) -> str:
        t = p["type"]
        expr = col
        empty = self.opts.get("empty_as_null")
        if empty is True and t not in TEXT_TYPES or isinstance(empty, list) and p["column"] in empty:
            expr = f"nullif({col}, '')"
        fmt = p.get("format")
        if fmt:
            return _format_cast(expr, fmt, t)
        if t in TEXT_TYPES:
            return expr
        return f"({expr})::{t}"

    def insert_sql(self, plan: list[dict[str, Any]], where: str = "") -> str:
        cols = [_q(p["column"]) for p in plan]
        exprs = [self.cast(f"c{p['csv_index'] + 1}", p) for p in plan]
        as_user = self.opts.get("as_user")
        if as_user:
            # the rows are the end user's: created_by/updated_by name them (as their defaults would)
            uid = plpy.quote_literal(str(uuid.UUID(str(as_user)))) + "::uuid"
            cols += ["created_by", "updated_by"]
            exprs += [uid, uid]
        src = f"agent_stage.{_q(self.stage)}" if not where else f"agent_stage.{_q(self.stage + '_r')}"
        return (f"insert into {_q(self.base['schema_name'])}.{_q(self.table)} ({', '.join(cols)}) "
                f"select {', '.join(exprs)} from {src}{where}")

    def load(self, plan: list[dict[str, Any]], columns: dict[str, Any], *, expected: int) -> tuple[int, list[dict[str, Any]]]:
        from dbagent_plpy.executor import StatementFailed, executor_name, run_statement

        fn = executor_name(self.base["base_id"])
        on_error = self.opts.get("on_error", "abort")
        self.session_settings()
        if on_error == "abort":
            try:
                with plpy.subtransaction():
                    res = run_statement(self.GD, fn, self.insert_sql(plan))
                    loaded = int(res.get("nrows", 0))
                    if loaded != expected:
                        raise _Miscount(loaded)
                return loaded, []
            except StatementFailed as e:
                if e.error.get("sqlstate") in ("57014", "57P01"):  # the clock: no row is to blame
                    raise Cancelled("the load was cancelled") from None
                first = e.error
            except _Miscount as m:
                raise ToolError(
                    "22P04", f"PostgreSQL read {m.rows} rows from the file but the analysis counted {expected} "
                             "records; nothing was loaded",
                    detail="The two readers disagree about this file; loading it could lose or shift rows.",
                    hint="Analyse the file again (and check its line breaks and quotes); report the file if this "
                         "persists.") from None
            bad = self.bisect(plan, fn, keep=False)
            lines = [_bad_line(b) for b in bad] or [f"{first.get('message')}"]
            raise ToolError(first.get("sqlstate") or "22P02",
                            f"{len(bad) or 'some'} bad row(s) in the CSV; nothing was loaded",
                            detail="\n".join(lines[:int(self.opts.get('max_bad_rows', BAD_ROWS_DEFAULT))]),
                            hint='Fix those rows (or map/convert the columns: formats, empty_as_null), or pass '
                                 '{"on_error": "skip"} to load the good rows and report the bad ones.',
                            extra={"bad_rows": bad})
        bad = self.bisect(plan, fn, keep=True)
        total = self.stage_rows_count(fn)
        if total != expected:
            raise ToolError(
                "22P04", f"PostgreSQL read {total} rows from the file but the analysis counted {expected} records; "
                         "nothing was loaded",
                hint="Analyse the file again; report the file if this persists.")
        return total - len(bad), bad

    def session_settings(self) -> None:
        style = self.opts.get("datestyle")
        if style:
            if style not in ("ISO, DMY", "ISO, MDY", "ISO, YMD", "DMY", "MDY", "YMD"):
                raise ToolError("22023", 'datestyle must be "DMY", "MDY" or "YMD"')
            plpy.execute(plpy.prepare("select pg_catalog.set_config('datestyle', $1, true)", ["text"]),
                         [style if style.startswith("ISO") else "ISO, " + style])

    def stage_rows_count(self, fn: str) -> int:
        from dbagent_plpy.executor import run_statement

        res = run_statement(self.GD, fn, f"select count(*) from agent_stage.{_q(self.stage + '_r')}", max_rows=1, mode="rows")
        return int(res["rows"][0][0])

    def bisect(self, plan: list[dict[str, Any]], fn: str, *, keep: bool) -> list[dict[str, Any]]:
        """Find the bad rows by inserting ranges of the numbered stage; KEEP the good ranges or not."""
        from dbagent_plpy.executor import StatementFailed, run_statement

        plpy.execute(plpy.prepare("select agent_exec.stage_rows($1)", ["text"]), [self.stage])
        n = self.stage_rows_count(fn)
        limit = int(self.opts.get("max_bad_rows", BAD_ROWS_DEFAULT)) if not keep else 10**9
        bad: list[dict[str, Any]] = []

        def attempt(lo: int, hi: int) -> bool:
            sql = self.insert_sql(plan, where=f" where row_no between {lo} and {hi}")
            try:
                with plpy.subtransaction():
                    run_statement(self.GD, fn, sql)
                    if not keep:
                        raise _Undo()
                return True
            except _Undo:
                return True
            except StatementFailed as e:
                if e.error.get("sqlstate") in ("57014", "57P01"):
                    raise Cancelled("the load was cancelled") from None
                if lo == hi:
                    bad.append(self.describe(plan, fn, lo, e.error))
                return False

        stack = [(1, n)]
        while stack and len(bad) < limit:
            self.engine.check()
            lo, hi = stack.pop()
            if lo > hi or attempt(lo, hi):
                continue
            if lo == hi:
                continue
            mid = (lo + hi) // 2
            stack.append((mid + 1, hi))
            stack.append((lo, mid))
        bad.sort(key=lambda b: b["record"])
        lines = self.lines_of_records([b["record"] for b in bad])
        for b in bad:
            if b["record"] in lines:
                b["line"] = lines[b["record"]]
        return [{k: b[k] for k in ("line", "record", "column", "reason", "value", "sqlstate") if k in b} for b in bad]

    def describe(self, plan: list[dict[str, Any]], fn: str, row_no: int, error: dict[str, Any]) -> dict[str, Any]:
        """Which column of a bad row fails, and why (the value redacted when it looks secret)."""
        from dbagent_plpy.executor import StatementFailed, run_statement

        out: dict[str, Any] = {"record": self.original_record(row_no), "reason": error.get("message"),
                               "sqlstate": error.get("sqlstate")}
        stage = f"agent_stage.{_q(self.stage + '_r')}"
        for p in plan:
            c = f"c{p['csv_index'] + 1}"
            try:
                with plpy.subtransaction():
                    run_statement(self.GD, fn, f"select {self.cast(c, p)} from {stage} where row_no = {row_no}",
                                  max_rows=1, mode="rows")
            except StatementFailed as e:
                value = run_statement(self.GD, fn, f"select {c} from {stage} where row_no = {row_no}",
                                      max_rows=1, mode="rows")["rows"][0][0]
                out.update(column=p["column"], reason=e.error.get("message"), value=_redact(value))
                break
        if "column" not in out and error.get("column_name"):
            out["column"] = error["column_name"]
        if out.get("value") == "«redacted»" and out.get("reason"):
            out["reason"] = re.sub(r'"[^"]*"', '"…"', out["reason"])  # PostgreSQL quotes the value in its message
        return out


class _Miscount(Exception):
    def __init__(self, rows: int) -> None:
        super().__init__(rows)
        self.rows = rows


def _scan_in_postgres(imp: Importer, cols: list[str]) -> Any:
    """The secret scan for a file COPY reads in another encoding: over the staged rows."""
    from concurrent.futures import Future

    from dbagent_plpy.executor import executor_name, run_statement

    checks = " or ".join(f"{c} ~ {plpy.quote_literal(SECRET_CANDIDATE)}" for c in cols)
    sql = (f"select * from (select pg_catalog.row_number() over () as r, {', '.join(cols)} "
           f"from agent_stage.{_q(imp.stage or '')}) s where {checks} limit 200")
    done: Future[list[Any]] = Future()
    done.set_result(run_statement(imp.GD, executor_name(imp.base["base_id"]), sql, max_rows=200, mode="rows")["rows"])
    return done


def _scan_ready(d: dict[str, Any]) -> bool:
    """Can csv_scan count records of the original file (an ASCII-compatible encoding, the quote as
    its own escape)?"""
    from dbagent_plpy.csv_prepare import normalise_encoding

    enc = normalise_encoding(d.get("encoding") or "utf-8")
    if enc.startswith(("utf-16", "utf-32")):
        return False
    return d.get("escape") in (None, d.get("quote"))


_DAY_MONTH = re.compile(r"^(DD|MM)([/.\-])(DD|MM)\2YYYY((?: HH24:MI(?::SS)?)?)$")


def _format_cast(expr: str, fmt: str, pg_type: str) -> str:
    """EXPR (text) read with format FMT as PG_TYPE, exactly: the day/month formats analyse_csv
    reports are rearranged into ISO text (which PostgreSQL reads the same whatever DateStyle),
    a value of another shape is an error naming it; other templates go through to_date, or
    to_timestamp at UTC (no daylight-saving gap can move a timestamp without time zone)."""
    m = _DAY_MONTH.match(fmt)
    lit = plpy.quote_literal
    if m and pg_type in ("date", "timestamp without time zone", "timestamp with time zone"):
        first, sep, _second, tm = m.group(1), m.group(2), m.group(3), m.group(4)
        d_rx = r"(\d{1,2})" + re.escape(sep) + r"(\d{1,2})" + re.escape(sep) + r"(\d{4})"
        t_rx = {"": "", " HH24:MI": r"( \d{1,2}:\d{2})", " HH24:MI:SS": r"( \d{1,2}:\d{2}:\d{2})"}[tm]
        iso = r"\3-\2-\1" if first == "DD" else r"\3-\1-\2"
        if tm:
            iso += r"\4"
        shape = "^" + d_rx + t_rx + "$"
        target = "date" if pg_type == "date" else "timestamp"
        cast = (f"(case when {expr} ~ {lit(shape)} then pg_catalog.regexp_replace({expr}, {lit(shape)}, {lit(iso)}) "
                f"else 'not ' || {lit(fmt)} || ': ' || {expr} end)::{target}")
        return cast if pg_type != "timestamp with time zone" else f"({cast})::timestamptz"
    if fmt == "YYYY/MM/DD" and pg_type == "date":
        shape = r"^\d{4}/\d{2}/\d{2}$"
        return (f"(case when {expr} ~ {lit(shape)} then pg_catalog.replace({expr}, '/', '-') "
                f"else 'not YYYY/MM/DD: ' || {expr} end)::date")
    if pg_type == "date":
        return f"pg_catalog.to_date({expr}, {lit(fmt)})"
    if pg_type == "timestamp without time zone":
        return (f"(pg_catalog.to_timestamp({expr} || ' +00', {lit(fmt + ' TZH')}) "
                f"at time zone 'UTC')")
    if pg_type == "timestamp with time zone":
        return f"pg_catalog.to_timestamp({expr}, {lit(fmt)})"
    return f"({expr})::{pg_type}"


# Values worth a closer look by secrets.sensitive_value(): key prefixes, PEM, JWT, card-like digit runs.
SECRET_CANDIDATE = (
    r"(-----BEGIN [A-Z ]*PRIVATE KEY|eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.|"
    r"(sk|rk|pk)_(live|test)_|whsec_|AKIA[0-9A-Z]{12}|ASIA[0-9A-Z]{12}|gh[pousr]_[A-Za-z0-9]|github_pat_|"
    r"xox[abposr]-|AIza[0-9A-Za-z_-]{10}|sk-(proj-|ant-)?[A-Za-z0-9_-]{16}|glpat-|SG\.[A-Za-z0-9_-]{10}|npm_[A-Za-z0-9]{10}|"
    r"pypi-|hf_[A-Za-z0-9]{10}|shp(at|ss|ca|pa)_|sbp_|AccountKey=|://[^/:@ ]+:[^/@ ]+@|"
    r"[0-9][0-9 -]{11,22}[0-9]|[0-9]{3}-[0-9]{2}-[0-9]{4})"
)


class _Undo(Exception):
    pass


def _line_label(b: dict[str, Any]) -> str:
    out = f"line {b['line']}" if b.get("line") is not None else "a record"
    if b.get("record") is not None:
        out += f" (record {b['record']})"
    return out


def _bad_line(b: dict[str, Any]) -> str:
    where = _line_label(b) + (f", column {b['column']}" if b.get("column") else "")
    value = f" (value: {b['value']!r})" if "value" in b else ""
    return f"{where}: {b.get('reason')}{value}"


def _redact(value: Any) -> Any:
    if value is None:
        return None
    s = str(value)
    return "«redacted»" if secrets.sensitive_value(s) else (s if len(s) <= 200 else s[:200] + "…")
