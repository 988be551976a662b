"""Faults (issue 7): a backend killed mid-call leaves nothing partial; the CLI says the connection
was lost; a restarted server answers the next call; a client that disconnects mid-call leaves no
open transaction. These tests kill backends (which makes PostgreSQL restart every session of the
cluster), so they run on a server of their own, not the worker's shared one.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psycopg
import pytest

from dbagent import server
from dbagent.db import agent_dsn
from dbagent.install import install


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def own():
    home = Path(tempfile.mkdtemp(prefix="dbagent-faults-", dir="/tmp"))
    os.chmod(home, 0o755)
    info = server.up(home, _port())
    install(info.uri(), server_python_path=[info.python_dir])
    try:
        yield info
    finally:
        server.stop(info)
        shutil.rmtree(home, ignore_errors=True)


def admin(info) -> psycopg.Connection:
    deadline = time.monotonic() + 60
    while True:
        try:
            return psycopg.connect(info.uri(), autocommit=True)
        except psycopg.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def make_base(info, name: str) -> tuple[str, str]:
    with admin(info) as conn:
        conn.execute("select agent.admin_drop_base(%s)", [name])
        r = conn.execute("select agent.admin_create_base(%s)", [name]).fetchone()[0]
    return r["base_id"], agent_dsn(info.uri(), r["agent_role"], r["agent_password"])


def wait_active(info, pid: int, needle: str, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    with admin(info) as conn:
        while time.monotonic() < deadline:
            row = conn.execute("select query from pg_stat_activity where pid = %s and state = 'active'", [pid]).fetchone()
            if row and needle in row[0]:
                return
            time.sleep(0.05)
    raise AssertionError("the call never started")


def kill_backend(pid: int) -> None:
    os.kill(pid, signal.SIGKILL)


def wait_recovered(info) -> None:
    """After a backend is killed, PostgreSQL ends every session and recovers: wait until a new
    session answers, twice in a row (a session opened before the restart may still be cut)."""
    deadline = time.monotonic() + 60
    answered = 0
    while answered < 2:
        try:
            with psycopg.connect(info.uri(), autocommit=True, connect_timeout=5) as conn:
                conn.execute("select count(*) from pg_stat_activity").fetchone()
            answered += 1
        except psycopg.OperationalError:
            answered = 0
            if time.monotonic() > deadline:
                raise
        time.sleep(0.5)


def test_kill_9_mid_execute_sql_leaves_nothing(own):
    base_id, dsn = make_base(own, "k1")
    conn = psycopg.connect(dsn, autocommit=True)
    pid = conn.info.backend_pid
    errors: list[BaseException] = []

    def call() -> None:
        try:
            conn.execute("select agent.execute_sql(%s, %s)", [base_id,
                         "create table a (x integer); insert into a (x) select g from generate_series(1, 100000) g; "
                         "create table b (y integer); insert into b (y) select count(*) from generate_series(1, 400000000)"])
        except BaseException as e:  # noqa: BLE001
            errors.append(e)

    t = threading.Thread(target=call)
    t.start()
    wait_active(own, pid, "execute_sql")
    time.sleep(0.5)
    kill_backend(pid)
    t.join(30)
    assert errors and isinstance(errors[0], psycopg.OperationalError)
    wait_recovered(own)
    with admin(own) as c:
        assert c.execute("select to_regclass('k1.a'), to_regclass('k1.b')").fetchone() == (None, None)
        assert c.execute("select count(*) from agent.base_migration where base_id = %s", [base_id]).fetchone()[0] == 0
    # and the base works again
    with psycopg.connect(dsn, autocommit=True) as again:
        r = again.execute("select agent.execute_sql(%s, 'create table a (x integer)')", [base_id]).fetchone()[0]
        assert r["ok"]


def test_kill_9_mid_import_leaves_no_rows(own):
    base_id, dsn = make_base(own, "k2")
    work = Path(tempfile.mkdtemp(prefix="dbagent-faults-csv-", dir="/tmp"))
    os.chmod(work, 0o755)
    try:
        big = work / "big.csv"
        with big.open("w") as fh:
            fh.write("n,label\n")
            for i in range(1_500_000):
                fh.write(f"{i},row {i}\n")
        os.chmod(big, 0o644)
        with admin(own) as c:
            c.execute("select agent.admin_set_settings(%s::jsonb)", [json.dumps({"import_dir": str(work)})])
        conn = psycopg.connect(dsn, autocommit=True)
        conn.execute("select agent.execute_sql(%s, 'create table items (n integer, label text)')", [base_id])
        pid = conn.info.backend_pid
        errors: list[BaseException] = []

        def call() -> None:
            try:
                conn.execute("select agent.import_csv(%s, 'import:big.csv', 'items')", [base_id])
            except BaseException as e:  # noqa: BLE001
                errors.append(e)

        t = threading.Thread(target=call)
        t.start()
        wait_active(own, pid, "import_csv")
        time.sleep(1.0)
        kill_backend(pid)
        t.join(60)
        assert errors and isinstance(errors[0], psycopg.OperationalError)
        wait_recovered(own)
        with admin(own) as c:
            assert c.execute("select count(*) from k2.items").fetchone()[0] == 0
            assert c.execute("select count(*) from pg_class where relnamespace = 'agent_stage'::regnamespace "
                             "and relkind in ('f', 'r')").fetchone()[0] == 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


def test_cli_reports_a_lost_connection(own):
    base_id, dsn = make_base(own, "k3")
    env = dict(os.environ, DBAGENT_DSN=dsn)
    proc = subprocess.Popen([sys.executable, "-m", "dbagent", "sql", "k3",
                             "select count(*) from generate_series(1, 400000000)"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    with admin(own) as c:
        deadline = time.monotonic() + 20
        pid = None
        while pid is None and time.monotonic() < deadline:
            row = c.execute("select pid from pg_stat_activity where application_name = 'dbagent' "
                            "and query like '%%execute_sql%%' and state = 'active'").fetchone()
            pid = row[0] if row else None
            time.sleep(0.05)
    assert pid, "the CLI's call never started"
    kill_backend(pid)
    out, err = proc.communicate(timeout=60)
    wait_recovered(own)
    assert proc.returncode == 2
    assert "lost the connection" in err and "Traceback" not in err, err


def test_server_restart_between_calls(own):
    base_id, dsn = make_base(own, "k4")
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("select agent.execute_sql(%s, 'create table t (x integer)')", [base_id])
    out = subprocess.run(["runuser", "-u", own.os_user, "--", str(Path(own.bindir) / "pg_ctl"), "restart", "-w",
                          "-m", "fast", "-D", own.data_dir, "-l", own.log_file, "-o", f"-p {own.port}"]
                         if os.geteuid() == 0 else
                         [str(Path(own.bindir) / "pg_ctl"), "restart", "-w", "-m", "fast", "-D", own.data_dir,
                          "-l", own.log_file, "-o", f"-p {own.port}"], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    with psycopg.connect(dsn, autocommit=True) as conn:
        r = conn.execute("select agent.execute_sql(%s, 'insert into t (x) values (1) returning x')", [base_id]).fetchone()[0]
        assert r["statements"][0]["rows"] == [[1]]


def test_disconnected_client_leaves_no_transaction(own):
    base_id, dsn = make_base(own, "k5")
    with admin(own) as c:
        c.execute("select agent.admin_set_limits('k5', '{\"statement_timeout_ms\": 3000}')")
    conn = psycopg.connect(dsn, autocommit=True)
    pid = conn.info.backend_pid

    def call() -> None:
        try:
            conn.execute("select agent.execute_sql(%s, %s)", [base_id,
                         "create table gone (x integer); select count(*) from generate_series(1, 400000000)"])
        except BaseException:  # noqa: BLE001
            pass

    t = threading.Thread(target=call, daemon=True)
    t.start()
    wait_active(own, pid, "execute_sql")
    # the client vanishes mid-call: its socket is shut down (not closed, so the descriptor is
    # not reused by our next connection while the client thread still waits on it)
    socket.socket(fileno=os.dup(conn.pgconn.socket)).shutdown(socket.SHUT_RDWR)
    deadline = time.monotonic() + 30
    with admin(own) as c:
        while time.monotonic() < deadline:
            if not c.execute("select 1 from pg_stat_activity where pid = %s", [pid]).fetchone():
                break
            time.sleep(0.2)
        assert not c.execute("select 1 from pg_stat_activity where pid = %s", [pid]).fetchone()
        assert c.execute("select to_regclass('k5.gone')").fetchone()[0] is None
        assert c.execute("select count(*) from pg_locks l join pg_stat_activity a on a.pid = l.pid "
                         "where a.usename like 'dbagent_a_%%'").fetchone()[0] == 0
