"""The test harness: a real PostgreSQL 15 with PL/Python, dbagent installed once per worker.

Each pytest worker starts its own embedded server (dbagent's own `up` code, which runs the
server as an unprivileged OS user when the tests run as root), installs dbagent into a
template database with pytest-postgresql's janitor, and gives every test that asks for
``db`` a fresh clone of that template.
"""

from __future__ import annotations

import os
import shutil
import socket
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytest_postgresql.janitor import DatabaseJanitor

sys.path.insert(0, str(Path(__file__).resolve().parent))

from dbtest import TestDb  # noqa: E402

from dbagent import server  # noqa: E402
from dbagent.install import install  # noqa: E402

TEMPLATE = "dbagent_template"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def pg() -> Iterator[server.ServerInfo]:
    """One PostgreSQL server per worker, started the way `dbagent up` starts it."""
    home = Path(tempfile.mkdtemp(prefix="dbagent-test-", dir="/tmp"))
    os.chmod(home, 0o755)
    info = server.up(home, _free_port())
    try:
        yield info
    finally:
        try:
            server.stop(info)
        finally:
            shutil.rmtree(home, ignore_errors=True)


def _install_loader(pg_info: server.ServerInfo):
    def load(*, dbname: str, **_kw: object) -> None:
        install(pg_info.uri(dbname), server_python_path=[pg_info.python_dir])

    return load


@pytest.fixture(scope="session")
def template_db(pg: server.ServerInfo) -> Iterator[str]:
    janitor = DatabaseJanitor(
        user=pg.superuser, host=pg.socket_dir, port=pg.port, dbname=TEMPLATE, as_template=True
    )
    with janitor:
        janitor.load(_install_loader(pg))
        yield TEMPLATE


_counter = iter(range(1, 1_000_000))


def _clone(pg: server.ServerInfo, template_db: str) -> Iterator[TestDb]:
    name = f"t{os.getpid()}_{next(_counter)}"
    janitor = DatabaseJanitor(
        user=pg.superuser, host=pg.socket_dir, port=pg.port, dbname=name, template_dbname=template_db
    )
    with janitor:
        t = TestDb(pg, name)
        # Database ACLs live in the shared catalog and do not follow a template clone.
        t.admin.execute("select agent._database_acl()")
        try:
            yield t
        finally:
            t.close()


@pytest.fixture
def db(pg: server.ServerInfo, template_db: str) -> Iterator[TestDb]:
    """A fresh database with dbagent installed (a clone of the template)."""
    yield from _clone(pg, template_db)


@pytest.fixture(scope="module")
def mdb(pg: server.ServerInfo, template_db: str) -> Iterator[TestDb]:
    """One database for a whole test module (for corpora that need no fresh state per test)."""
    yield from _clone(pg, template_db)
