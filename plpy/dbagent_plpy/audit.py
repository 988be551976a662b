"""The audit of tool calls: one row per call, SQL normalized without literals or comments.

A call that returns normally writes its row in the caller's transaction (it commits with the
call's effects). A call that ends in an error (a denial, a failed statement, a limit) has
everything it wrote rolled back, so its row goes through ``agent._audit_autonomous()``,
which writes over a loopback connection (or, where that is impossible, to the server log).
"""

from __future__ import annotations

import json
from typing import Any

from pglast import parser
from pglast.parser import ParseError

_COMMENTS = {"SQL_COMMENT", "C_COMMENT"}
_LITERALS = {"SCONST", "ICONST", "FCONST", "BCONST", "XCONST", "USCONST", "UIDENT_CONST"}


def normalize(sql: str, limit: int = 20_000) -> str | None:
    """SQL with every literal replaced by ``?`` and comments dropped: values never reach the audit.

    The scanner's token positions count characters of the string (not UTF-8 bytes)."""
    try:
        tokens = parser.scan(sql)
    except ParseError:
        return None
    out: list[str] = []
    size = 0
    for t in tokens:
        if t.name in _COMMENTS:
            continue
        text = "?" if t.name in _LITERALS else sql[t.start:t.end + 1]
        out.append(text)
        size += len(text) + 1
        if size > limit:
            out.append("…")
            break
    return " ".join(out)


_INSERT = """
    insert into agent.audit (role_name, base_id, tool, statement_kinds, sql_normalized, outcome,
                             sqlstate, rule, message, duration_ms, details)
    values (session_user, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb)
"""
_TYPES = ["uuid", "text", "text[]", "text", "text", "text", "text", "text", "float8", "text"]


def record(plpy: Any, plans: dict[str, Any], row: dict[str, Any], *, autonomous: bool) -> None:
    """Write one audit row: in this transaction, or autonomously when the call will fail."""
    if autonomous:
        plan = plans.get("audit_autonomous")
        if plan is None:
            plan = plans["audit_autonomous"] = plpy.prepare("select agent._audit_autonomous($1::jsonb)", ["text"])
        plpy.execute(plan, [json.dumps(row, default=str)])
        return
    plan = plans.get("audit_insert")
    if plan is None:
        plan = plans["audit_insert"] = plpy.prepare(_INSERT, _TYPES)
    plpy.execute(plan, [row.get("base_id"), row["tool"], list(row.get("statement_kinds") or []),
                        row.get("sql_normalized"), row["outcome"], row.get("sqlstate"), row.get("rule"),
                        row.get("message"), row.get("duration_ms"), json.dumps(row.get("details") or {}, default=str)])
