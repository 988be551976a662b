"""agent.execute_sql: contract, atomicity, options, limits, errors, audit."""

from __future__ import annotations

import json
import threading
import time
import uuid

import psycopg
import pytest

from dbtest import execute_sql


@pytest.fixture
def acme(db):
    return db.create_base("acme")


@pytest.fixture
def agent(db, acme):
    return db.agent(acme)


def run(agent, acme, sql, **options):
    return execute_sql(agent, acme, sql, options)


def test_statements_results_and_tags(agent, acme):
    r = run(agent, acme, """
        create table items (name text, qty int, price numeric(10,2), meta jsonb);
        insert into items (name, qty, price, meta) values ('a', 1, 1.50, '{"k": [1, 2]}'), ('b', 2, 12345678.99, null) returning name, price;
        update items set qty = qty + 1 where name = 'a';
        select name, qty, price, meta from items order by name;
        delete from items where name = 'b'
    """)
    st = r["statements"]
    assert [s["tag"] for s in st] == ["CREATE TABLE", "INSERT", "UPDATE", "SELECT", "DELETE"]
    assert st[1]["rows"] == [["a", 1.5], ["b", 12345678.99]]
    assert st[1]["rows_affected"] == 2
    assert [c["name"] for c in st[1]["columns"]] == ["name", "price"]
    assert st[2]["rows_affected"] == 1
    assert st[3]["columns"] == [
        {"name": "name", "type": "text"}, {"name": "qty", "type": "integer"},
        {"name": "price", "type": "numeric"}, {"name": "meta", "type": "jsonb"}]
    assert st[3]["rows"][0] == ["a", 2, 1.5, {"k": [1, 2]}]
    assert st[3]["truncated"] is False
    assert st[4]["rows_affected"] == 1
    assert all(s["sql"] and s["index"] == i for i, s in enumerate(st, start=1))


def test_numerics_are_exact(agent, acme):
    r = run(agent, acme, "select 12345678901234567890.123456789::numeric as n, 0.1::numeric + 0.2 as s")
    raw = agent.execute("select (agent.execute_sql(%s, 'select 12345678901234567890.123456789::numeric')"
                        " -> 'statements' -> 0 -> 'rows' -> 0 ->> 0)", [acme.base_id]).fetchone()[0]
    assert raw == "12345678901234567890.123456789"
    assert r["statements"][0]["rows"][0][1] == pytest.approx(0.3)


def test_all_or_nothing(agent, acme, db):
    with pytest.raises(psycopg.Error) as exc:
        run(agent, acme, "create table a (x int); insert into a (x) values (1); insert into a (x) values ('oops')")
    e = exc.value
    assert e.sqlstate == "22P02"
    assert "statement 3" in e.diag.message_detail and "oops" in e.diag.message_detail
    assert db.one("select to_regclass('acme.a')") is None


def test_failure_keeps_postgres_fields(agent, acme):
    run(agent, acme, "create table u (code text unique)")
    run(agent, acme, "insert into u (code) values ('x')")
    with pytest.raises(psycopg.errors.UniqueViolation) as exc:
        run(agent, acme, "insert into u (code) values ('x')")
    d = exc.value.diag
    assert d.constraint_name == "u_code_key" and d.table_name == "u" and d.schema_name == "acme"
    # (PostgreSQL leaves out "Key (code)=(x) already exists" for tables under row level security)
    assert "statement 1" in d.message_detail
    assert d.message_primary.startswith("duplicate key value")


def test_max_rows_truncates(agent, acme):
    r = run(agent, acme, "select g from generate_series(1, 1000) g", max_rows=10)
    s = r["statements"][0]
    assert s["row_count"] == 10 and s["truncated"] is True and s["rows"][-1] == [10]
    r = run(agent, acme, "select g from generate_series(1, 10) g", max_rows=10)
    assert r["statements"][0]["truncated"] is False


