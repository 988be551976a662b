"""Tool results as agents get them: compact unless verbose, the server's notices beside them.

Agent-facing output must stay small (a client that receives megabytes of schema stalls), so
every client shows the compact form unless a call asks for ``verbose``. Only the structure is
trimmed: values read from the base (rows, samples) are never changed.
"""

from __future__ import annotations

from typing import Any


def shaped(tool: str, out: dict[str, Any], *, verbose: bool) -> Any:
    """What the caller gets for a successful call: the result (compact unless VERBOSE) with
    the server's notices."""
    payload = out["result"] if verbose else compact(tool, out["result"])
    return with_notices(payload, out.get("server_notices"))


# ----------------------------------------------------------------------------------------
# compact results: agent-facing output stays small unless verbose is asked for


def compact(tool: str, result: Any) -> Any:
    """The result without what an agent rarely needs (verbose gives everything).

    Only the structure is trimmed: values read from the base (rows, samples) are never changed.
    """
    fn = _COMPACTORS.get(tool)
    return fn(result) if fn and isinstance(result, dict) else result


def with_notices(payload: Any, notices: list[str] | None) -> Any:
    """The server's notices beside a result (inside it when it is an object)."""
    if not notices:
        return payload
    if isinstance(payload, dict):
        return {**payload, "server_notices": notices}
    return {"result": payload, "server_notices": notices}


def _drop_empty(value: Any, *, deep: bool = True) -> Any:
    """Leave out keys whose value is null, [] or {} (deep: in nested objects and lists too)."""
    if isinstance(value, dict):
        return {k: _drop_empty(v) if deep else v for k, v in value.items() if v not in (None, [], {})}
    if isinstance(value, list) and deep:
        return [_drop_empty(v) for v in value]
    return value


def _compact_schema(s: dict[str, Any]) -> dict[str, Any]:
    out = dict(s)
    tables = []
    for t in s.get("tables", []) or []:
        t = dict(t)
        cols = t.get("columns") or []
        system = [c["name"] for c in cols if c.get("system")]
        t["columns"] = [c for c in cols if not c.get("system")]
        if system:
            t["system_fields"] = system
        t["indexes"] = [i["definition"] for i in t.get("indexes") or [] if not i.get("primary")]
        t["triggers"] = [
            tr for tr in t.get("triggers") or [] if not str(tr.get("name", "")).startswith("dbagent_")
        ]
        t["policies"] = [p for p in t.get("policies") or [] if p.get("name") != "dbagent_agent_all"]
        if set((t.get("primary_key") or {}).get("columns", [])) == {"id"}:
            t.pop("primary_key")
        tables.append(t)
    out["tables"] = tables
    return _drop_empty(out)  # the catalogue's description: no values from the base's rows


def _compact_execute(r: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in r.items() if k not in ("statements", "rules_applied")}
    out["statements"] = [
        _drop_empty({k: v for k, v in st.items() if k != "sql"}, deep=False)
        for st in r.get("statements", []) or []
    ]
    reasons: dict[str, int] = {}
    for rule in r.get("rules_applied", []) or []:
        reasons[rule.get("reason", "")] = reasons.get(rule.get("reason", ""), 0) + 1
    out["rules_applied"] = [f"{reason} ({n}×)" if n > 1 else reason for reason, n in reasons.items()]
    return _drop_empty(out, deep=False)


def _compact_advise(r: dict[str, Any]) -> dict[str, Any]:
    keep = ("name", "level", "title", "detail", "remediation")
    return {**r, "findings": [{k: f.get(k) for k in keep} for f in r.get("findings", []) or []]}


_COMPACTORS = {
    "get_database_schema": _compact_schema,
    "execute_sql": _compact_execute,
    "advise": _compact_advise,
}

COMPACTABLE = frozenset(_COMPACTORS)
