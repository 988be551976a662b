"""The walls, round two: what runs is exactly what was checked, and no limit can be outlived.

Each test here reproduces a defect found against dbagent 0.2.0 (main at 85dcd98) as an attacker
would, through the tools as a base's agent, and shows it refused or bounded now; beside each,
the legitimate SQL the rule must keep allowing.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import sys
import threading
import time
from pathlib import Path

import psycopg
import pytest

from dbtest import as_owner, execute_sql

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "plpy"))
from test_split_property import Script  # noqa: E402  (the generator of the pure-Python property test)


@pytest.fixture
def acme(db):
    return db.create_base("acme")


@pytest.fixture
def agent(db, acme):
    return db.agent(acme)


def run(agent, base, sql, **options):
    return execute_sql(agent, base, sql, options)


def refused(agent, base, sql, rule=None, sqlstate="42501", **options):
    with pytest.raises(psycopg.Error) as exc:
        run(agent, base, sql, **options)
    assert exc.value.sqlstate == sqlstate, (sql, exc.value.sqlstate, exc.value.diag.message_primary)
    if rule:
        assert (exc.value.diag.message_detail or "").startswith(f"rule: {rule}"), exc.value.diag.message_detail
        assert exc.value.diag.message_hint
    return exc.value


def forced(db, base, table):
    return db.one("select relforcerowsecurity from pg_class where oid = %s::regclass", [f"{base.schema}.{table}"])


# ---------------------------------------------------------------------------------------------
# 1. The text executed is the text checked
# ---------------------------------------------------------------------------------------------
def test_a_statement_hidden_after_multibyte_text_never_runs(db, agent, acme):
    run(agent, acme, "create table tasks (title text)")
    assert forced(db, acme, "tasks") is True
    e47 = "é" * 47
    r = run(agent, acme, f"SELECT '{e47}' --pp" + "ALTER TABLE tasks NO FORCE ROW LEVEL SECURITY\n;SELECT 1")
    assert [s["tag"] for s in r["statements"]] == ["SELECT", "SELECT"]
    assert r["statements"][0]["rows"] == [[e47]] and r["statements"][1]["rows"] == [[1]]
    assert forced(db, acme, "tasks") is True


def test_a_hidden_catalog_read_never_leaks_role_names(db, agent, acme):
    e47 = "é" * 47
    r = run(agent, acme, f"SELECT '{e47}' --pp" + "SELECT CAST(string_agg(rolname, ',') AS int) FROM pg_roles\n;SELECT 1")
    assert "dbagent_owner" not in json.dumps(r) and "postgres" not in json.dumps(r)


@pytest.mark.parametrize("char", ["€", "漢", "😀", "ß"])
def test_multibyte_characters_before_a_comment_are_no_crash(db, agent, acme, char):
    run(agent, acme, "create table tasks (title text)")
    r = run(agent, acme, f"SELECT '{char * 31}' --x DROP TABLE tasks\n;SELECT 1; select count(*) from tasks")
    assert [s["rows"] for s in r["statements"]] == [[[char * 31]], [[1]], [[0]]]


def test_a_benign_statement_runs_whole(db, agent, acme):
    run(agent, acme, "create table items (name text unique)")
    sql = "INSERT INTO items (name) VALUES (U&'caf\\00e9'), ('résumé') ON CONFLICT (name) DO NOTHING"
    for _ in range(2):  # the second time, ON CONFLICT ... DO NOTHING is there to work
        r = run(agent, acme, "select 'ü😀'; " + sql)
        assert r["statements"][1]["sql"] == sql
    assert run(agent, acme, "select name from items order by name")["statements"][0]["rows"] == [["café"], ["résumé"]]


def test_generated_scripts_run_exactly_their_statements(db, agent, acme):
    """In the server: scripts whose strings and comments hide statements run exactly what they
    hold (the generator of tests/plpy/test_split_property.py, 150 scripts)."""
    run(agent, acme, "create table log (v text); create table items (name text unique); create table tasks (t text)")
    expected_rows = 0
    for seed in range(150):
        text, statements = Script(random.Random(seed)).build()
        try:
            r = run(agent, acme, text)
        except psycopg.Error as e:  # a generated value may break a constraint: never a wall error
            assert e.sqlstate not in ("42501", "XX000", "38000", "42601"), (text, e.sqlstate, str(e))
            continue
        assert len(r["statements"]) == len(statements), text
        expected_rows += sum(1 for s in statements if s.startswith("insert into log"))
    assert db.one(f"select count(*) from {acme.schema}.log") == expected_rows
    assert db.one(f"select count(*) from {acme.schema}.log where v = 'HIDDEN'") == 0
    assert db.one("select to_regclass(%s) is not null", [f"{acme.schema}.tasks"]) and forced(db, acme, "tasks")


@pytest.fixture
def direct(db, acme):
    """Call a base's executor directly, as a superuser: no parse wall at all."""
    db.admin.execute(
        """
        create or replace function public.dbagent_test_exec(fn text, sql text, mode text) returns jsonb
        language plpython3u as $$
        import json
        plan = plpy.prepare("select agent_exec.%s($1, 10, $2, null, null)" % plpy.quote_ident(fn), ["text", "text"])
        plpy.execute(plan, [sql, mode])
        return json.dumps(GD.get('dbagent_run'), default=str)
        $$
        """
    )
    hexid = acme.base_id.replace("-", "")

    def call(sql: str, mode: str = "command", executor: str = "run") -> dict:
        return db.one("select public.dbagent_test_exec(%s, %s, %s)", [f"{executor}_{hexid}", sql, mode])

    return call