def test_returning_runs_to_completion_and_counts(agent, acme, db):
    run(agent, acme, "create table n (v int)")
    r = run(agent, acme, "insert into n (v) select g from generate_series(1, 2000) g returning v", max_rows=5)
    s = r["statements"][0]
    assert s["rows_affected"] == 2000 and s["row_count"] == 5 and s["truncated"] is True
    assert run(agent, acme, "select count(*) from n")["statements"][0]["rows"] == [[2000]]


def test_default_row_cap_is_500(agent, acme):
    r = run(agent, acme, "select g from generate_series(1, 600) g")
    assert r["statements"][0]["row_count"] == 500 and r["statements"][0]["truncated"]


def test_dry_run_reports_then_rolls_back(agent, acme, db):
    r = run(agent, acme, "create table d (x int); insert into d (x) values (1), (2) returning x", dry_run=True)
    assert r["dry_run"] is True and r["statements"][1]["rows"] == [[1], [2]]
    assert db.one("select to_regclass('acme.d')") is None


@pytest.mark.parametrize("options, message", [
    ({"nope": 1}, "unknown option"),
    ({"dry_run": "yes"}, "dry_run"),
    ({"as_user": "not-a-uuid"}, "as_user"),
    ({"max_rows": 0}, "max_rows"),
    ({"max_rows": 100000}, "at most"),
    ({"timeout_ms": 10**9}, "at most"),
])
def test_bad_options(agent, acme, options, message):
    with pytest.raises(psycopg.Error) as exc:
        run(agent, acme, "select 1", **options)
    assert exc.value.sqlstate == "22023" and message in exc.value.diag.message_primary


def test_null_and_unknown_bases_look_the_same(db, agent, acme):
    other = db.create_base("other")
    answers = []
    for base_id in [other.base_id, str(uuid.uuid4())]:
        with pytest.raises(psycopg.errors.InsufficientPrivilege) as exc:
            agent.execute("select agent.execute_sql(%s, 'select 1')", [base_id])
        answers.append(exc.value.diag.message_primary.replace(base_id, "<id>"))
    assert answers[0] == answers[1]
    with pytest.raises(psycopg.Error) as exc:
        agent.execute("select agent.execute_sql(null, 'select 1')")
    assert exc.value.sqlstate == "22023"
    with pytest.raises(psycopg.Error) as exc:
        agent.execute("select agent.execute_sql(%s, null)", [acme.base_id])
    assert exc.value.sqlstate == "22023"


def test_empty_script(agent, acme):
    assert run(agent, acme, "  -- nothing\n ; ;")["statements"] == []


def test_sql_size_and_statement_limits(agent, acme, db):
    with pytest.raises(psycopg.Error) as exc:
        run(agent, acme, "select 1;" + " " * (2 * 1024 * 1024))
    assert exc.value.sqlstate == "54000"
    with pytest.raises(psycopg.Error) as exc:
        run(agent, acme, "select 1;" * 10_000)
    assert exc.value.sqlstate == "54000" and "10000 statements" in exc.value.diag.message_primary
    db.one("select agent.admin_set_limits('acme', '{\"max_statements\": 3}')")
    with pytest.raises(psycopg.Error) as exc:
        run(agent, acme, "select 1; select 2; select 3; select 4")
    assert exc.value.sqlstate == "54000"
    assert len(run(agent, acme, "select 1; select 2; select 3")["statements"]) == 3


@pytest.mark.parametrize("depth", [200, 5000, 100_000])
def test_deeply_nested_expression_is_a_clear_error(agent, acme, depth):
    sql = "select " + "(1 + " * depth + "1" + ")" * depth
    try:
        r = run(agent, acme, sql)
        assert r["statements"][0]["rows"] == [[depth + 1]]
    except psycopg.Error as e:
        assert e.sqlstate in ("54001", "54000"), (e.sqlstate, str(e))
        assert e.diag.message_hint
    assert run(agent, acme, "select 1")["ok"]


