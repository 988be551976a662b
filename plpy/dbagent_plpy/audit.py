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
    """SQL with every literal replaced by ``?`` and comments dropped: values never reach the audit."""
    try:
        tokens = parser.scan(sql)
    except ParseError:
        return None
    raw = sql.encode("utf-8")
    out: list[str] = []
    size = 0
    for t in tokens:
        if t.name in _COMMENTS:
            continue
        text = "?" if t.name in _LITERALS else raw[t.start:t.end + 1].decode("utf-8", "replace")
        out.append(text)
        size += len(text) + 1
        if size > limit:
            out.append("…")
            break
    return " ".join(out)


def record(plpy: Any, plans: dict[str, Any], row: dict[str, Any], *, autonomous: bool) -> None:
    """Write one audit row: in this transaction, or autonomously when the call will fail."""
    name = "agent._audit_autonomous" if autonomous else "agent._audit_insert"
    plan = plans.get(name)
    if plan is None:
        plan = plans[name] = plpy.prepare(f"select {name}($1::jsonb)", ["text"])
    plpy.execute(plan, [json.dumps(row, default=str)])
