"""One tool call from HTTP (JSON API or MCP) through the core, as the agent, with a deadline.

``call`` finds the agent's pool (its tools were read as that role), checks the arguments with
the core (``dbagent.tools.prepare``), resolves a base given by name through ``get_project`` on
the same connection, and runs the one ``select agent.<tool>(...)`` in autocommit. Past the
request timeout the statement is cancelled on the server and the caller gets 57014 (504).
``options`` and every other value pass through untouched; results come back as the function
returned them (compact unless ``verbose``).
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass, field
from typing import Any

import psycopg
from psycopg_pool import PoolClosed

from dbagent.serve.errors import report
from dbagent.serve.pools import AgentPool, AgentPools, Unavailable
from dbagent.serve.tokens import Principal
from dbagent.tools import (
    CallError,
    arun,
    base_from_project,
    is_base_id,
    prepare,
    report_of,
    shaped,
    unknown_base,
)

log = logging.getLogger("dbagent.serve")


@dataclass
class Outcome:
    ok: bool
    payload: Any = None  # the shaped result (ok) or the error report
    notices: list[str] = field(default_factory=list)
    tool: str | None = None
    ms: float = 0.0
    status: int | None = None  # set where the SQLSTATE alone does not say it (404s)

    @property
    def sqlstate(self) -> str | None:
        return None if self.ok else self.payload.get("sqlstate")

    @property
    def rule(self) -> str | None:
        return None if self.ok else self.payload.get("rule")


class Dispatcher:
    def __init__(self, pools: AgentPools) -> None:
        self.pools = pools

    async def tools(self, principal: Principal) -> AgentPool:
        return await self.pools.agent(principal)

    async def call(self, principal: Principal, name: str, args: Any, *, merge_notices: bool) -> Outcome:
        """Run tool NAME for PRINCIPAL. MERGE_NOTICES: the server's notices inside the result
        (MCP) rather than beside it (the JSON API)."""
        start = time.perf_counter()
        try:
            try:
                out = await self._call(principal, name, args, merge_notices)
            except PoolClosed:  # its pool was closed to make room just now: open it again
                out = await self._call(principal, name, args, merge_notices)
        except Unavailable as e:
            out = Outcome(False, e.report, tool=name)
        except (psycopg.Error, PoolClosed) as e:  # opening the agent's pool failed
            log.warning("a call of %s failed before it ran: %s", principal.role, type(e).__name__)
            out = Outcome(False, {**report_of(e), "hint": "Try again in a moment."} if isinstance(e, psycopg.Error)
                          else report("53300", "the agent's connections were closed", "Try again."), tool=name,
                          status=503)
        out.ms = (time.perf_counter() - start) * 1000
        return out

    async def _call(self, principal: Principal, name: str, args: Any, merge: bool) -> Outcome:
        ap = await self.pools.agent(principal)
        try:
            prepared = prepare(ap.tools, name, args)
        except CallError as e:
            return Outcome(False, e.report, tool=name, status=404 if name not in ap.tools else None)
        async with self.pools.connection(ap) as conn:
            base = prepared.args.get("base_id")
            if prepared.tool.takes_base and base is not None and not is_base_id(base):
                got = await self._run(conn, prepare(ap.tools, "get_project", {}))
                if "error" in got:
                    return Outcome(False, got["error"], tool=name)
                found = base_from_project(got["result"], str(base))
                if found is None:
                    return Outcome(False, unknown_base(str(base), got["result"]).report, tool=name, status=404)
                prepared = prepare(ap.tools, name, {**prepared.args, "base_id": found["base_id"],
                                                    "verbose": prepared.verbose})
            out = await self._run(conn, prepared)
        if "error" in out:
            return Outcome(False, out["error"], tool=name)
        notices = out.get("server_notices") or []
        if merge:
            return Outcome(True, shaped(name, out, verbose=prepared.verbose), tool=name)
        return Outcome(True, shaped(name, {"result": out["result"]}, verbose=prepared.verbose),
                       notices=notices, tool=name)

    async def _run(self, conn: psycopg.AsyncConnection, prepared: Any) -> dict[str, Any]:
        """Run one statement; past the request timeout, cancel it. (psycopg cancels the statement
        on the server when the awaiting task is cancelled, and waits for it to stop; a server that
        does not stop it in time gets the connection closed, which the pool then replaces.)"""
        timeout = self.pools.cfg.request_timeout
        try:
            async with asyncio.timeout(timeout):
                return await arun(conn, prepared)
        except TimeoutError:
            return {"error": report(
                "57014", f"the call took longer than the server's request timeout ({timeout:g} s) and was cancelled",
                hint="Ask for less work per call (a narrower query, a smaller file), or ask the operator "
                     "to raise --request-timeout.")}