def test_statement_timeout_fires_and_session_cannot_lift_it(agent, acme, db):
    db.one("select agent.admin_set_limits('acme', '{\"statement_timeout_ms\": 700}')")
    agent.execute("set statement_timeout = 0")
    t = time.monotonic()
    with pytest.raises(psycopg.errors.QueryCanceled) as exc:
        run(agent, acme, "select count(*) from generate_series(1, 1000000000)")
    assert time.monotonic() - t < 5
    assert "700 ms" in exc.value.diag.message_primary and exc.value.diag.message_hint
    # lowering per call works; raising is refused
    t = time.monotonic()
    with pytest.raises(psycopg.errors.QueryCanceled):
        run(agent, acme, "select count(*) from generate_series(1, 1000000000)", timeout_ms=200)
    assert time.monotonic() - t < 0.65
    with pytest.raises(psycopg.Error) as exc:
        run(agent, acme, "select 1", timeout_ms=5000)
    assert exc.value.sqlstate == "22023"
    # SET LOCAL statement_timeout lowers it for the rest of the call
    t = time.monotonic()
    with pytest.raises(psycopg.errors.QueryCanceled):
        run(agent, acme, "set local statement_timeout = '100ms'; select count(*) from generate_series(1, 1000000000)")
    assert time.monotonic() - t < 0.6
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        run(agent, acme, "set local statement_timeout = '10min'; select 1")
    assert run(agent, acme, "select 1")["ok"]


def test_lock_timeout_fires(db, acme):
    db.one("select agent.admin_set_limits('acme', '{\"lock_timeout_ms\": 300}')")
    b = db.agent(acme)
    execute_sql(b, acme, "create table l (x int)")
    # the lock is held by the base's owner in an admin's open transaction (an agent's tool calls
    # cannot run inside a transaction block: the session wall)
    owner = db.one("select owner_role from agent.base where base_id = %s", [acme.base_id])
    holder = db.connect()
    holder.autocommit = False
    holder.execute(f'set local role "{owner}"')
    holder.execute("lock table acme.l in access exclusive mode")
    try:
        b.execute("set lock_timeout = 0")
        t = time.monotonic()
        with pytest.raises(psycopg.errors.LockNotAvailable):
            execute_sql(b, acme, "select * from l")
        assert time.monotonic() - t < 5
    finally:
        holder.rollback()


def test_settings_are_restored_after_the_call(agent, acme):
    agent.execute("set lock_timeout = '7s'")
    run(agent, acme, "select 1")
    assert agent.execute("show lock_timeout").fetchone()[0] == "7s"


def test_agent_calls_have_no_end_user_and_cannot_spoof_one(agent, acme):
    victim = str(uuid.uuid4())
    agent.execute("select set_config('request.jwt.claims', %s, false)", [json.dumps({"sub": victim})])
    agent.execute("select set_config('request.jwt.claim.sub', %s, false)", [victim])
    r = run(agent, acme, "select auth.uid(), auth.role()")
    assert r["statements"][0]["rows"] == [[None, None]]


def test_as_user_runs_as_that_end_user(agent, acme):
    uid = str(uuid.uuid4())
    r = run(agent, acme, "select auth.uid()::text, auth.role(), current_user", as_user=uid)
    # the base's own end-user role: a member of no role with rights in other bases
    assert r["statements"][0]["rows"] == [[uid, "authenticated", "dbagent_u_" + acme.base_id.replace("-", "")]]
    assert r["as_user"] == uid


def test_audit_one_row_per_call_without_literals(db, agent, acme):
    before = db.one("select count(*) from agent.audit where tool = 'execute_sql'")
    run(agent, acme, "select 'hunter2-secret' as x, 42")
    with pytest.raises(psycopg.Error):
        run(agent, acme, "select * from pg_authid where rolpassword = 'md5-secret-value'")
    with pytest.raises(psycopg.Error):
        run(agent, acme, "select 1/0 -- card 4111111111111111")
    rows = db.admin.execute(
        "select outcome, sqlstate, rule, sql_normalized, role_name, base_id::text, statement_kinds "
        "from agent.audit where tool = 'execute_sql' order by audit_id").fetchall()[before:]
    assert [r[0] for r in rows] == ["ok", "denied", "error"]
    assert rows[1][1] == "42501" and rows[1][2] == "catalog_access"
    assert rows[2][1] == "22012"
    for r in rows:
        assert "hunter2" not in r[3] and "md5-secret" not in r[3] and "4111" not in r[3]
        assert r[4] == acme.agent_role and r[5] == acme.base_id
    assert rows[0][6] == ["SELECT"]


