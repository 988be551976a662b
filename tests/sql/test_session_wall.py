"""The session wall (issue 12): an agent's own database connection harms no other tenant.

Every test here acts as an agent on its own psycopg connection (agent_dsn), as an attacker holding
the login would: not through a tool's SQL argument, but around the tools or without them. Each
reproduces one way that worked on 85dcd98 and shows the other tenant (or dbagent's admin work)
unaffected now.
"""

from __future__ import annotations

import json
import subprocess
import uuid
import sys
import time
from pathlib import Path

import psycopg
import pytest
from psycopg import pq

from dbagent.db import agent_dsn


@pytest.fixture
def pair(db):
    """A victim base and a hostile base, with the hostile agent's own connection."""
    victim = db.create_base("victim")
    hostile = db.create_base("hostile")
    return victim, hostile, db.agent(hostile)


def owner_of(db, base) -> str:
    return db.one("select owner_role from agent.base where base_id = %s", [base.base_id])


def project_agent(db, name: str, max_bases: int = 3) -> tuple[str, str]:
    """A project agent (roles are the cluster's: the name gets a random suffix)."""
    r = db.one("select agent.admin_create_agent(%s, %s)", [f"{name}_{uuid.uuid4().hex[:8]}", max_bases])
    return r["role"], agent_dsn(db.admin_dsn, r["role"], r["password"])


def call(conn, query: str, params=None):
    row = conn.execute(query, params).fetchone()
    return None if row is None else row[0]


def flush_held(dsn: str, query: str, params: list[bytes]) -> tuple[psycopg.Connection, bytes]:
    """Run QUERY as the first statement of an extended-protocol pipeline and read its result with a
    Flush, never a Sync: the transaction stays open afterwards. Returns the connection and the value."""
    conn = psycopg.connect(dsn, autocommit=True)
    conn.execute("set idle_in_transaction_session_timeout = 0")
    pg = conn.pgconn
    pg.enter_pipeline_mode()
    pg.send_query_params(query.encode(), params)
    pg.send_flush_request()
    pg.flush()
    res = None
    while res is None:
        pg.consume_input()
        res = pg.get_result()
    assert res.status == pq.ExecStatus.TUPLES_OK, res.error_message
    value = res.get_value(0, 0)
    assert pg.get_result() is None
    return conn, value


# ---------------------------------------------------------------------- 1. undroppable roles
def test_agent_default_privileges_and_large_objects_are_refused(db, pair):
    victim, hostile, conn = pair
    planner, _ = project_agent(db, "planner")
    for target in (owner_of(db, victim), victim.agent_role, planner, "dbagent_owner", "postgres"):
        with pytest.raises(psycopg.errors.InsufficientPrivilege) as exc:
            conn.execute(f'alter default privileges grant execute on functions to "{target}"')
        assert "rule: session_wall" in exc.value.diag.message_detail
    for create in ("select lo_from_bytea(0, 'x')", "select lo_creat(-1)", "select lo_create(0)"):
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(create)
    # a large object the agent owns (an admin gave it one): it may not grant it to anyone either
    lo = db.one("select lo_from_bytea(0, 'x')")
    db.admin.execute(f'alter large object {lo} owner to "{hostile.agent_role}"')
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute(f'grant select on large object {lo} to "{owner_of(db, victim)}"')
    # the victims drop as ever
    assert db.one("select agent.admin_drop_base('victim')") is True
    assert db.one("select agent.admin_drop_agent(%s)", [planner]) is True
    assert db.one("select agent.admin_drop_base('hostile')") is True  # and its large object went with it
    assert db.one("select count(*) from pg_largeobject_metadata where oid = %s", [lo]) == 0


