"""The executors: how dbagent runs one statement as a base's owner role (or as an end user).

Each base has two SECURITY DEFINER functions in schema agent_exec (see
agent._create_executors): ``run_<id>``, owned by the base's tenant owner role, and
``as_user_<id>``, owned by a member of ``authenticated``. Both hand the statement to
``agent_exec._run``, which leaves the result (or the error) in the session's PL/Python
dictionary GD. execute_sql (runner.py) and the CSV tools (csvtools.py) run statements
through here only.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import plpy

from dbagent_plpy.guard import TOTAL_COLUMN, at_most_one_statement, wrap_returning


class StatementFailed(Exception):
    """A statement failed in the executor: leave the subtransaction so it rolls back."""

    def __init__(self, error: dict[str, Any]) -> None:
        super().__init__(error.get("message"))
        self.error = error


def plan_cache(GD: dict[str, Any]) -> dict[str, Any]:
    """The session's prepared plans (PL/Python keeps GD for the session)."""
    return GD.setdefault("dbagent_plans", {})


def prepared(GD: dict[str, Any], key: str, query: str, types: list[str]) -> Any:
    cache = plan_cache(GD)
    p = cache.get(key)
    if p is None:
        p = cache[key] = plpy.prepare(query, types)
    return p


def executor_name(base_id: str, *, as_user: bool = False) -> str:
    """The base's executor functions in schema agent_exec (see agent._create_executors)."""
    return ("as_user_" if as_user else "run_") + str(base_id).replace("-", "")


class Call:
    """One execute_sql call's executor: statements go through it one at a time."""

    def __init__(self, GD: dict[str, Any], base: dict[str, Any], opts: Any) -> None:
        self.GD = GD
        self.fn = "agent_exec." + executor_name(base["base_id"], as_user=bool(opts.as_user))
        self.plan = prepared(GD, "exec:" + self.fn, f"select {self.fn}($1, $2, $3, $4, $5)",
                          ["text", "int4", "text", "int4", "text"])
        self.max_rows = opts.max_rows
        self.max_bytes = base.get("max_result_bytes")
        self.lock_timeout_ms: int | None = None  # a lower one, from SET LOCAL lock_timeout
        self.claims = json.dumps({"sub": opts.as_user, "role": "authenticated", "aud": "authenticated"}) \
            if opts.as_user else None

    def run(self, sql: str, mode: str) -> dict[str, Any]:
        self.GD["dbagent_run"] = None
        plpy.execute(self.plan, [sql, self.max_rows, mode, self.lock_timeout_ms, self.claims])
        res = self.GD.get("dbagent_run") or {}
        if res.get("error"):
            raise StatementFailed(res["error"])
        return res


def run_statement(GD: dict[str, Any], fn: str, sql: str, *, max_rows: int = 0, mode: str = "command") -> dict[str, Any]:
    """Run one statement dbagent generated (not the agent's text) through executor FN."""
    plan = prepared(GD, "exec:agent_exec." + fn, f"select agent_exec.{fn}($1, $2, $3, $4, $5)",
                 ["text", "int4", "text", "int4", "text"])
    GD["dbagent_run"] = None
    plpy.execute(plan, [sql, max_rows, mode, None, None])
    res = GD.get("dbagent_run") or {}
    if res.get("error"):
        raise StatementFailed(res["error"])
    return res


def spi_error(e: Exception) -> dict[str, Any]:
    """A PostgreSQL error caught in PL/Python, with its fields (PL/Python keeps them in spidata:
    sqlerrcode, detail, hint, query, position, schema, table, column, datatype, constraint)."""
    data = tuple(getattr(e, "spidata", None) or ()) + (None,) * 10
    return {
        "sqlstate": getattr(e, "sqlstate", None),
        "message": str(e.args[0]) if getattr(e, "args", None) else str(e),
        "detail": data[1],
        "hint": data[2],
        "schema_name": data[5],
        "table_name": data[6],
        "column_name": data[7],
        "datatype_name": data[8],
        "constraint_name": data[9],
    }


# ---------------------------------------------------------------------- inside the executor
def run_here(GD: dict[str, Any], sql: str, max_rows: int, mode: str) -> None:
    """The body of agent_exec._run: run ONE statement as the calling role; leave the result in GD.

    The executor's own check, whatever happened upstream: a text holding more than one statement
    never runs. Modes: 'command' (rows processed), 'rows' (a statement that returns rows: at
    most MAX_ROWS + 1 are fetched, and at most the call's byte budget is kept), 'returning' (an
    INSERT/UPDATE/DELETE/MERGE ... RETURNING, run to completion inside a fixed WITH wrapper that
    counts every row it returned).
    """
    slot: dict[str, Any] = {}
    GD["dbagent_run"] = None
    try:
        if not at_most_one_statement(sql):
            slot["error"] = {
                "sqlstate": "XX000",
                "message": "the executor refused a text that is not exactly one statement",
                "hint": "Report this to dbagent's developers; nothing was run.",
            }
        elif mode == "command":
            slot["nrows"] = plpy.execute(sql).nrows()
        else:
            returning = mode == "returning"
            _fetch(GD, wrap_returning(sql) if returning else sql, max_rows, slot, returning)
    except plpy.SPIError as e:
        # Reported by the caller, which rolls the whole call back. (Raised from here, the message
        # would carry PL/Python's "spiexceptions.<Name>: " prefix.)
        slot = {"error": spi_error(e)}
    # Set last: a nested call (the statement calling _run itself) cannot leave its result in place of ours.
    GD["dbagent_run"] = slot


