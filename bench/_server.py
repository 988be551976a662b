"""Shared by the benchmarks: a throwaway embedded server with dbagent installed.

``bench_server()`` starts PostgreSQL 15 + PL/Python with dbagent's own ``server.up`` code under
a fresh directory in /tmp (mode 0755, so the unprivileged server user can reach it when this
runs as root), installs dbagent into its database, and on exit stops the server and removes
the directory. Nothing of an existing ``dbagent up`` server is touched.

Connections, so both sides of a comparison use the same transport (the private Unix socket):
  * ``admin()``             the bootstrap superuser;
  * ``agent(base)``         the base's agent login role (password over the socket);
  * ``owner(base)``         the superuser after ``SET ROLE <tenant owner>`` and
                            ``search_path = <base schema>``: the role and name resolution the
                            executor gives the agent's SQL, without dbagent in between.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import psycopg
from dbagent import server
from dbagent.install import install
from psycopg import sql as pgsql

REPO = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def plpy_path() -> None:
    """Make dbagent's server-side Python importable here, with the strict plpy stub."""
    for p in (REPO / "plpy" / "stubs", REPO / "plpy"):
        if str(p) not in sys.path:
            sys.path.insert(0, str(p))


@dataclass
class BenchBase:
    base_id: str
    name: str
    schema: str
    agent_role: str
    agent_password: str
    owner_role: str


class BenchServer:
    def __init__(self, info: server.ServerInfo) -> None:
        self.info = info
        self.admin_dsn = info.uri()
        self._conns: list[psycopg.Connection] = []
        self._admin: psycopg.Connection | None = None

    # ------------------------------------------------------------------ connections
    def connect(self, dsn: str, **kw: Any) -> psycopg.Connection:
        conn = psycopg.connect(dsn, autocommit=True, **kw)
        self._conns.append(conn)
        return conn

    def admin(self) -> psycopg.Connection:
        if self._admin is None or self._admin.closed:
            self._admin = self.connect(self.admin_dsn)
        return self._admin

    def agent_dsn(self, base: BenchBase) -> str:
        """The agent's login over the Unix socket (pg_hba: scram-sha-256 for every other role)."""
        return (
            f"postgresql://{quote(base.agent_role, safe='')}:{quote(base.agent_password, safe='')}@/"
            f"{quote(self.info.database)}?host={quote(self.info.socket_dir, safe='/')}&port={self.info.port}"
        )

    def agent(self, base: BenchBase) -> psycopg.Connection:
        return self.connect(self.agent_dsn(base))

    def owner(self, base: BenchBase) -> psycopg.Connection:
        conn = self.connect(self.admin_dsn)
        conn.execute(pgsql.SQL("set role {}").format(pgsql.Identifier(base.owner_role)))
        conn.execute(pgsql.SQL("set search_path = {}").format(pgsql.Identifier(base.schema)))
        return conn

    # ------------------------------------------------------------------ bases
    def create_base(self, name: str) -> BenchBase:
        r = self.admin().execute("select agent.admin_create_base(%s)", [name]).fetchone()[0]
        owner = self.admin().execute(
            "select owner_role from agent.base where base_id = %s", [r["base_id"]]
        ).fetchone()[0]
        return BenchBase(
            base_id=str(r["base_id"]), name=r["name"], schema=r["schema"], agent_role=r["agent_role"],
            agent_password=r["agent_password"], owner_role=owner,
        )

    def close(self) -> None:
        for c in self._conns:
            with suppress(Exception):
                c.close()


def execute_sql(conn: psycopg.Connection, base: BenchBase, sql: str, options: dict | None = None) -> dict:
    """agent.execute_sql as the agent calls it; a failure raises psycopg's error."""
    return conn.execute(
        "select agent.execute_sql(%s, %s, %s::jsonb)", [base.base_id, sql, json.dumps(options or {})]
    ).fetchone()[0]


@contextmanager
def bench_server(log: Any = None) -> Iterator[BenchServer]:
    """A fresh embedded server with dbagent installed; stopped and removed on exit."""
    say = log or (lambda msg: print(msg, file=sys.stderr, flush=True))
    home = Path(tempfile.mkdtemp(prefix="dbagent-bench-", dir="/tmp"))
    os.chmod(home, 0o755)
    info = None
    srv = None
    try:
        started = time.perf_counter()
        info = server.up(home, free_port())
        install(info.uri(), server_python_path=[info.python_dir])
        say(f"# server: PostgreSQL {info.version} on port {info.port} under {home} "
            f"(up + install {time.perf_counter() - started:.1f} s)")
        srv = BenchServer(info)
        yield srv
    finally:
        if srv is not None:
            srv.close()
        try:
            if info is not None:
                server.stop(info)
        finally:
            shutil.rmtree(home, ignore_errors=True)
