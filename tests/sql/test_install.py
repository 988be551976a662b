"""`dbagent install`: idempotent, and clear about missing prerequisites."""

from __future__ import annotations

import psycopg
import pytest

from dbagent.db import agent_dsn
from dbagent import install as installer
from dbagent.install import InstallError, install

SNAPSHOT = """
    select jsonb_object_agg(p.oid::regprocedure::text,
                            md5(p.prosrc || coalesce(array_to_string(p.proacl, ','), '')
                                || pg_get_userbyid(p.proowner) || coalesce(array_to_string(p.proconfig, ','), '')))
    from pg_proc p where p.pronamespace in ('agent'::regnamespace, 'auth'::regnamespace, 'agent_exec'::regnamespace)
"""


def test_second_install_is_a_no_op(db):
    before = db.one(SNAPSHOT)
    tables = db.one("select count(*) from pg_class where relnamespace = 'agent'::regnamespace")
    report = install(db.admin_dsn)
    assert report.migrations_applied == []
    assert report.first_install is False
    assert db.one(SNAPSHOT) == before
    assert db.one("select count(*) from pg_class where relnamespace = 'agent'::regnamespace") == tables
    v = db.one("select agent.version()")
    assert v["version"] and v["code_version"] == report.code_version
    assert len(v["migrations"]) >= 4


def test_install_keeps_bases_and_their_access(db):
    acme = db.create_base("acme")
    install(db.admin_dsn)
    p = db.one("select agent.get_project()", conn=db.agent(acme))
    assert [b["name"] for b in p["bases"]] == ["acme"]


EXECUTORS = "select count(*) from pg_proc where pronamespace = 'agent_exec'::regnamespace and proname ~ '^(run|as_user)_'"


def test_install_recreates_executors_in_batches_of_their_own(db, monkeypatch):
    """One transaction for every base's executors runs out of the shared lock table with
    thousands of bases: install re-creates them EXECUTOR_BATCH bases per transaction."""
    bases = [db.create_base(f"b{i}") for i in range(5)]
    db.admin.execute("delete from agent.setting where key = 'executor_version'")  # as after a change
    hexid = bases[3].base_id.replace("-", "")
    db.admin.execute(f"drop function agent_exec.run_{hexid}(text, integer, text, integer, text)")
    assert db.one(EXECUTORS) == 9
    monkeypatch.setattr(installer, "EXECUTOR_BATCH", 2)
    calls = []
    real_connect = psycopg.connect

    def counting_connect(*a, **k):
        conn = real_connect(*a, **k)
        conn.add_notice_handler(lambda _d: None)
        real_execute = conn.execute

        def execute(query, params=None, **kw):
            if str(query).startswith("select agent._refresh_executors_batch"):
                calls.append(params)
            return real_execute(query, params, **kw)

        conn.execute = execute
        return conn

    monkeypatch.setattr(installer.psycopg, "connect", counting_connect)
    log = []
    assert installer.refresh_executors(db.admin_dsn, log=log.append) == 5
    assert [c[1] for c in calls] == [2, 2, 2, 2] and calls[0][0] is None  # 2+2+1, then an empty batch
    assert db.one(EXECUTORS) == 10
    assert [r for r in db.admin.execute("select check_name, detail from agent._hygiene() where not ok")] == []
    assert db.one("select value #>> '{}' from agent.setting where key = 'executor_version'")
    # recorded: the next install has nothing to do
    calls.clear()
    assert installer.refresh_executors(db.admin_dsn) == 0 and calls == []
    monkeypatch.undo()
    r = db.one("select agent.execute_sql(%s, 'select 1 as one')", [bases[3].base_id], conn=db.agent(bases[3]))
    assert r["statements"][0]["rows"] == [[1]]


def test_sessions_load_the_stored_bytecode_and_fall_back_to_the_source(db):
    """install stores each module compiled (PL/Python would compile every module in every new
    session); a server Python with another magic number compiles the source instead."""
    import importlib.util

    acme = db.create_base("acme")
    rows = db.admin.execute("select name, source, code, magic from agent._python_module").fetchall()
    assert rows and all(r[2] and bytes(r[3]) == importlib.util.MAGIC_NUMBER for r in rows)
    call = "select agent.execute_sql(%s, 'select 41 + 1 as x')"
    # the bytecode is what runs: a source that would not even compile does not matter
    db.admin.execute("update agent._python_module set source = 'def broken(:' where name = 'dbagent_plpy.guard'")
    assert db.one(call, [acme.base_id], conn=db.agent(acme))["statements"][0]["rows"] == [[42]]
    # another magic number: the source is compiled (and here it is broken, so the call says so)
    db.admin.execute("update agent._python_module set magic = '\\x00000000' where name = 'dbagent_plpy.guard'")
    with pytest.raises(psycopg.Error, match="SyntaxError"):
        db.one(call, [acme.base_id], conn=db.agent(acme))
    install(db.admin_dsn)  # puts both back
    assert db.one(call, [acme.base_id], conn=db.agent(acme))["statements"][0]["rows"] == [[42]]


def test_install_needs_a_superuser(db):
    acme = db.create_base("acme")
    with pytest.raises(InstallError) as exc:
        install(acme.agent_dsn)
    assert "superuser" in str(exc.value)
    assert exc.value.hint


def test_install_says_what_to_install_when_the_server_python_lacks_packages(db, pg):
    with psycopg.connect(db.admin_dsn, autocommit=True) as conn:
        conn.execute("create database fresh_no_python")
    try:
        with pytest.raises(InstallError) as exc:
            install(pg.uri("fresh_no_python"), server_python_path=[])
        assert "pglast" in str(exc.value)
        assert "pip install" in exc.value.hint and "--server-python-path" in exc.value.hint
        # nothing half-installed
        with psycopg.connect(pg.uri("fresh_no_python"), autocommit=True) as conn:
            assert conn.execute("select to_regclass('agent.base')").fetchone()[0] is None
        # and with the path it works
        install(pg.uri("fresh_no_python"), server_python_path=[pg.python_dir])
        with psycopg.connect(pg.uri("fresh_no_python"), autocommit=True) as conn:
            assert conn.execute("select to_regclass('agent.base') is not null").fetchone()[0]
    finally:
        with psycopg.connect(db.admin_dsn, autocommit=True) as conn:
            conn.execute("drop database fresh_no_python with (force)")


def test_missing_plpython_is_explained(monkeypatch):
    from dbagent import install as inst

    class FakeResult:
        def __init__(self, row):
            self.row = row

        def fetchone(self):
            return self.row

    class FakeConn:
        def __enter__(self):
            return self

        def __exit__(self, *a):
            return False

        def execute(self, q, *a):
            if "server_version_num" in q:
                return FakeResult(("150020",))
            if "rolsuper" in q or "is_superuser" in q:
                return FakeResult((True,))
            if "to_regclass" in q:
                return FakeResult((False,))
            if "pg_available_extensions" in q:
                return FakeResult(None)
            raise AssertionError(q)

    monkeypatch.setattr(inst.psycopg, "connect", lambda *a, **k: FakeConn())
    with pytest.raises(InstallError) as exc:
        inst.install("postgresql://x@localhost/db")
    assert "plpython3u" in str(exc.value)
    assert "apt-get install postgresql-plpython3-15" in exc.value.hint


def test_agent_dsn_uses_tcp_for_socket_admin_dsn():
    dsn = agent_dsn("postgresql://postgres@/app?host=/var/run/pg&port=5433", "r", "p w")
    assert dsn == "postgresql://r:p%20w@127.0.0.1:5433/app"