def _fetch(GD: dict[str, Any], sql: str, max_rows: int, slot: dict[str, Any], returning: bool) -> None:
    """Fetch at most MAX_ROWS + 1 rows from a cursor, keeping at most the call's byte budget.

    Rows come in batches sized from what they weigh (the first two alone), so a result of huge
    rows stops after a few of them instead of being loaded whole; execute_sql reports the cut.
    RETURNING: the wrapper's last column (every row returned, counted) goes to slot["total"].
    """
    budget = GD.get("dbagent_budget")  # {"bytes": remaining} in an execute_sql call; None: no cap
    depth = GD["dbagent_cursor_depth"] = GD.get("dbagent_cursor_depth", 0) + 1
    name = f"dbagent_rows_{depth}"  # a statement's own code may reach another executor: one name a depth
    rows: list[list[Any]] = []
    names: list[str] | None = None
    types: list[int] | None = None
    batch = 2
    used = 0
    plain = False
    try:
        plpy.execute(_plan(GD, "select agent_exec._open($1, $2)", ["text", "text"]), [sql, name])
        try:
            while len(rows) <= max_rows:
                asked = min(batch, max_rows + 1 - len(rows))
                chunk = plpy.execute(_plan(GD, f"fetch forward {asked} from {name}"))
                if names is None:
                    names, types = list(chunk.colnames()), list(chunk.coltypes())
                    # a row is a dict in column order: its values are the row, unless two columns
                    # share a name (the dict keeps one) or the RETURNING wrapper's count is there
                    plain = not returning and len(set(names)) == len(names)
                for r in chunk:
                    if returning and "total" not in slot:
                        slot["total"] = r[TOTAL_COLUMN]
                    values = list(r.values()) if plain else [r[c] for c in names if not (returning and c == TOTAL_COLUMN)]
                    size = sum(map(value_size, values)) + len(values)
                    if budget is not None and used + size > budget["bytes"]:
                        slot["bytes_truncated"] = True
                        break
                    used += size
                    rows.append(values)
                if slot.get("bytes_truncated") or chunk.nrows() < asked:
                    break
                room = (budget["bytes"] - used) if budget is not None else 64 * 1024 * 1024
                fits = max(1, min(256, room // max(used // max(len(rows), 1), 1)))
                batch = 1 << (fits.bit_length() - 1)  # a power of two: few distinct plans
        finally:
            try:
                plpy.execute(_plan(GD, f"close {name}"))
            except plpy.SPIError:
                pass  # the failed fetch's error is the one to report
    finally:
        GD["dbagent_cursor_depth"] = depth - 1
    if budget is not None:
        budget["bytes"] -= used
    if returning and names is not None:
        names, types = names[:-1], (types or [])[:-1]
        slot.setdefault("total", 0)
    slot["nrows"] = len(rows)
    slot["colnames"] = names or []
    slot["coltypes"] = types or []
    slot["rows"] = rows
    slot["bytes"] = used


def _plan(GD: dict[str, Any], query: str, types: list[str] | None = None) -> Any:
    """A prepared plan of the executor's own fixed statements (opening, fetching, closing)."""
    plans = GD.setdefault("dbagent_exec_plans", {})
    plan = plans.get(query)
    if plan is None:
        plan = plans[query] = plpy.prepare(query, types or [])
    return plan


def _text_size(v: str) -> int:
    return len(v) + 2 if v.isascii() else len(v.encode("utf-8")) + 2


def _printed_size(v: Any) -> int:
    return len(str(v))


def _null_size(v: Any) -> int:
    return 5


# The common types by exact type (one dict lookup per value: a result's rows are sized value by value)
_SIZERS: dict[type, Any] = {str: _text_size, int: _printed_size, float: _printed_size, Decimal: _printed_size,
                            type(None): _null_size, bool: _null_size}


def value_size(v: Any) -> int:
    """About how many bytes V takes in the JSON result (exact for text)."""
    sizer = _SIZERS.get(type(v))
    if sizer is not None:
        return sizer(v)
    if v is None or isinstance(v, bool):
        return 5
    if isinstance(v, str):
        return _text_size(v)
    if isinstance(v, (bytes, bytearray, memoryview)):
        return 2 * len(v) + 4
    if isinstance(v, (list, tuple)):
        return sum(value_size(x) for x in v) + len(v) + 2
    if isinstance(v, dict):
        return sum(len(str(k)) + 3 + value_size(x) for k, x in v.items()) + 2
    return len(str(v))
