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


def as_owner(db: "TestDb", base: Base, sql: str) -> None:
    """Run SQL directly as a base's tenant owner (test set-up that bypasses the walls)."""
    owner = db.one("select owner_role from agent.base where base_id = %s", [base.base_id])
    with psycopg.connect(db.admin_dsn, autocommit=True) as conn:
        conn.execute(f'set role "{owner}"')
        conn.execute(f'set search_path = "{base.schema}"')
        conn.execute(sql)


def execute_sql(conn: psycopg.Connection, base: Base, sql: str, options: dict | None = None) -> dict:
    import json

    row = conn.execute(
        "select agent.execute_sql(%s, %s, %s::jsonb)", [base.base_id, sql, json.dumps(options or {})]
    ).fetchone()
    return row[0]


def execute_sql_confirmed(conn: psycopg.Connection, base: Base, sql: str, options: dict | None = None) -> dict:
    """execute_sql, confirming a call that destroys data (a test's own DROP of its scratch table)."""
    r = execute_sql(conn, base, sql, options)
    if r.get("confirmation_required"):
        r = execute_sql(conn, base, sql, dict(options or {}, confirm=r["confirm"]))
    return r