@pytest.mark.parametrize("executor", ["run", "as_user"])
def test_the_executor_runs_one_statement_and_nothing_else(db, acme, direct, executor):
    as_owner(db, acme, "create table t (x text); grant insert on t to authenticated")
    for text in ("insert into t values ('a'); insert into t values ('b')",
                 "insert into t values ('a');\ninsert into t values ('b');",
                 "select 1; insert into t values ('b')"):
        out = direct(text, "command", executor)
        assert out["error"]["sqlstate"] == "XX000" and "not exactly one statement" in out["error"]["message"]
    assert db.one(f"select count(*) from {acme.schema}.t") == 0
    assert direct("select 1; -- a comment is no statement", "rows", executor)["rows"] == [[1]]


# ---------------------------------------------------------------------------------------------
# 2. No limit can be outlived
# ---------------------------------------------------------------------------------------------
CATCHERS = [
    "exception when query_canceled then null",
    "exception when QUERY_CANCELED then null",
    "exception when sqlstate '57014' then null",
    "exception when operator_intervention then null",
    "exception when sqlstate '57000' then null",
    "exception when unique_violation or query_canceled then null",
]


@pytest.mark.parametrize("handler", CATCHERS)
def test_handlers_that_swallow_the_clock_are_refused(agent, acme, handler):
    refused(agent, acme, f"do $$ begin loop begin perform 1; {handler}; end; end loop; end $$", rule="catch_cancel")
    refused(agent, acme, "create function spin() returns void language plpgsql as $$ "
                         f"begin loop begin perform 1; {handler}; end; end loop; end $$", rule="catch_cancel")


def test_ordinary_handlers_stay_allowed(agent, acme):
    r = run(agent, acme, """
        create table u (k int unique);
        create function put(v int) returns text language plpgsql as $$
        begin
            insert into u (k) values (v);
            return 'query_canceled is just text here';
        exception when unique_violation then return 'dup';
                  when others then return 'other';
        end $$;
        select put(1) as first, put(1) as second""")
    assert r["statements"][-1]["rows"] == [["query_canceled is just text here", "dup"]]


def _set_grace(db, ms):
    db.admin.execute("select agent.admin_set_settings(%s::jsonb)", [json.dumps({"timeout_grace_ms": ms})])


