"""agent.execute_sql: parse wall, then the base's executor, one transaction, one audit row.

The script is split and checked by :mod:`dbagent_plpy.guard`; every statement then runs, one
at a time, through ``agent_exec.run_<base>`` (SECURITY DEFINER, owned by the base's tenant
owner role: the privilege wall) or, with ``as_user``, through ``agent_exec.run_as_user``
(owned by a member of ``authenticated``, with that user's claims). All statements run in one
subtransaction: every one of them or none stays. A POSIX timer enforces the base's
statement timeout; the base's lock timeout is set for the call.
"""

from __future__ import annotations

import contextlib
import json
import re
import time
import uuid
from dataclasses import dataclass
from typing import Any

import plpy

from dbagent_plpy import audit, storage, values
from dbagent_plpy.errors import ToolError
from dbagent_plpy.executor import Call, StatementFailed, plan_cache, prepared
from dbagent_plpy.guard import Catalog, Checker, GuardError, Limits, Statement
from dbagent_plpy.rules import ModelRules
from dbagent_plpy.timeout import CancelTimer

OPTION_KEYS = {"dry_run", "as_user", "max_rows", "timeout_ms"}


class _DryRun(Exception):
    pass


@dataclass
class Options:
    dry_run: bool = False
    as_user: str | None = None
    max_rows: int = 500
    timeout_ms: int = 30_000


def catalog(GD: dict[str, Any]) -> Catalog:
    cat = GD.get("dbagent_catalog")
    if cat is None:
        row = plpy.execute(Catalog.QUERY)[0]
        cat = Catalog(functions=frozenset(row["functions"]), attribute_callable=frozenset(row["attribute_callable"] or ()))
        GD["dbagent_catalog"] = cat
    return cat


def parse_options(raw: Any, base: dict[str, Any]) -> Options:
    if raw is None:
        raw = "{}"
    try:
        opts = json.loads(raw) if isinstance(raw, str) else dict(raw)
    except ValueError:
        raise ToolError("22023", "options must be a JSON object") from None
    if not isinstance(opts, dict):
        raise ToolError("22023", "options must be a JSON object",
                        hint='Pass e.g. {"dry_run": true} or {"as_user": "<uuid>"}.')
    unknown = sorted(set(opts) - OPTION_KEYS)
    if unknown:
        raise ToolError("22023", f"unknown option {unknown[0]!r}",
                        hint="Options are dry_run, as_user, max_rows and timeout_ms.")
    out = Options(max_rows=base["max_rows"], timeout_ms=base["statement_timeout_ms"])
    if "dry_run" in opts:
        if not isinstance(opts["dry_run"], bool):
            raise ToolError("22023", "option dry_run must be true or false")
        out.dry_run = opts["dry_run"]
    if opts.get("as_user") is not None:
        try:
            out.as_user = str(uuid.UUID(str(opts["as_user"])))
        except ValueError:
            raise ToolError("22023", "option as_user must be a uuid (the end user's id)",
                            hint="Pass the id auth.uid() should return for that user.") from None
    for key, limit, name in (("max_rows", base["max_rows"], "max_rows"),
                             ("timeout_ms", base["statement_timeout_ms"], "timeout_ms")):
        if key in opts:
            v = opts[key]
            if not isinstance(v, int) or isinstance(v, bool) or v <= 0:
                raise ToolError("22023", f"option {name} must be a positive integer")
            if v > limit:
                raise ToolError("22023", f"option {name} may be at most {limit} for this base",
                                hint="The base's limits are set by its admin.")
            setattr(out, key, v)
    return out