def test_drops_succeed_whatever_other_roles_granted(db, pg, pair):
    """Grants that bypassed the wall (made before the upgrade, or in another database): the drops
    clean them up, here and in the other database, and what the hostile agent granted goes with it."""
    victim, hostile, _ = pair
    planner, _ = project_agent(db, "planner")
    targets = f'"{owner_of(db, victim)}", "{victim.agent_role}", "{planner}", dbagent_owner'
    db.admin.execute("alter event trigger dbagent_session_wall disable")
    try:
        lo = db.one("select lo_from_bytea(0, 'x')")
        db.admin.execute(f'alter large object {lo} owner to "{hostile.agent_role}"')
        db.admin.execute(f'set role "{hostile.agent_role}"')
        db.admin.execute(f"alter default privileges grant execute on functions to {targets}")
        db.admin.execute(f"grant select on large object {lo} to {targets}")
        db.admin.execute("reset role")
    finally:
        db.admin.execute("alter event trigger dbagent_session_wall enable always")
    with psycopg.connect(pg.uri("postgres"), autocommit=True) as other:  # a database the wall does not cover
        other.execute(f'set role "{hostile.agent_role}"')
        other.execute(f"alter default privileges grant execute on functions to {targets}")
        other.execute("reset role")
    assert db.one("select agent.admin_drop_base('victim')") is True
    assert db.one("select agent.admin_drop_agent(%s)", [planner]) is True
    assert db.one("select agent.admin_drop_base('hostile')") is True
    left = db.one("select count(*) from pg_shdepend where refobjid = 'dbagent_owner'::regrole "
                  "and dbid = (select oid from pg_database where datname = 'postgres')")
    assert left == 0


def test_agent_logins_cannot_reach_other_databases(db, pair):
    _, hostile, _ = pair
    for other in ("postgres", "template1"):
        with pytest.raises(psycopg.OperationalError) as exc:
            psycopg.connect(hostile.agent_dsn.rsplit("/", 1)[0] + "/" + other, connect_timeout=10).close()
        assert "pg_hba.conf rejects" in str(exc.value)


# ---------------------------------------------------------------------- 2. dbagent's locks
def test_advisory_lock_keys_no_longer_hold_dbagent_up(db, pair):
    victim, hostile, conn = pair
    planner, planner_dsn = project_agent(db, "planner")
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("select pg_advisory_lock(hashtext('dbagent.base:newbase'))")
    # the keys dbagent used to take, held by a session that may take them (a superuser here)
    holder = db.connect()
    holder.autocommit = False
    newagent = f"newagent_{uuid.uuid4().hex[:8]}"
    for key in ("dbagent.base:newbase", "dbagent.base:victim", f"dbagent.quota:{planner}", f"dbagent.agent:{newagent}",
                f"dbagent.role:{owner_of(db, victim)}"):
        holder.execute("select pg_advisory_xact_lock(hashtext(%s))", [key])
    try:
        admin = db.connect()
        admin.execute("set statement_timeout = '10s'")
        with psycopg.connect(planner_dsn, autocommit=True) as p:
            p.execute("set statement_timeout = '10s'")
            assert call(p, "select agent.create_base('newbase')")["name"] == "newbase"
        assert call(admin, "select agent.admin_create_agent(%s, 1)", [newagent])["role"] == newagent
        assert call(admin, "select agent.admin_set_limits('victim', '{\"max_rows\": 100}')")["max_rows"] == 100
        assert call(admin, "select agent.admin_drop_base('victim')") is True
    finally:
        holder.rollback()


def test_waits_are_bounded_and_say_retry(db):
    planner, planner_dsn = project_agent(db, "planner")
    holder = db.connect()
    holder.autocommit = False
    holder.execute("select * from agent.project_agent where role_name = %s for update", [planner])
    try:
        with psycopg.connect(planner_dsn, autocommit=True) as p:
            t = time.monotonic()
            with pytest.raises(psycopg.errors.LockNotAvailable) as exc:
                p.execute("select agent.create_base('waiting')")
            assert time.monotonic() - t < 15
            assert "Retry" in exc.value.diag.message_hint
    finally:
        holder.rollback()
    assert db.one("select count(*) from agent.base where name = 'waiting'") == 0