def test_code_the_wall_did_not_see_cannot_outlive_the_clock(db, acme):
    """A function that swallows every cancel (made outside the wall, as a 0.2.0 base could have):
    the clock keeps cancelling, then ends the backend; nothing of the call stays."""
    as_owner(db, acme, """
        create table marks (v text);
        create function spin() returns void language plpgsql as $$
        begin
            insert into marks values ('started');
            loop
                begin
                    perform pg_catalog.pg_sleep(0.05);
                exception when query_canceled then null;
                end;
            end loop;
        end $$""")
    _set_grace(db, 500)
    agent = db.agent(acme)
    globex = db.create_base("globex")
    other = db.agent(globex)
    started = time.monotonic()
    with pytest.raises(psycopg.OperationalError):
        run(agent, acme, "select spin()", timeout_ms=1000)
    elapsed = time.monotonic() - started
    assert elapsed < 1.0 + 0.5 + 3.0, elapsed  # the limit, the grace, and slack for a loaded machine
    assert db.one(f"select count(*) from {acme.schema}.marks") == 0
    # other tenants and admins carry on
    assert run(other, globex, "select 1")["statements"][0]["rows"] == [[1]]
    fresh = db.agent(acme)
    assert run(fresh, acme, "select count(*) from marks")["statements"][0]["rows"] == [[0]]


def test_the_clock_error_is_clear_and_the_session_lives_on(db, agent, acme):
    _set_grace(db, 300)
    with pytest.raises(psycopg.Error) as exc:
        run(agent, acme, "select count(*) from generate_series(1, 10000000000)", timeout_ms=300)
    assert exc.value.sqlstate == "57014" and "300 ms" in exc.value.diag.message_primary
    time.sleep(0.8)  # past the grace: no stray signal of the finished call may reach the session
    assert run(agent, acme, "select 1")["statements"][0]["rows"] == [[1]]
    assert db.one("select count(*) from agent.audit where tool = 'execute_sql' and sqlstate = '57014'") == 1


def test_an_admin_cancel_is_not_swallowed(db, agent, acme):
    pid = agent.execute("select pg_backend_pid()").fetchone()[0]
    timer = threading.Timer(0.5, lambda: db.admin.execute("select pg_cancel_backend(%s)", [pid]))
    timer.start()
    started = time.monotonic()
    try:
        with pytest.raises(psycopg.Error) as exc:
            run(agent, acme, "select count(*) from generate_series(1, 10000000000)")
    finally:
        timer.join()
    assert exc.value.sqlstate == "57014" and time.monotonic() - started < 10


@pytest.mark.parametrize("tool", ["get_schema", "advise"])
def test_get_schema_and_advise_run_under_the_clock(db, agent, acme, tool):
    run(agent, acme, "; ".join(f"create table t{i} (a text, b int)" for i in range(40)))
    db.admin.execute("select agent.admin_set_limits('acme', '{\"statement_timeout_ms\": 1}')")
    call = {"get_schema": "select agent.get_schema(%s, '{\"compact\": false}')", "advise": "select agent.advise(%s)"}[tool]
    with pytest.raises(psycopg.Error) as exc:
        agent.execute(call, [acme.base_id])
    assert exc.value.sqlstate == "57014" and "1 ms" in exc.value.diag.message_primary
    db.admin.execute("select agent.admin_set_limits('acme', '{\"statement_timeout_ms\": 30000}')")
    time.sleep(2.5)  # past the default grace: the session was not ended
    assert agent.execute(call, [acme.base_id]).fetchone()[0]


# The CSV tools: a whole file's work and the target table's code under the clock
def _put_csv(agent, base, tmp_path, name, content):
    from dbagent.csv_commands import upload

    path = tmp_path / name
    path.write_bytes(content)
    return upload(agent, base.base_id, path, show=False)