def execute_sql(GD: dict[str, Any], base_id: str | None, sql: str | None, options: Any) -> str:
    """Run the call; return its result, or {"error": {...}} that agent._result() raises."""
    started = time.monotonic()
    row: dict[str, Any] = {"tool": "execute_sql", "base_id": base_id, "statement_kinds": []}
    try:
        try:
            base = plpy.execute(prepared(GD, "base", "select b.*, pg_catalog.current_setting("
                                                  "'idle_in_transaction_session_timeout') as idle_now "
                                                  "from agent._base($1) b", ["uuid"]), [base_id])[0]
        except plpy.SPIError as e:
            row["base_id"] = None
            row["details"] = {"base_id_given": base_id}
            raise ToolError(e.sqlstate or "42501", _spi_message(e), detail=getattr(e, "detail", None),
                            hint=getattr(e, "hint", None)) from None
        if sql is None:
            raise ToolError("22023", "sql must not be null", hint="Pass the SQL text to run.")
        size = len(sql.encode("utf-8"))
        row["sql_normalized"] = audit.normalize(sql) if size <= base["max_sql_bytes"] else None
        opts = parse_options(options, base)
        if size > base["max_sql_bytes"]:
            raise ToolError("54000", f"the SQL text is {size} bytes; this base accepts at most {base['max_sql_bytes']}",
                            hint="Send fewer statements per call.")
        checker = Checker(base["schema_name"], catalog(GD),
                          Limits(statement_timeout_ms=opts.timeout_ms, lock_timeout_ms=base["lock_timeout_ms"]))
        try:
            statements = checker.check_script(sql)
            ModelRules(base["schema_name"]).apply(statements, recheck=lambda text: _recheck(checker, text))
        except GuardError as e:
            raise _guard_error(e) from None
        row["statement_kinds"] = [s.tag for s in statements]
        if len(statements) > base["max_statements"]:
            raise ToolError("54000", f"{len(statements)} statements in one call; this base accepts at most "
                            f"{base['max_statements']}", hint="Split the work into several calls.")
        wal = storage.mark(GD, base, statements)  # the storage quota: did the call write, and past it?
        result = run(GD, base, statements, opts)
        storage.after_write(GD, base, result, wal)
    except ToolError as e:
        row.update(outcome=e.outcome, sqlstate=e.sqlstate, rule=e.rule, message=e.message,
                   duration_ms=(time.monotonic() - started) * 1000)
        if e.statement:
            row.setdefault("details", {})["statement"] = e.statement
        audit.record(plpy, plan_cache(GD), row, autonomous=True)
        return json.dumps({"error": e.fields()})
    duration = (time.monotonic() - started) * 1000
    result["duration_ms"] = round(duration, 3)
    row.update(outcome="ok", duration_ms=duration,
               details={"dry_run": opts.dry_run, "as_user": bool(opts.as_user),
                        "rows_affected": sum(s.get("rows_affected") or 0 for s in result["statements"])})
    audit.record(plpy, plan_cache(GD), row, autonomous=False)
    ddl = [s["sql"] for s in result["statements"] if s.pop("ddl", False)]
    ddl += [r["sql"] for r in result.get("rules_applied", ())]
    if ddl and not opts.dry_run:
        plpy.execute(prepared(GD, "migration", "select agent._record_migration($1, $2)", ["uuid", "text[]"]),
                     [base["base_id"], ddl])
    return values.dumps(result)


def _recheck(checker: Checker, sql: str) -> Any:
    """A rewritten statement goes through the parse wall again: what runs is what was checked."""
    again = checker.check_script(sql)
    if len(again) != 1:
        raise GuardError("XX000", "internal error: a rewritten statement split in two")
    return again[0].node


def _spi_message(e: Exception) -> str:
    return str(e.args[0]) if getattr(e, "args", None) else str(e)


def _guard_error(e: GuardError) -> ToolError:
    detail_lines = []
    if e.rule:
        detail_lines.append(f"rule: {e.rule}")
    if e.detail:
        detail_lines.append(e.detail)
    if e.statement:
        text = e.statement_sql or ""
        if e.rule == "no_secrets":  # never echo the value, not even back to the caller
            text = audit.normalize(text) or ""
        text = text[:300]
        detail_lines.append(f"statement {e.statement}: {text}" if text else f"statement {e.statement}")
    return ToolError(e.sqlstate, e.message, detail="\n".join(detail_lines) or None, hint=e.hint, rule=e.rule,
                     outcome="denied" if e.sqlstate == "42501" else "error", statement=e.statement)


_DDL = {
    "CreateStmt", "AlterTableStmt", "CreateSeqStmt", "AlterSeqStmt", "ViewStmt", "IndexStmt",
    "CreateFunctionStmt", "AlterFunctionStmt", "CreateTrigStmt", "CreatePolicyStmt", "AlterPolicyStmt",
    "GrantStmt", "AlterDefaultPrivilegesStmt", "CommentStmt", "DropStmt", "RenameStmt", "CompositeTypeStmt",
    "CreateEnumStmt", "CreateRangeStmt", "AlterEnumStmt", "CreateDomainStmt", "AlterDomainStmt",
    "CreateStatsStmt", "AlterStatsStmt",
}