def test_a_create_whose_client_is_gone_does_not_complete(db):
    planner, planner_dsn = project_agent(db, "planner", max_bases=1)
    holder = db.connect()
    holder.autocommit = False
    holder.execute("select * from agent.project_agent where role_name = %s for update", [planner])
    script = ("import psycopg, sys\n"
              "c = psycopg.connect(sys.argv[1], autocommit=True)\n"
              "c.execute(\"select agent.create_base('ghost')\")\n")
    client = subprocess.Popen([sys.executable, "-c", script, planner_dsn])
    try:
        deadline = time.monotonic() + 20
        while not db.one("select count(*) from pg_stat_activity where usename = %s and wait_event_type = 'Lock'",
                         [planner]):
            assert time.monotonic() < deadline, "the create never waited"
            time.sleep(0.05)
        client.kill()  # the client gives up while the call waits
        client.wait()
        time.sleep(0.5)
    finally:
        holder.rollback()  # what it waited for is free now
    deadline = time.monotonic() + 15
    while db.one("select count(*) from pg_stat_activity where usename = %s", [planner]):
        assert time.monotonic() < deadline
        time.sleep(0.1)
    assert db.one("select count(*) from agent.base where name = 'ghost'") == 0
    with psycopg.connect(planner_dsn, autocommit=True) as p:  # the quota of one base is still free
        assert call(p, "select agent.create_base('kept')")["name"] == "kept"


# ---------------------------------------------------------------------- 3. idle transactions
def test_tool_calls_inside_transaction_blocks_are_refused(db, pair):
    victim, hostile, conn = pair
    conn.autocommit = False
    with pytest.raises(psycopg.errors.ActiveSqlTransaction) as exc:
        conn.execute("select agent.execute_sql(%s, 'select 1')", [hostile.base_id])
    assert "autocommit" in exc.value.diag.message_hint
    conn.rollback()
    conn.execute("savepoint s")
    with pytest.raises(psycopg.errors.ActiveSqlTransaction):
        conn.execute("select agent.get_project()")
    conn.rollback()
    conn.autocommit = True
    # several statements in one query string are one transaction too
    res = conn.pgconn.exec_(b"select 1; select agent.get_project()")
    assert res.error_field(pq.DiagnosticField.SQLSTATE) == b"25001"
    # two calls in one pipeline (one Sync): the second is refused
    with pytest.raises(psycopg.errors.ActiveSqlTransaction):
        with conn.pipeline():
            conn.execute("select agent.get_project()")
            conn.execute("select agent.get_project()")
    # a call must be its statement's only expression: no second call, no FROM, nothing beside it
    for statement in ("select agent.get_project(), agent.get_project()",
                      "select agent.get_project() from generate_series(1, 2)",
                      "select agent.get_project(), pg_sleep(0)",
                      "select agent.execute_sql((select base_id from (values (null::uuid)) v(base_id)), 'select 1')",
                      "do $$ begin perform agent.get_project(); end $$",
                      "explain analyze select agent.get_project()"):
        with pytest.raises(psycopg.errors.FeatureNotSupported):
            conn.execute(statement)
    # what stays allowed: one call with constant or parameter arguments, as psql or a driver sends it
    assert call(conn, f"select agent.execute_sql('{hostile.base_id}', 'select 2') -> 'statements' -> 0 -> 'rows'") \
        == [[2]]


def test_an_idle_agent_transaction_stalls_no_one(db, pair):
    """The reproduction: begin; select agent.execute_sql(...); set idle_in_transaction_session_timeout = 0;
    then idle. Another base's calls and an upgrade's ALTER TABLE proceed."""
    victim, hostile, conn = pair
    conn.autocommit = False
    with pytest.raises(psycopg.Error):
        conn.execute("select agent.execute_sql(%s, 'select 1')", [hostile.base_id])
    # the session now sits in its (aborted) transaction block
    upgrade = db.connect()
    upgrade.execute("set lock_timeout = '3s'")
    upgrade.execute("alter table agent.setting add column probe text")
    upgrade.execute("alter table agent.setting drop column probe")
    assert db.agent(victim).execute("select agent.execute_sql(%s, 'select 1')", [victim.base_id]).fetchone()
    conn.rollback()


