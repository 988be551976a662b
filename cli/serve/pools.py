"""Connections: one small pool per agent role, opened as that role, bounded in total.

Every connection of an agent's pool is opened with the server's DSN (a superuser) and then
``SET SESSION AUTHORIZATION <agent role>``: from then on ``session_user`` and ``current_user``
are the agent role, exactly as on the role's own login, so dbagent's checks (which bases, the
quota, the audit's role) see that agent. The setup checks it before the pool hands the
connection out. The connection runs in autocommit: each call is one ``select agent.<tool>(...)``
and one transaction; nothing else is ever sent on it (no SET, no DISCARD: the session's
settings are the ones fixed here).

Bounds: an agent's pool holds at most ``agent_connections``; the pools together at most
``max_connections`` (each pool counts with its maximum). A new agent beyond that closes the
least recently used pool with no call in flight, or is refused (503). A pool unused for
``idle_agent_seconds`` is closed. The server also keeps a small pool of its own (the token
lookups and /readyz), as the superuser, without SET SESSION AUTHORIZATION.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import psycopg
from psycopg import sql
from psycopg_pool import AsyncConnectionPool, PoolTimeout, TooManyRequests

from dbagent.db import APPLICATION_NAME, _exact_json_loads, scrub
from dbagent.serve.config import ServeConfig
from dbagent.serve.tokens import Principal
from dbagent.tools import Tool, aload_tools

log = logging.getLogger("dbagent.serve")

AUTH_POOL_SIZE = 4


class Unavailable(Exception):
    """No connection could be had: the server is at its limit, shutting down, or the database is down."""

    def __init__(self, message: str, hint: str, sqlstate: str = "53300") -> None:
        super().__init__(message)
        self.report = {"sqlstate": sqlstate, "message": message, "detail": None, "hint": hint, "rule": None}


def _kwargs() -> dict[str, Any]:
    return {"autocommit": True, "application_name": f"{APPLICATION_NAME} serve"}


async def _exact_json(conn: psycopg.AsyncConnection) -> None:
    from psycopg.types.json import set_json_loads

    set_json_loads(_exact_json_loads, conn)


@dataclass
class AgentPool:
    key: str
    role: str
    pool: AsyncConnectionPool
    tools: dict[str, Tool] = field(default_factory=dict)
    project_agent: bool = False
    in_flight: int = 0
    last_used: float = field(default_factory=time.monotonic)


class AgentPools:
    def __init__(self, cfg: ServeConfig) -> None:
        self.cfg = cfg
        self.pools: dict[str, AgentPool] = {}
        self._lock = asyncio.Lock()
        self._opening: dict[str, asyncio.Future[AgentPool]] = {}
        self.closing = False
        self.auth = AsyncConnectionPool(
            cfg.dsn, kwargs=_kwargs(), min_size=1, max_size=AUTH_POOL_SIZE, open=False,
            configure=_exact_json, timeout=cfg.pool_timeout, max_waiting=256, name="dbagent-auth",
        )
        self._reaper: asyncio.Task[None] | None = None
        self._closing: set[asyncio.Task[None]] = set()  # pools being closed to make room

    async def open(self) -> None:
        await self.auth.open(wait=True, timeout=30)
        self._reaper = asyncio.create_task(self._reap())

    async def close(self) -> None:
        self.closing = True
        if self._reaper:
            self._reaper.cancel()
        async with self._lock:
            pools = list(self.pools.values())
            self.pools.clear()
        await asyncio.gather(*(p.pool.close() for p in pools), return_exceptions=True)
        await self.auth.close()

    # ------------------------------------------------------------------------------------

    @asynccontextmanager
    async def admin(self) -> AsyncIterator[psycopg.AsyncConnection]:
        """A connection of the server's own pool (superuser): token lookups, readiness."""
        try:
            async with self.auth.connection(timeout=self.cfg.pool_timeout) as conn:
                yield conn
        except (PoolTimeout, TooManyRequests) as e:
            raise Unavailable("the server is busy", "Try again in a moment.") from e

    async def agent(self, principal: Principal) -> AgentPool:
        """The pool of the principal's agent role, opened (and its tools read) on first use."""
        role = principal.key
        p = self.pools.get(role)
        if p is not None:
            p.last_used = time.monotonic()
            return p
        if self.closing:
            raise Unavailable("the server is shutting down", "Try again in a moment.", "57P01")
        async with self._lock:
            p = self.pools.get(role)
            if p is not None:
                return p
            opening = self._opening.get(role)
            if opening is None:
                await self._make_room()
                opening = asyncio.get_running_loop().create_future()
                self._opening[role] = opening
                starter = True
            else:
                starter = False
        if not starter:
            return await asyncio.shield(opening)
        try:
            p = await self._open(principal)
        except BaseException as e:
            async with self._lock:
                self._opening.pop(role, None)
            opening.set_exception(e if isinstance(e, Exception) else Unavailable(
                "the server is shutting down", "Try again in a moment.", "57P01"))
            opening.exception()  # retrieved: waiters get it, nobody else needs to
            raise
        async with self._lock:
            self._opening.pop(role, None)
            self.pools[role] = p
        opening.set_result(p)
        return p

    def _reserved(self) -> int:
        return (len(self.pools) + len(self._opening)) * self.cfg.agent_connections

    async def _make_room(self) -> None:
        """(Under the lock.) Close idle pools until another agent's pool fits the budget."""
        while self._reserved() + self.cfg.agent_connections > self.cfg.max_connections:
            idle = [p for p in self.pools.values() if p.in_flight == 0]
            if not idle:
                raise Unavailable(
                    "the server is at its connection limit",
                    "Every connection is in use by other agents' calls: try again in a moment.",
                )
            victim = min(idle, key=lambda p: p.last_used)
            del self.pools[victim.key]
            task = asyncio.create_task(victim.pool.close())
            self._closing.add(task)
            task.add_done_callback(self._closing.discard)

    async def _open(self, principal: Principal) -> AgentPool:
        role = principal.role

        async def configure(conn: psycopg.AsyncConnection) -> None:
            await _exact_json(conn)
            # statement_timeout backs up the server's own request timeout (dbagent's per-base
            # limits apply inside the tools whatever this says); set before the role change.
            ms = int((self.cfg.request_timeout + 5) * 1000)
            await conn.execute(sql.SQL("set statement_timeout = {}").format(sql.Literal(ms)))
            await conn.execute(sql.SQL("set session authorization {}").format(sql.Identifier(role)))
            cur = await conn.execute(
                "select session_user::text, current_user::text, pg_catalog.current_setting('is_superuser')"
            )
            who = await cur.fetchone()
            if who != (role, role, "off"):
                raise psycopg.OperationalError(f"the connection is not agent role {role}")

        pool = AsyncConnectionPool(
            self.cfg.dsn, kwargs=_kwargs(), min_size=1, max_size=self.cfg.agent_connections,
            open=False, configure=configure, timeout=self.cfg.pool_timeout,
            max_idle=max(self.cfg.idle_agent_seconds, 1.0), name=f"dbagent-agent-{role}",
            reconnect_timeout=10.0,
        )
        try:
            await pool.open(wait=True, timeout=self.cfg.pool_timeout + 10)
        except PoolTimeout as e:
            await pool.close()
            raise Unavailable(
                f"cannot open connections as agent role {role}",
                "The database refused or is unreachable; the server's log says why.", "08006",
            ) from e
        p = AgentPool(principal.key, role, pool)
        try:
            async with pool.connection(timeout=self.cfg.pool_timeout) as conn:
                p.tools = await aload_tools(conn)
                cur = await conn.execute("select agent.get_project()")
                row = await cur.fetchone()
                project = row[0] if row else {}
        except Exception:
            await pool.close()
            raise
        p.project_agent = isinstance(project, dict) and project.get("max_bases") is not None
        if not p.project_agent:
            p.tools.pop("create_base", None)  # bases are made by project agents and admins
        log.info("opened the pool of agent %s (%d tools)", role, len(p.tools))
        return p

    @asynccontextmanager
    async def connection(self, p: AgentPool) -> AsyncIterator[psycopg.AsyncConnection]:
        """A connection of agent pool P for one call."""
        p.in_flight += 1
        p.last_used = time.monotonic()
        try:
            try:
                conn = await p.pool.getconn(timeout=self.cfg.pool_timeout)
            except (PoolTimeout, TooManyRequests) as e:
                raise Unavailable(
                    "no connection for this agent in time",
                    "The database is slow or unreachable; try again in a moment.",
                ) from e
            try:
                yield conn
            finally:
                await p.pool.putconn(conn)
        finally:
            p.in_flight -= 1
            p.last_used = time.monotonic()

    async def _reap(self) -> None:
        while True:
            await asyncio.sleep(min(30.0, max(self.cfg.idle_agent_seconds / 2, 0.5)))
            now = time.monotonic()
            async with self._lock:
                idle = [p for p in self.pools.values()
                        if p.in_flight == 0 and now - p.last_used > self.cfg.idle_agent_seconds]
                for p in idle:
                    del self.pools[p.key]
            for p in idle:
                log.info("closing the idle pool of agent %s", p.role)
                try:
                    await p.pool.close()
                except Exception as e:  # noqa: BLE001 - closing is best effort
                    log.warning("closing the pool of %s: %s", p.role, scrub(str(e)))