def run(GD: dict[str, Any], base: dict[str, Any], statements: list[Statement], opts: Options) -> dict[str, Any]:
    call = Call(GD, base, opts)
    idle = base["idle_in_transaction_timeout_ms"]
    current_idle = _parse_ms(base.get("idle_now") or "0")
    if current_idle == 0 or current_idle > idle:
        plpy.execute(prepared(GD, "idle", "select pg_catalog.set_config('idle_in_transaction_session_timeout', $1, false)",
                           ["text"]), [f"{idle}ms"])
    out: list[dict[str, Any]] = []
    rules: list[dict[str, Any]] = []
    current: Statement | None = None
    ddl = not opts.as_user and any(st.kind in _DDL for st in statements)
    # One statement runs in the subtransaction PL/Python gives every plpy.execute; several (or a
    # dry run, or dbagent's own DDL rules) need one around them all: every statement or none.
    atomic = plpy.subtransaction() if len(statements) > 1 or opts.dry_run or ddl else contextlib.nullcontext()
    timer = CancelTimer(opts.timeout_ms, _libc(GD))
    try:
        with timer:
            try:
                with atomic:
                    for st in statements:
                        current = st
                        out.append(_run_one(call, st, timer))
                    if ddl:
                        current = None
                        rules = _model_fixes(GD, call, base, statements)
                    if opts.dry_run:
                        raise _DryRun()
            except _DryRun:
                pass
    except (plpy.SPIError, StatementFailed) as e:
        err = e.error if isinstance(e, StatementFailed) else {
            "sqlstate": e.sqlstate, "message": _spi_message(e), "detail": getattr(e, "detail", None),
            "hint": getattr(e, "hint", None)}
        idx = current.index if current else None
        text = (current.sql if current else "dbagent's data-model rules")[:300]
        if err.get("sqlstate") == "57014" and timer.expired:
            raise ToolError(
                "57014",
                f"canceling statement due to the base's statement timeout ({opts.timeout_ms} ms)",
                detail=f"statement {idx}: {text}",
                hint="Make the statement cheaper (an index, a LIMIT, fewer rows) or split the work; the "
                     "timeout is the base's limit, set by its admin.",
                statement=idx,
            ) from None
        extra = {k: err[k] for k in ("schema_name", "table_name", "column_name", "datatype_name",
                                     "constraint_name") if err.get(k)}
        where = f"statement {idx}: {text}" if idx else f"while applying {text}"
        detail = "\n".join(x for x in (err.get("detail"), where) if x)
        raise ToolError(err.get("sqlstate") or "XX000", err.get("message") or "statement failed", detail=detail,
                        hint=err.get("hint"), statement=idx, extra=extra) from None
    result = {"ok": True, "dry_run": opts.dry_run, "as_user": opts.as_user, "statements": out}
    if rules:
        result["rules_applied"] = rules
    return result


def _libc(GD: dict[str, Any]) -> Any:
    lib = GD.get("dbagent_libc")
    if lib is None:
        from dbagent_plpy.timeout import load_libc

        lib = GD["dbagent_libc"] = load_libc()
    return lib


def _model_fixes(GD: dict[str, Any], call: Call, base: dict[str, Any], statements: list[Statement]) -> list[dict[str, Any]]:
    """Run the catalog-dependent rules (agent._model_fixes) as the base's owner; report each one."""
    from pglast import ast

    created = sorted({st.node.relation.relname for st in statements if isinstance(st.node, ast.CreateStmt)})
    fixes = plpy.execute(
        prepared(GD, "fixes", "select reason, sql from agent._model_fixes($1, $2, $3)", ["text", "text", "text[]"]),
        [base["schema_name"], base["owner_role"], created],
    )
    out = []
    if len(fixes):
        # Deferred constraint checks pending from the agent's statements would block ALTER TABLE
        # and CREATE INDEX: check them now (the call commits right after anyway).
        call.run("set constraints all immediate", "command")
    for fix in fixes:
        call.run(fix["sql"], "command")
        out.append({"sql": fix["sql"], "reason": fix["reason"]})
    return out