def _import(agent, base, source, table):
    return agent.execute("select agent.import_csv(%s, %s, %s, '{}'::jsonb, '{}'::jsonb)",
                         [base.base_id, source, table]).fetchone()[0]


def _slow_table(agent, base, seconds):
    run(agent, base, f"""
        create table notes (body text);
        create function slow_note() returns trigger language plpgsql as $$
        declare
            t0 timestamptz := clock_timestamp();
        begin
            while clock_timestamp() < t0 + interval '{seconds} seconds' loop
                perform 1;  -- busy: pg_sleep holds a connection and is not allowed
            end loop;
            return new;
        end $$;
        create trigger slow_note before insert on notes for each row execute function slow_note()""")


def test_an_import_whose_trigger_sleeps_stops_at_the_statement_timeout(db, agent, acme, tmp_path):
    """0.2.0: a `before insert` trigger sleeping 4 s per row imported 3 rows in 12 s under a 2 s
    limit. Without a csv_timeout_ms of its own, the base's statement timeout is the CSV clock."""
    _slow_table(agent, acme, 4)
    _set_grace(db, 500)
    db.admin.execute("select agent.admin_set_limits('acme', '{\"statement_timeout_ms\": 2000}')")
    source = _put_csv(agent, acme, tmp_path, "notes.csv", b"body\none\ntwo\nthree\n")
    started = time.monotonic()
    with pytest.raises(psycopg.Error) as exc:
        _import(agent, acme, source, "notes")
    elapsed = time.monotonic() - started
    assert exc.value.sqlstate == "57014", (exc.value.sqlstate, exc.value.diag.message_primary)
    assert "statement timeout (2000 ms)" in exc.value.diag.message_primary
    assert exc.value.diag.message_hint and "csv_timeout_ms" in exc.value.diag.message_hint
    assert elapsed < 2.0 + 0.5 + 3.0, elapsed  # the limit, the grace, slack for a loaded machine
    assert db.one(f"select count(*) from {acme.schema}.notes") == 0
    time.sleep(0.8)  # past the grace: the session was not ended and no stray cancel reaches it
    assert run(agent, acme, "select count(*) from notes")["statements"][0]["rows"] == [[0]]
    assert db.one("select count(*) from agent.audit where tool = 'import_csv' and sqlstate = '57014'") == 1


def test_an_import_that_fits_its_own_csv_clock_loads(db, agent, acme, tmp_path):
    """csv_timeout_ms, when an admin sets it, is the CSV tools' clock (and null gives the statement
    timeout back); an import well inside it loads every row."""
    _slow_table(agent, acme, 0.3)
    source = _put_csv(agent, acme, tmp_path, "notes.csv", b"body\none\ntwo\nthree\n")
    db.admin.execute("select agent.admin_set_limits('acme', '{\"statement_timeout_ms\": 500, \"csv_timeout_ms\": 20000}')")
    assert _import(agent, acme, source, "notes")["rows_loaded"] == 3
    db.admin.execute("select agent.admin_set_limits('acme', '{\"csv_timeout_ms\": 600}')")
    with pytest.raises(psycopg.Error) as exc:
        _import(agent, acme, source, "notes")
    assert exc.value.sqlstate == "57014" and "CSV timeout (600 ms)" in exc.value.diag.message_primary
    limits = db.one("select agent.admin_set_limits('acme', '{\"csv_timeout_ms\": null}')")
    assert limits["csv_timeout_ms"] is None
    with pytest.raises(psycopg.Error) as exc:
        _import(agent, acme, source, "notes")
    assert "statement timeout (500 ms)" in exc.value.diag.message_primary
    assert db.one(f"select count(*) from {acme.schema}.notes") == 3