def test_a_pipeline_held_open_is_ended(db, pair):
    """The transaction held open after a tool call by a pipeline without Sync (pg_stat_activity says
    active, waiting for the client): the housekeeping ends it past the base's idle limit, and an
    install ends agent sessions that block it."""
    victim, hostile, _ = pair
    db.one("select agent.admin_set_limits('hostile', '{\"idle_in_transaction_timeout_ms\": 300}')")
    held, _ = flush_held(hostile.agent_dsn, "select agent.execute_sql($1, 'select 1')", [hostile.base_id.encode()])
    pid = held.info.backend_pid
    assert db.one("select count(*) from pg_locks where pid = %s and relation = 'agent.base'::regclass", [pid]) == 1
    time.sleep(0.5)
    ended = db.one("select agent._housekeeping()")["ended_sessions"]
    assert [e["pid"] for e in ended] == [pid]
    deadline = time.monotonic() + 10
    while db.one("select count(*) from pg_stat_activity where pid = %s", [pid]):
        assert time.monotonic() < deadline
        time.sleep(0.05)
    audit = db.one("select agent.admin_audit('hostile')")
    assert any(a["tool"] == "session_wall" and a["outcome"] == "denied" for a in audit)

    # an install's lock waits: the agent sessions among its blockers are ended
    from dbagent.install import INSTALL_APP, BlockerWatch

    held, _ = flush_held(hostile.agent_dsn, "select agent.get_project()", [])
    with BlockerWatch(db.admin_dsn, grace=1.0) as watch:
        with psycopg.connect(db.admin_dsn, autocommit=True, application_name=INSTALL_APP) as up:
            up.execute("set lock_timeout = '20s'")
            up.execute("alter table agent.base_access add column probe text")  # get_project read it
            up.execute("alter table agent.base_access drop column probe")
    assert [p for p, _ in watch.ended] == [held.info.backend_pid]


def test_an_upgrade_waits_in_short_tries(db, tmp_path):
    """A lock held by another session (an admin's long transaction here): the upgrade's ALTER TABLE
    waits at most its lock timeout at a time, so the calls queued behind it go on meanwhile (on
    85dcd98 they waited as long as the holder did), and it is tried again until the lock is free."""
    import shutil
    import threading

    from dbagent import SOURCE_ROOT
    from dbagent.install import install

    acme = db.create_base("acme")
    tree = tmp_path / "tree"
    for part in ("sql", "plpy", "migrations"):
        shutil.copytree(SOURCE_ROOT / part, tree / part)
    last = sorted(p.stem for p in (tree / "migrations").glob("*.sql") if not p.name.endswith(".rollback.sql"))[-1]
    (tree / "migrations" / "0039.wall-probe.sql").write_text(
        f"-- depends: {last}\nalter table agent.setting add column wall_probe text;\n")
    (tree / "migrations" / "0039.wall-probe.rollback.sql").write_text("alter table agent.setting drop column wall_probe;\n")
    holder = db.connect()
    holder.autocommit = False
    holder.execute("select count(*) from agent.setting")  # AccessShare, held for 12 s
    threading.Timer(12.0, holder.rollback).start()
    done: dict = {}
    upgrade = threading.Thread(target=lambda: done.update(report=install(db.admin_dsn, source_root=tree)))
    upgrade.start()
    deadline = time.monotonic() + 20
    while not db.one("select count(*) from pg_stat_activity where usename = current_user "
                     "and wait_event_type = 'Lock' and pid <> pg_backend_pid()"):  # the install's ALTER TABLE
        assert time.monotonic() < deadline, "the upgrade never waited"
        time.sleep(0.05)
    t = time.monotonic()
    with psycopg.connect(acme.agent_dsn, autocommit=True) as c:  # version() reads agent.setting
        assert c.execute("select agent.version()").fetchone()[0]["version"]
    assert time.monotonic() - t < 7  # not the holder's remaining ~11 s
    upgrade.join(60)
    assert done["report"].migrations_applied == ["0039.wall-probe"]
    assert db.one("select count(*) from pg_attribute where attrelid = 'agent.setting'::regclass "
                  "and attname = 'wall_probe'") == 1