def _parse_ms(text: str) -> int:
    m = re.fullmatch(r"(\d+)\s*(ms|s|min|h|d)?", (text or "0").strip())
    if not m:
        return 0
    return int(m.group(1)) * {None: 1, "ms": 1, "s": 1000, "min": 60_000, "h": 3_600_000, "d": 86_400_000}[m.group(2)]


def _run_one(call: Call, st: Statement, timer: CancelTimer) -> dict[str, Any]:
    item: dict[str, Any] = {"index": st.index, "tag": st.tag, "sql": st.sql}
    if st.rewritten:
        item["rewritten"] = True
    if st.notices:
        item["notices"] = list(st.notices)
    if st.set_local is not None:
        name, ms = st.set_local
        if name == "statement_timeout":
            timer.rearm(ms)
        else:
            call.lock_timeout_ms = ms
        item["rows_affected"] = 0
        return item
    sql = st.sql
    mode = "rows" if st.returns_rows else "command"
    returning = st.returns_rows and st.kind not in ("SelectStmt", "ExplainStmt")
    if returning:
        sql = wrap_returning(st.sql)
    res = call.run(sql, mode)
    if st.kind in _DDL:
        item["ddl"] = True
    if mode == "command":
        item["rows_affected"] = res.get("nrows", 0)
        return item
    cols = list(res.get("colnames") or [])
    types = list(res.get("coltypes") or [])
    rows = res.get("rows") or []
    if returning:
        # the last column is the WITH's row count (see wrap_returning)
        total = rows[0][-1] if rows else 0
        cols, types, rows = cols[:-1], types[:-1], [r[:-1] for r in rows]
        item["rows_affected"] = total
    names = type_names(call.GD, types)
    truncated = len(rows) > call.max_rows
    rows = rows[: call.max_rows]
    item["columns"] = [{"name": c, "type": names.get(t, str(t))} for c, t in zip(cols, types)]
    item["rows"] = [[values.convert(v, t) for v, t in zip(r, types)] for r in rows]
    item["row_count"] = len(item["rows"])
    item["truncated"] = truncated
    if len(set(cols)) != len(cols):
        item.setdefault("notices", []).append(
            "the result has duplicate column names; alias them (select a.x as a_x, b.x as b_x) to see every value")
    return item


_TOTAL = "dbagent_rows_total_7c1e"


def wrap_returning(sql: str) -> str:
    """INSERT/UPDATE/DELETE ... RETURNING as a WITH query: it runs to completion while at most
    max_rows + 1 rows are fetched, and its last column counts every row it returned.

    The statement is one complete, checked statement, so it is placed verbatim between the
    parentheses; the result is parsed again to make sure it is still one statement.
    """
    wrapped = (
        f"with dbagent_q as (\n{sql}\n), dbagent_n as (select count(*) as {_TOTAL} from dbagent_q) "
        f"select dbagent_q.*, dbagent_n.{_TOTAL} from dbagent_q, dbagent_n"
    )
    from pglast import parse_sql

    if len(parse_sql(wrapped)) != 1:
        raise ToolError("XX000", "internal error: a RETURNING statement could not be wrapped")
    return wrapped


_TYPE_NAMES = {16: "boolean", 20: "bigint", 21: "smallint", 23: "integer", 25: "text", 114: "json", 700: "real",
               701: "double precision", 1043: "character varying", 1082: "date", 1114: "timestamp without time zone",
               1184: "timestamp with time zone", 1700: "numeric", 2950: "uuid", 3802: "jsonb", 17: "bytea",
               1083: "time without time zone", 1186: "interval", 19: "name", 26: "oid", 1042: "character"}


def type_names(GD: dict[str, Any], oids: list[int]) -> dict[int, str]:
    cache: dict[int, str] = GD.setdefault("dbagent_types", dict(_TYPE_NAMES))
    missing = sorted({o for o in oids if o not in cache})
    if missing:
        rows = plpy.execute(
            prepared(GD, "types", "select t.oid::int as oid, pg_catalog.format_type(t.oid, null) as name "
                               "from pg_catalog.pg_type t where t.oid = any($1)", ["oid[]"]),
            [missing],
        )
        for r in rows:
            cache[r["oid"]] = r["name"]
    return cache
