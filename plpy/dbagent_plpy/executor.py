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
from typing import Any

import plpy


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
