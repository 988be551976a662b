"""Helpers for tests against a live dbagent database (see conftest.py)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import psycopg

from dbagent import server
from dbagent.db import agent_dsn


@dataclass
class Base:
    base_id: str
    name: str
    schema: str
    agent_role: str
    agent_dsn: str


class TestDb:
    """One test database: admin and agent connections, bases."""

    __test__ = False  # not a test class

    def __init__(self, pg: server.ServerInfo, dbname: str) -> None:
        self.pg = pg
        self.dbname = dbname
        self.admin_dsn = pg.uri(dbname)
        self._conns: list[psycopg.Connection] = []
        self._admin: psycopg.Connection | None = None

    def connect(self, dsn: str | None = None, **kw: Any) -> psycopg.Connection:
        conn = psycopg.connect(dsn or self.admin_dsn, autocommit=True, **kw)
        self._conns.append(conn)
        return conn

    @property
    def admin(self) -> psycopg.Connection:
        if self._admin is None or self._admin.closed:
            self._admin = self.connect()
        return self._admin

    def one(self, query: str, params: Any = None, conn: psycopg.Connection | None = None) -> Any:
        row = (conn or self.admin).execute(query, params).fetchone()
        return None if row is None else row[0]

    def create_base(self, name: str, grant_to: str | None = None) -> Base:
        r = self.one("select agent.admin_create_base(%s, %s)", [name, grant_to])
        return Base(
            base_id=r["base_id"],
            name=r["name"],
            schema=r["schema"],
            agent_role=r["agent_role"],
            agent_dsn=agent_dsn(self.admin_dsn, r["agent_role"], r["agent_password"]),
        )

    def agent(self, base: Base) -> psycopg.Connection:
        return self.connect(base.agent_dsn)

    def close(self) -> None:
        for c in self._conns:
            try:
                c.close()
            except Exception:  # noqa: BLE001
                pass
