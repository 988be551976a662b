"""agent.execute_sql: parse wall, then the base's executor, one transaction, one audit row.

The script is split and checked by :mod:`dbagent_plpy.guard`; every statement then runs, one
at a time and exactly as it was checked, through ``agent_exec.run_<base>`` (SECURITY DEFINER,
owned by the base's tenant owner role: the privilege wall) or, with ``as_user``, through
``agent_exec.as_user_<base>`` (owned by the base's end-user role, with that user's claims).
All statements run in one subtransaction: every one of them or none stays. dbagent's clock
(:mod:`dbagent_plpy.clock`) enforces the base's statement timeout, whatever the code catches;
the base's lock timeout is set for the call; at most ``max_rows`` rows and ``max_result_bytes``
bytes of them come back.
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

from dbagent_plpy import audit, recovery, storage, values
from dbagent_plpy.errors import ToolError
from dbagent_plpy.executor import Call, StatementFailed, plan_cache, prepared, spi_error
from dbagent_plpy.guard import Catalog, Checker, GuardError, Limits, Statement
from dbagent_plpy.rules import ModelRules
from dbagent_plpy.clock import DEFAULT_GRACE_MS, Clock, libc, stop_session_clock

OPTION_KEYS = {"dry_run", "as_user", "max_rows", "timeout_ms", "confirm"}  # confirm: issue 15 (recovery.py)


class _DryRun(Exception):
    pass


@dataclass
class Options:
    dry_run: bool = False
    as_user: str | None = None
    max_rows: int = 500
    timeout_ms: int = 30_000
    confirm: str | None = None  # issue 15: the token of a call that needed confirming


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
                        hint="Options are dry_run, as_user, max_rows, timeout_ms and confirm.")
    out = Options(max_rows=base["max_rows"], timeout_ms=base["statement_timeout_ms"])
    if "dry_run" in opts:
        if not isinstance(opts["dry_run"], bool):
            raise ToolError("22023", "option dry_run must be true or false")
        out.dry_run = opts["dry_run"]
    if "confirm" in opts:  # issue 15
        if not isinstance(opts["confirm"], str):
            raise ToolError("22023", "option confirm must be the token a confirmation_required answer gave")
        out.confirm = opts["confirm"]
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
    stop_session_clock(GD)  # a PL/pgSQL tool's clock left behind must not cancel this call
    row: dict[str, Any] = {"tool": "execute_sql", "base_id": base_id, "statement_kinds": []}
    rec: recovery.CallRecovery | None = None  # issue 15
    try:
        try:
            base = plpy.execute(prepared(GD, "base", "select b.*, pg_catalog.current_setting("
                                                  "'idle_in_transaction_session_timeout') as idle_now, "
                                                  "(select (s.value #>> '{}')::int from agent.setting s "
                                                  " where s.key = 'timeout_grace_ms') as grace_ms "
                                                  "from agent._base($1) b", ["uuid"]), [base_id])[0]
        except plpy.SPIError as e:
            row["base_id"] = None
            row["details"] = {"base_id_given": base_id}
            err = spi_error(e)
            raise ToolError(err["sqlstate"] or "42501", err["message"], detail=err["detail"], hint=err["hint"]) from None
        if sql is None:
            raise ToolError("22023", "sql must not be null", hint="Pass the SQL text to run.")
        size = len(sql.encode("utf-8"))
        row["sql_normalized"] = audit.normalize(sql) if size <= base["max_sql_bytes"] else None
        opts = parse_options(options, base)
        if size > base["max_sql_bytes"]:
            raise ToolError("54000", f"the SQL text is {size} bytes; this base accepts at most {base['max_sql_bytes']}",
                            hint="Send fewer statements per call.")
        checker = Checker(base["schema_name"], catalog(GD),
                          Limits(statement_timeout_ms=opts.timeout_ms, lock_timeout_ms=base["lock_timeout_ms"]),
                          own_function=own_functions(GD, base["schema_name"]))
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
        rec = recovery.CallRecovery(GD, base, statements, opts, sql)  # issue 15
        result = run(GD, base, statements, opts, rec)
        storage.after_write(GD, base, result, wal)
    except ToolError as e:
        row.update(outcome=e.outcome, sqlstate=e.sqlstate, rule=e.rule, message=e.message,
                   duration_ms=(time.monotonic() - started) * 1000)
        if e.statement:
            row.setdefault("details", {})["statement"] = e.statement
        if rec is not None:  # issue 15
            row.setdefault("details", {}).update(rec.audit_details())
        audit.record(plpy, plan_cache(GD), row, autonomous=True)
        return json.dumps({"error": e.fields()})
    duration = (time.monotonic() - started) * 1000
    result["duration_ms"] = round(duration, 3)
    row.update(outcome="ok", duration_ms=duration,
               details={"dry_run": opts.dry_run, "as_user": bool(opts.as_user),
                        "rows_affected": sum(s.get("rows_affected") or 0 for s in result["statements"]),
                        **(rec.audit_details(result) if rec is not None else {})})  # issue 15
    audit.record(plpy, plan_cache(GD), row, autonomous=False)
    ddl = [s["sql"] for s in result["statements"] if s.pop("ddl", False)]
    rules = [r["sql"] for r in result.get("rules_applied", ())]  # issue 15: kept apart in the history
    if (ddl or rules) and not opts.dry_run:
        plpy.execute(prepared(GD, "migration", "select agent._record_migration($1, $2, $3)", ["uuid", "text[]", "text[]"]),
                     [base["base_id"], ddl, rules])
    return values.dumps(result)


def own_functions(GD: dict[str, Any], schema: str) -> Any:
    """Whether the base's schema has a function of a name (for the wall's default-deny), asked
    only for names that are not allowed built-ins, each once per call."""
    known: dict[str, bool] = {}

    def exists(name: str) -> bool:
        if name not in known:
            plan = prepared(GD, "own_function", "select exists (select from pg_catalog.pg_proc p where p.proname = $1 "
                                                "and p.pronamespace = pg_catalog.to_regnamespace($2)) as found",
                            ["name", "text"])
            known[name] = bool(plpy.execute(plan, [name, schema])[0]["found"])
        return known[name]

    return exists


def _recheck(checker: Checker, sql: str) -> Any:
    """A rewritten statement goes through the parse wall again: what runs is what was checked."""
    again = checker.check_script(sql)
    if len(again) != 1:
        raise GuardError("XX000", "internal error: a rewritten statement split in two")
    return again[0].node


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


def run(GD: dict[str, Any], base: dict[str, Any], statements: list[Statement], opts: Options,
        rec: recovery.CallRecovery | None = None) -> dict[str, Any]:
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
    # issue 15: recoverable destruction, confirm-before-destroy (recovery.py); an answer instead
    # of running when the call needs confirming before it runs (a big table locked or rewritten)
    early = rec.start() if rec is not None else None
    if early is not None:
        rec.end()
        return early
    confirmation = None
    # One statement runs in the subtransaction PL/Python gives every plpy.execute; several (or a
    # dry run, or dbagent's own DDL rules, or a call that may need confirming) need one around
    # them all: every statement or none.
    atomic = plpy.subtransaction() if len(statements) > 1 or opts.dry_run or ddl or (rec is not None and rec.atomic) \
        else contextlib.nullcontext()
    clock = Clock(opts.timeout_ms, libc(GD), grace_ms=base.get("grace_ms") or DEFAULT_GRACE_MS)
    GD["dbagent_budget"] = {"bytes": base["max_result_bytes"]}
    try:
        with clock:
            try:
                with atomic:
                    for st in statements:
                        current = st
                        if rec is not None:  # issue 15: DROP TABLE/COLUMN kept, deletes without WHERE marked
                            out.append(rec.run(call, st, lambda st=st: _run_one(call, st, clock)))
                        else:
                            out.append(_run_one(call, st, clock))
                    if ddl:
                        current = None
                        rules = _model_fixes(GD, call, base, statements)
                    if rec is not None:  # issue 15: measure what the call destroyed; may roll it back
                        current = None
                        rec.finish()
                    if opts.dry_run:
                        raise _DryRun()
            except _DryRun:
                pass
            except recovery.ConfirmationRequired as c:  # issue 15: rolled back, answered with its impact
                confirmation = rec.confirmation(c.impact, ran=True)
    except (plpy.SPIError, StatementFailed) as e:
        err = e.error if isinstance(e, StatementFailed) else spi_error(e)
        idx = current.index if current else None
        text = (current.sql if current else "dbagent's data-model rules")[:300]
        if err.get("sqlstate") == "57014" and clock.expired:
            raise clock.timeout_error(detail=f"statement {idx}: {text}", statement=idx) from None
        extra = {k: err[k] for k in ("schema_name", "table_name", "column_name", "datatype_name",
                                     "constraint_name") if err.get(k)}
        where = f"statement {idx}: {text}" if idx else f"while applying {text}"
        detail = "\n".join(x for x in (err.get("detail"), where) if x)
        raise ToolError(err.get("sqlstate") or "XX000", err.get("message") or "statement failed", detail=detail,
                        hint=err.get("hint"), statement=idx, extra=extra) from None
    finally:
        GD.pop("dbagent_budget", None)
        if rec is not None:  # issue 15
            rec.end()
    if confirmation is not None:
        return confirmation
    result = {"ok": True, "dry_run": opts.dry_run, "as_user": opts.as_user, "statements": out}
    if rules:
        result["rules_applied"] = rules
    if rec is not None:  # issue 15: what the call made recoverable (or, dry, its impact)
        rec.decorate(result)
    return result


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
    # The base's end-user role (as_user) mirrors what the base now grants to authenticated. Not
    # reported, nor kept in the base's history: the role is this base's own, named by its id.
    if base.get("user_role"):
        for fix in plpy.execute(prepared(GD, "user_fixes", "select sql from agent._user_role_fixes($1, $2)",
                                         ["text", "text"]), [base["schema_name"], base["user_role"]]):
            call.run(fix["sql"], "command")
    return out


def _parse_ms(text: str) -> int:
    m = re.fullmatch(r"(\d+)\s*(ms|s|min|h|d)?", (text or "0").strip())
    if not m:
        return 0
    return int(m.group(1)) * {None: 1, "ms": 1, "s": 1000, "min": 60_000, "h": 3_600_000, "d": 86_400_000}[m.group(2)]


def _run_one(call: Call, st: Statement, clock: Clock) -> dict[str, Any]:
    item: dict[str, Any] = {"index": st.index, "tag": st.tag, "sql": st.sql}
    if st.rewritten:
        item["rewritten"] = True
    if st.notices:
        item["notices"] = list(st.notices)
    if st.set_local is not None:
        name, ms = st.set_local
        if name == "statement_timeout":
            clock.rearm(ms)
        else:
            call.lock_timeout_ms = ms
        item["rows_affected"] = 0
        return item
    returning = st.returns_rows and st.kind not in ("SelectStmt", "ExplainStmt")
    mode = "returning" if returning else "rows" if st.returns_rows else "command"
    res = call.run(st.sql, mode)  # exactly the checked text; the executor wraps RETURNING itself
    if st.kind in _DDL:
        item["ddl"] = True
    if mode == "command":
        item["rows_affected"] = res.get("nrows", 0)
        return item
    cols = list(res.get("colnames") or [])
    types = list(res.get("coltypes") or [])
    rows = res.get("rows") or []
    if returning:
        item["rows_affected"] = res.get("total", 0)
    names = type_names(call.GD, types)
    truncated = len(rows) > call.max_rows
    rows = rows[: call.max_rows]
    if res.get("bytes_truncated"):
        truncated = True
        item.setdefault("notices", []).append(
            f"rows were cut at the base's result size limit ({call.max_bytes} bytes for the whole call): select "
            "fewer or narrower columns, add a LIMIT, or page with WHERE/ORDER BY")
    item["columns"] = [{"name": c, "type": names.get(t, str(t))} for c, t in zip(cols, types)]
    item["rows"] = [[values.convert(v, t) for v, t in zip(r, types)] for r in rows]
    item["row_count"] = len(item["rows"])
    item["truncated"] = truncated
    if len(set(cols)) != len(cols):
        item.setdefault("notices", []).append(
            "the result has duplicate column names; alias them (select a.x as a_x, b.x as b_x) to see every value")
    return item


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