def test_schema_changes_are_kept_as_migrations(db, agent, acme):
    run(agent, acme, "create table m (x int); insert into m (x) values (1); create index m_x on m (x)")
    run(agent, acme, "alter table m add column y text", dry_run=True)
    got = db.one("select array_agg(s order by migration_id, ord) from agent.base_migration, "
                 "unnest(statements) with ordinality as u(s, ord) where base_id = %s", [acme.base_id])
    assert got[0].startswith("CREATE TABLE m (id uuid") and got[1] == "create index m_x on m (x)"
    assert not any("add column y" in g for g in got)
    # dbagent's own rules are kept too, apart from the agent's statements (issue 15)
    rules = db.one("select array_agg(s order by migration_id, ord) from agent.base_migration, "
                   "unnest(rules) with ordinality as u(s, ord) where base_id = %s", [acme.base_id])
    assert "alter table acme.m force row level security" in rules and not set(rules) & set(got)


def test_concurrent_calls_on_one_base(db, acme):
    execute_sql(db.agent(acme), acme, "create table c (x int)")
    errors = []

    def work(i):
        conn = psycopg.connect(acme.agent_dsn, autocommit=True)
        try:
            for j in range(10):
                execute_sql(conn, acme, f"insert into c (x) values ({i * 100 + j})")
        except Exception as e:  # noqa: BLE001
            errors.append(e)
        finally:
            conn.close()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    assert errors == []
    assert execute_sql(db.agent(acme), acme, "select count(*) from c")["statements"][0]["rows"] == [[40]]


def test_notice_for_duplicate_column_names(agent, acme):
    r = run(agent, acme, "select 1 as x, 2 as x")
    assert any("duplicate column names" in n for n in r["statements"][0]["notices"])


def test_explain_and_explain_analyze(agent, acme):
    run(agent, acme, "create table e (x int)")
    r = run(agent, acme, "explain select * from e; explain analyze insert into e (x) values (1)")
    assert r["statements"][0]["columns"][0]["name"] == "QUERY PLAN"
    assert run(agent, acme, "select count(*) from e")["statements"][0]["rows"] == [[1]]


@pytest.mark.parametrize("call, sqlstates", [
    ("select agent.execute_sql('not-a-uuid', 'select 1')", {"22P02"}),
    ("select agent.execute_sql(%(b)s, 'select 1', '[1, 2]')", {"22023"}),
    ("select agent.execute_sql(%(b)s, 'select 1', 'null')", {"22023"}),
    ("select agent.get_schema(null)", {"22023"}),
    ("select agent.get_schema(%(b)s, '{\"tables\": 5}')", {"22023", "22P02"}),
    ("select agent.advise(null)", {"22023"}),
    ("select agent.analyse_csv(%(b)s, null)", {"22023"}),
    ("select agent.import_csv(%(b)s, 'upload:00000000-0000-0000-0000-000000000000', null)", {"22023", "42501"}),
    ("select agent.upload_chunk('00000000-0000-0000-0000-000000000000', -1, 'x')", {"42501"}),
])
def test_bad_arguments_are_clear_errors(agent, acme, call, sqlstates):
    with pytest.raises(psycopg.Error) as exc:
        agent.execute(call, {"b": acme.base_id})
    assert not isinstance(exc.value, psycopg.OperationalError)
    assert exc.value.sqlstate in sqlstates, (exc.value.sqlstate, str(exc.value))
    assert agent.execute("select 1").fetchone()[0] == 1