# ---------------------------------------------------------------------- 4. the audit
def test_a_rollback_cannot_hide_a_tool_call(db, pair):
    victim, hostile, conn = pair
    conn.autocommit = False
    with pytest.raises(psycopg.errors.ActiveSqlTransaction):
        conn.execute("select agent.execute_sql(%s, 'select 42 as secret')", [hostile.base_id])  # no rows returned
    conn.rollback()
    conn.autocommit = True
    # the form that remains: the call first in a pipeline, its result read, then a failure and a Sync
    held, value = flush_held(hostile.agent_dsn, "select agent.execute_sql($1, 'select 42 as secret')",
                             [hostile.base_id.encode()])
    assert json.loads(value)["statements"][0]["rows"] == [[42]]
    pg = held.pgconn
    pg.send_query_params(b"select 1/0", None)
    pg.pipeline_sync()
    pg.flush()
    states = []
    while True:
        pg.consume_input()
        r = pg.get_result()
        if r is None:
            continue
        states.append(r.status)
        if r.status == pq.ExecStatus.PIPELINE_SYNC:
            break
    assert pq.ExecStatus.FATAL_ERROR in states
    assert db.one("select count(*) from agent.audit where base_id = %s and tool = 'execute_sql'",
                  [hostile.base_id]) == 0  # the call's own row went with the rollback
    rows = [a for a in db.one("select agent.admin_audit('hostile')") if a["tool"] == "execute_sql"]
    assert len(rows) == 1 and rows[0]["details"]["rolled_back"] is True
    assert rows[0]["role_name"] == hostile.agent_role and rows[0]["sql_normalized"] == "select ? as secret"


# ---------------------------------------------------------------------- 5. the disk
def test_storage_quota_covers_tables_and_sources(db, pair, tmp_path):
    victim, hostile, conn = pair
    call(conn, "select agent.execute_sql(%s, 'create table blobs (body text)')", [hostile.base_id])
    used = call(conn, "select agent.get_project()")["bases"][0]
    assert used["storage_bytes"] > 0 and used["max_storage_bytes"] == 10 * 1024 ** 3
    db.one("select agent.admin_set_limits('hostile', %s)", [json.dumps({"max_storage_bytes": used["storage_bytes"]
                                                                         + 400_000})])
    # execute_sql: the write that goes past the quota fails, and nothing of it stays
    big = "insert into blobs (body) select md5(g::text) || repeat(md5((g * 7)::text), 40) from generate_series(1, 2000) g"
    with pytest.raises(psycopg.Error) as exc:
        call(conn, "select agent.execute_sql(%s, %s)", [hostile.base_id, big])
    assert exc.value.sqlstate == "53400" and "max_storage_bytes" in exc.value.diag.message_hint
    assert call(conn, "select agent.execute_sql(%s, 'select count(*) from blobs')",
                [hostile.base_id])["statements"][0]["rows"] == [[0]]
    # (the refused rows' pages stay allocated until VACUUM gives them back: autovacuum's job)
    db.admin.execute("vacuum hostile.blobs")
    # uploads: refused before the chunk is written
    begin = call(conn, "select agent.upload_begin(%s, 'big.csv')", [hostile.base_id])
    with pytest.raises(psycopg.Error) as exc:
        call(conn, "select agent.upload_chunk(%s, 0, %s)", [begin["source_id"], b"x" * 600_000])
    assert exc.value.sqlstate == "53400"
    path = db.one("select path from agent.source where source_id = %s", [begin["source_id"]])
    assert db.one("select (pg_stat_file(%s)).size", [path]) == 0
    with pytest.raises(psycopg.Error) as exc:
        call(conn, "select agent.upload_begin(%s, 'big.csv', 600000)", [hostile.base_id])
    assert exc.value.sqlstate == "53400"
    # imports: a source that fits, a load that does not
    csv = "body\n" + "".join(f"{'y' * 90}{i}\n" for i in range(3000))
    src = call(conn, "select agent.upload_begin(%s, 'rows.csv')", [hostile.base_id])
    call(conn, "select agent.upload_chunk(%s, 0, %s)", [src["source_id"], csv.encode()])
    call(conn, "select agent.upload_finish(%s)", [src["source_id"]])
    with pytest.raises(psycopg.Error) as exc:
        call(conn, "select agent.import_csv(%s, %s, 'blobs')", [hostile.base_id, "upload:" + src["source_id"]])
    assert exc.value.sqlstate == "53400", (exc.value.diag.message_primary, exc.value.diag.message_detail, exc.value.diag.context)
    # space can always be freed; the other tenant never noticed
    call(conn, "select agent.execute_sql(%s, 'drop table blobs')", [hostile.base_id])
    assert db.agent(victim).execute("select agent.execute_sql(%s, 'create table t (x int)')", [victim.base_id])