def test_a_trigger_that_swallows_cancels_cannot_outlive_the_csv_clock(db, acme, tmp_path):
    """Code the wall did not see (made by the base's owner) catching every cancel in a trigger:
    the clock keeps cancelling, then ends the backend; nothing of the import stays."""
    as_owner(db, acme, """
        create table notes (body text);
        create function stubborn() returns trigger language plpgsql as $$
        begin
            loop
                begin
                    perform pg_catalog.pg_sleep(0.05);
                exception when query_canceled then null;
                end;
            end loop;
        end $$;
        create trigger stubborn before insert on notes for each row execute function stubborn()""")
    _set_grace(db, 500)
    db.admin.execute("select agent.admin_set_limits('acme', '{\"csv_timeout_ms\": 1000}')")
    agent = db.agent(acme)
    source = _put_csv(agent, acme, tmp_path, "notes.csv", b"body\none\n")
    started = time.monotonic()
    with pytest.raises(psycopg.OperationalError):
        _import(agent, acme, source, "notes")
    assert time.monotonic() - started < 1.0 + 0.5 + 3.0
    assert db.one(f"select count(*) from {acme.schema}.notes") == 0
    fresh = db.agent(acme)
    assert run(fresh, acme, "select count(*) from notes")["statements"][0]["rows"] == [[0]]


def test_analyse_of_a_big_file_stops_at_the_csv_clock(db, agent, acme):
    """DuckDB does not see PostgreSQL's cancel: the clock interrupts the call's DuckDB work and
    its Python loops, and the call fails with 57014 in time; the next call works."""
    d = Path("/tmp") / f"dbagent-clock-{acme.base_id[:8]}"
    d.mkdir(mode=0o755, exist_ok=True)
    try:
        path = d / "big.csv"
        with path.open("w") as f:
            f.write("id,name,amount,day,note\n")
            for i in range(600_000):
                f.write(f"{i},name {i % 977},{i * 1.25:.2f},2024-{1 + i % 12:02d}-{1 + i % 28:02d},note {i * 7919}\n")
        os.chmod(path, 0o644)
        db.admin.execute("select agent.admin_set_settings(%s::jsonb)", [json.dumps({"import_dir": str(d)})])
        db.admin.execute("select agent.admin_set_limits('acme', '{\"csv_timeout_ms\": 150}')")
        _set_grace(db, 2000)
        started = time.monotonic()
        with pytest.raises(psycopg.Error) as exc:
            agent.execute("select agent.analyse_csv(%s, 'import:big.csv', '{}'::jsonb)", [acme.base_id])
        assert exc.value.sqlstate == "57014", (exc.value.sqlstate, exc.value.diag.message_primary)
        assert "CSV timeout (150 ms)" in exc.value.diag.message_primary
        assert time.monotonic() - started < 0.15 + 2.0 + 3.0
        db.admin.execute("select agent.admin_set_limits('acme', '{\"csv_timeout_ms\": 120000}')")
        got = agent.execute("select agent.analyse_csv(%s, 'import:big.csv', '{}'::jsonb)", [acme.base_id]).fetchone()[0]
        assert got["row_count"] == 600_000
    finally:
        shutil.rmtree(d, ignore_errors=True)


# ---------------------------------------------------------------------------------------------
# 3. as_user: the privilege wall holds for end users
# ---------------------------------------------------------------------------------------------
def test_an_end_user_of_one_base_reaches_no_other(db, acme, direct):
    globex = db.create_base("globex")
    as_owner(db, globex, """
        create table canary (note text, created_by uuid);
        insert into canary values ('GLOBEX-CANARY-7f3a', '00000000-0000-0000-0000-000000000001');
        alter table canary enable row level security;
        create policy open_to_all on canary for all to authenticated using (true) with check (true);
        grant select, insert, update, delete on canary to authenticated""")
    for sql, mode in (("select * from globex.canary", "rows"), ("insert into globex.canary values ('x')", "command"),
                      ("update globex.canary set note = 'x'", "command"), ("delete from globex.canary", "command")):
        out = direct(sql, mode, "as_user")
        assert out["error"]["sqlstate"] == "42501", (sql, out)
    assert db.one("select array_agg(note) from globex.canary") == ["GLOBEX-CANARY-7f3a"]


def test_policies_for_authenticated_keep_working_as_written(db, agent, acme):
    uid, other = "00000000-0000-0000-0000-0000000000a1", "00000000-0000-0000-0000-0000000000b2"
    run(agent, acme, """
        create table notes (body text);
        create policy team_read on notes for select to authenticated using (body like 'team:%');
        insert into notes (body, created_by) values ('mine', '00000000-0000-0000-0000-0000000000a1'),
                                                   ('team: hello', '00000000-0000-0000-0000-0000000000b2'),
                                                   ('theirs', '00000000-0000-0000-0000-0000000000b2')""")
    seen = run(agent, acme, "select body from notes order by body", as_user=uid)["statements"][0]["rows"]
    assert seen == [["team: hello"]]
    # a revoke is mirrored too: the end user loses the table
    run(agent, acme, "revoke select on notes from authenticated")
    with pytest.raises(psycopg.Error) as exc:
        run(agent, acme, "select body from notes", as_user=other)
    assert exc.value.sqlstate == "42501"
    # and get_schema shows the policy as the agent wrote it
    schema = agent.execute("select agent.get_schema(%s)", [acme.base_id]).fetchone()[0]
    (notes,) = [t for t in schema["tables"] if t["name"] == "notes"]
    assert [p["roles"] for p in notes["policies"] if p["name"] == "team_read"] == [["authenticated"]]


# ---------------------------------------------------------------------------------------------
# 4. Session settings do not reach into tool calls
# ---------------------------------------------------------------------------------------------
SORT = "explain (analyze, costs off, timing off, summary off) select md5(g::text) from generate_series(1, 400000) g order by 1"


def _sort_method(r):
    return " ".join(row[0] for row in r["statements"][0]["rows"])


def test_a_sessions_work_mem_does_not_reach_the_call(db, acme):
    agent = db.agent(acme)
    agent.execute("set work_mem = '2GB'")
    assert "external merge" in _sort_method(run(agent, acme, SORT))
    # nor does a role default the agent gave itself
    agent.execute("alter role current_user set work_mem = '2GB'")
    again = db.agent(acme)
    assert again.execute("show work_mem").fetchone()[0] == "2GB"
    assert "external merge" in _sort_method(run(again, acme, SORT))


def test_an_admin_changes_the_pinned_settings(db, agent, acme):
    db.admin.execute("""select agent.admin_set_settings('{"tool_settings": {"work_mem": "256MB"}}')""")
    assert "quicksort" in _sort_method(run(agent, acme, SORT))
    db.admin.execute("""select agent.admin_set_settings('{"tool_settings": {"work_mem": "4MB", "temp_file_limit": "1MB"}}')""")
    with pytest.raises(psycopg.Error) as exc:
        run(agent, acme, "select md5(g::text) from generate_series(1, 400000) g order by 1 limit 1")
    assert exc.value.sqlstate == "53400"  # temporary file size exceeds temp_file_limit
    with pytest.raises(psycopg.Error) as exc:
        db.admin.execute("""select agent.admin_set_settings('{"tool_settings": {"shared_buffers": "1GB"}}')""")
    assert exc.value.sqlstate == "22023"
    with pytest.raises(psycopg.Error) as exc:
        db.admin.execute("""select agent.admin_set_settings('{"tool_settings": {"work_mem": "lots"}}')""")
    assert exc.value.sqlstate == "22023"


def test_the_agent_cannot_raise_temp_file_limit_itself(db, agent, acme):
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        agent.execute("set temp_file_limit = -1")


def test_dates_and_times_come_back_the_same_whatever_the_session_set(db, acme):
    agent = db.agent(acme)
    agent.execute("set timezone = 'Asia/Tokyo'")
    agent.execute("set datestyle = 'SQL, DMY'")
    agent.execute("set intervalstyle = 'iso_8601'")
    r = run(agent, acme, "select timestamptz '2020-01-02 03:04:05+00', date '2020-03-04', interval '1 day 2 hours'")
    assert r["statements"][0]["rows"] == [["2020-01-02 03:04:05+00", "2020-03-04", "1 day 02:00:00"]]