def test_orphaned_files_are_swept(db, pair):
    """An upload whose transaction rolled back leaves a file without a row: the sweep deletes it."""
    _, hostile, _ = pair
    held, value = flush_held(hostile.agent_dsn, "select agent.upload_begin($1, 'lost.csv')", [hostile.base_id.encode()])
    source_id = json.loads(value)["source_id"]
    held.close()  # the transaction ends with the session: rolled back
    storage = db.one("select value #>> '{}' from agent.setting where key = 'storage_dir'")
    path = str(Path(storage) / hostile.base_id / f"{source_id}.csv")
    assert db.one("select count(*) from agent.source where source_id = %s", [source_id]) == 0
    assert db.one("select (pg_stat_file(%s, true)).size", [path]) == 0  # the file is there
    db.one("select agent._sweep_sources(%s, 0)", [hostile.base_id])
    assert db.one("select pg_stat_file(%s, true)", [path]) is None


def test_sources_expire_after_the_retention(db, pair):
    _, hostile, conn = pair
    src = call(conn, "select agent.upload_begin(%s, 'old.csv')", [hostile.base_id])
    call(conn, "select agent.upload_chunk(%s, 0, %s)", [src["source_id"], b"x\n1\n"])
    call(conn, "select agent.upload_finish(%s)", [src["source_id"]])
    path = db.one("select path from agent.source where source_id = %s", [src["source_id"]])
    db.one("select agent.admin_set_settings('{\"source_retention_days\": 0.000001}')")
    time.sleep(0.2)
    db.one("select agent._housekeeping(true)")
    assert db.one("select pg_stat_file(%s, true)", [path]) is None
    assert db.one("select status from agent.source where source_id = %s", [src["source_id"]]) == "expired"
    with pytest.raises(psycopg.Error) as exc:
        call(conn, "select agent.analyse_csv(%s, %s)", [hostile.base_id, "upload:" + src["source_id"]])
    assert exc.value.sqlstate == "55000" and "expired" in exc.value.diag.message_primary


def test_sources_live_outside_the_data_directory(db):
    storage = db.one("select value #>> '{}' from agent.setting where key = 'storage_dir'")
    data = db.one("show data_directory")
    assert not (storage.rstrip("/") + "/").startswith(data.rstrip("/") + "/")


# ---------------------------------------------------------------------- 6. connections
def test_agent_connections_are_limited_and_admins_still_connect(db, pair):
    _, hostile, conn = pair
    assert db.one("select rolconnlimit from pg_roles where rolname = %s", [hostile.agent_role]) == 10
    # and its temp files are bounded by a limit its sessions cannot raise
    assert conn.execute("show temp_file_limit").fetchone()[0] == "1GB"
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("set temp_file_limit = -1")
    db.one("select agent.admin_set_limits('hostile', '{\"max_connections\": 2}')")
    # the pair fixture's connection is one of them
    db.agent(hostile)
    with pytest.raises(psycopg.OperationalError) as exc:
        db.agent(hostile)
    assert "too many connections for role" in str(exc.value)
    assert db.connect().execute("select 1").fetchone() == (1,)


# ---------------------------------------------------------------------- 7. other tenants' metadata
METADATA = [
    "select relname from pg_class where relname = 'secret_plans'",
    "select attname from pg_attribute where attname = 'launch_code'",
    "select description from pg_description",
    "select qual from pg_policies",
    "select adbin from pg_attrdef",
    "select prosrc from pg_proc where proname = 'plot'",
    "select relname, n_live_tup from pg_stat_user_tables",
    "select usename, query from pg_stat_activity",
    "select relation from pg_locks",
    "select tablename from pg_tables",
    "select nspname from pg_namespace",
    "select typname from pg_type where typname = 'secret_plans'",
    "select obj_description(16384, 'pg_class')",
    "select pg_get_functiondef(1)",
    "select pg_get_constraintdef(16384)",
    "select pg_get_viewdef(16384)",
    "select pg_total_relation_size(16384)",
]