# ---------------------------------------------------------------------------------------------
# 5. Results have a size cap
# ---------------------------------------------------------------------------------------------
def test_a_result_of_huge_values_is_cut_by_bytes(db, agent, acme):
    r = run(agent, acme, "select repeat('x', 100000000), repeat('y', 100000000)")
    st = r["statements"][0]
    assert st["truncated"] is True and st["rows"] == [] and "result size limit" in " ".join(st["notices"])
    r = run(agent, acme, "select g, repeat('z', 100000) from generate_series(1, 100) g")
    st = r["statements"][0]
    assert st["truncated"] is True and 30 <= st["row_count"] < 42  # 4 MB of 100 kB rows
    assert [row[0] for row in st["rows"]] == list(range(1, st["row_count"] + 1))
    assert len(json.dumps(r)) < 4_300_000


def test_the_byte_cap_is_per_call_and_an_admin_limit(db, agent, acme):
    db.admin.execute("select agent.admin_set_limits('acme', '{\"max_result_bytes\": 1000}')")
    r = run(agent, acme, "select repeat('a', 600); select repeat('b', 600); select 1")
    st = r["statements"]
    assert st[0]["row_count"] == 1 and st[0]["truncated"] is False
    assert st[1]["row_count"] == 0 and st[1]["truncated"] is True
    # RETURNING still counts every row it changed
    run(agent, acme, "create table big (v text)")
    r = run(agent, acme, "insert into big (v) select repeat('q', 500) from generate_series(1, 10) returning v")
    assert r["statements"][0]["rows_affected"] == 10 and r["statements"][0]["truncated"] is True
    assert db.one(f"select count(*) from {acme.schema}.big") == 10


# ---------------------------------------------------------------------------------------------
# 6. Default-deny for functions; EXPLAIN (SETTINGS)
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("sql", [
    "select pg_file_write('/tmp/x', 'y', false)",
    "select pg_stat_statements_reset()",
    "select uuid_generate_v4()",
    "select acme.nope()",
    "create table t (x text default made_up())",
    "call not_there()",
])
def test_a_function_that_is_neither_allowed_nor_the_bases_is_refused(agent, acme, sql):
    refused(agent, acme, sql, rule="unknown_function")


def test_the_bases_own_functions_resolve(agent, acme):
    run(agent, acme, "create function twice(x int) returns int language sql as $$ select x * 2 $$")
    r = run(agent, acme, """
        select twice(2) as a, acme.twice(3) as b;
        create function thrice(x int) returns int language plpgsql as $$ begin return x * 3 + later(0); end $$;
        create function later(x int) returns int language sql as $$ select x $$;
        select thrice(2);
        create type price_band as range (subtype = numeric);
        select price_band(1, 2)::text""")
    assert r["statements"][0]["rows"] == [[4, 6]]
    assert r["statements"][3]["rows"] == [[6]] and r["statements"][5]["rows"] == [["[1,2)"]]


def test_explain_settings_is_refused(agent, acme):
    refused(agent, acme, "explain (settings) select 1", rule="settings")
    refused(agent, acme, "explain (settings true, analyze) select 1", rule="settings")
    assert run(agent, acme, "explain (analyze, buffers, costs off) select 1")["ok"]


def test_a_base_the_agent_may_not_use_is_refused_with_its_rule_and_hint(db, agent, acme):
    other = db.create_base("globex")
    with pytest.raises(psycopg.Error) as exc:
        run(agent, other, "select 1")
    assert exc.value.sqlstate == "42501"
    assert exc.value.diag.message_detail == "rule: base_access" and "get_project" in exc.value.diag.message_hint