def test_agent_cannot_read_other_tenants_metadata(db):
    victim = db.create_base("victim")
    hostile = db.create_base("hostile")
    db.agent(victim).execute("select agent.execute_sql(%s, %s)", [victim.base_id, """
        create table secret_plans (launch_code text default 'x' || 'y');
        comment on table secret_plans is 'the plans';
        create policy plans_own on secret_plans for select to authenticated using (launch_code = 'z');
        create function plot() returns int language sql as 'select 42'"""])
    conn = db.agent(hostile)
    read = []
    for query in METADATA:
        try:
            conn.execute(query).fetchall()
            read.append(query)
        except psycopg.errors.InsufficientPrivilege:
            pass
    assert read == []
    # information_schema filters by privilege (and reads the catalog as its owner): nothing of the victim
    try:
        rows = conn.execute("select table_name from information_schema.tables").fetchall()
    except psycopg.errors.InsufficientPrivilege:
        rows = []
    assert ("secret_plans",) not in rows


def test_roles_that_need_the_catalog_keep_it(db, pg, tmp_path):
    """psql's \\d, pg_dump and a PostgREST-style introspection work for another application's role;
    a role created after the install needs `grant dbagent_catalog`, which the doctor points out."""
    from dbagent.doctor import check_server

    roles = ("wall_app", "wall_late")
    try:
        db.admin.execute("create role wall_app login password 'pw-wall_app'")
        db.admin.execute("create schema app authorization wall_app")
        db.one("select agent._catalog_wall(false)")  # what an install does: wall_app exists, so it keeps the catalog
        db.admin.execute("create role wall_late login password 'pw-wall_late'")  # made after the install
        app = agent_dsn(db.admin_dsn, "wall_app", "pw-wall_app")
        with psycopg.connect(app, autocommit=True) as c:
            c.execute("create table app.invoices (id int primary key, total numeric default 0)")
            c.execute("comment on table app.invoices is 'billing'")
        psql = Path(pg.bindir) / "psql"
        out = subprocess.run([str(psql), app, "-Atc", r"\d app.invoices"], capture_output=True, text=True)
        assert out.returncode == 0 and "total" in out.stdout, out.stderr
        dump = subprocess.run([str(Path(pg.bindir) / "pg_dump"), "-s", "-n", "app", app], capture_output=True,
                              text=True)
        assert dump.returncode == 0 and "CREATE TABLE app.invoices" in dump.stdout, dump.stderr
        with psycopg.connect(app, autocommit=True) as c:  # the shape of PostgREST's schema cache queries
            cols = c.execute("""
                select c.relname, a.attname, format_type(a.atttypid, a.atttypmod), pg_get_expr(d.adbin, d.adrelid),
                       obj_description(c.oid, 'pg_class')
                from pg_class c join pg_namespace n on n.oid = c.relnamespace
                join pg_attribute a on a.attrelid = c.oid and a.attnum > 0
                left join pg_attrdef d on d.adrelid = c.oid and d.adnum = a.attnum
                where n.nspname = 'app' and c.relkind = 'r' order by a.attnum""").fetchall()
            assert cols[1][1:] == ("total", "numeric", "0", "billing")
        late = agent_dsn(db.admin_dsn, "wall_late", "pw-wall_late")
        with psycopg.connect(late, autocommit=True) as c:
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                c.execute("select count(*) from pg_class")
        checks = {c.check: c for c in check_server(db.admin_dsn)}
        assert checks["catalog access"].status == "warn" and "wall_late" in checks["catalog access"].detail
        db.admin.execute("grant dbagent_catalog to wall_late")
        with psycopg.connect(late, autocommit=True) as c:
            assert c.execute("select count(*) > 0 from pg_class").fetchone()[0]
    finally:
        db.admin.execute("drop schema if exists app cascade")
        for r in roles:
            db.admin.execute(f"drop owned by {r}")
            db.admin.execute(f"drop role if exists {r}")


def test_public_catalog_is_an_install_choice(db, pair):
    _, _, conn = pair
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("select count(*) from pg_class")
    try:
        db.one("select agent._catalog_wall(true)")  # dbagent install --public-catalog
        assert conn.execute("select count(*) > 0 from pg_class").fetchone()[0]
    finally:
        db.one("select agent._catalog_wall(false)")
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("select count(*) from pg_class")
