"""agent.get_schema: everything an agent needs, one call, deterministic, pg_catalog only."""

from __future__ import annotations

import json

import psycopg
import pytest

from dbtest import execute_sql

APP = """
create type task_status as enum ('todo', 'doing', 'done');
create domain short_text as text check (length(value) < 200);
create table projects (name short_text not null unique, budget numeric(12,2) check (budget >= 0));
comment on table projects is 'What the team works on';
comment on column projects.name is 'Shown in the sidebar';
create table tasks (title text not null, status task_status not null default 'todo',
                    project_id uuid not null references projects(id) on delete cascade,
                    position int generated always as identity);
create index tasks_open on tasks (project_id) where status <> 'done';
create policy tasks_team on tasks for select to authenticated using ((select auth.uid()) is not null);
create view open_tasks with (security_invoker = true) as select title, project_id from tasks where status <> 'done';
create function task_count(p uuid) returns bigint language sql stable set search_path = '' as
  'select count(*) from acme.tasks where project_id = p';
create sequence ticket_seq;
"""


@pytest.fixture
def app(db):
    acme = db.create_base("acme")
    conn = db.agent(acme)
    execute_sql(conn, acme, APP)
    return acme, conn


def get(conn, base, **options):
    return conn.execute("select agent.get_schema(%s, %s::jsonb)", [base.base_id, json.dumps(options)]).fetchone()[0]


def test_everything_in_one_call(app):
    acme, conn = app
    s = get(conn, acme)
    assert s["schema"] == "acme" and s["base_id"] == acme.base_id
    assert [t["name"] for t in s["tables"]] == ["projects", "tasks"]
    projects, tasks = s["tables"]
    assert projects["comment"] == "What the team works on"
    name = next(c for c in projects["columns"] if c["name"] == "name")
    assert name == {"name": "name", "type": "acme.short_text", "nullable": False, "comment": "Shown in the sidebar"}
    assert projects["unique"] == [{"name": "projects_name_key", "columns": ["name"]}]
    assert projects["checks"][0]["expression"] == "CHECK ((budget >= (0)::numeric))"
    fk = tasks["foreign_keys"][0]
    assert fk["columns"] == ["project_id"] and fk["references"] == {"table": "projects", "columns": ["id"]}
    assert fk["on_delete"] == "cascade" and fk["on_update"] == "no action"
    pos = next(c for c in tasks["columns"] if c["name"] == "position")
    assert pos["identity"] == "always"
    assert any(i["name"] == "tasks_open" and "WHERE" in i["definition"] for i in tasks["indexes"])
    assert any(i["name"].startswith("dbagent_fk_tasks_project_id") for i in tasks["indexes"])
    pol = next(p for p in tasks["policies"] if p["name"] == "tasks_team")
    assert pol["command"] == "select" and pol["roles"] == ["authenticated"] and "auth.uid()" in pol["using"]
    # dbagent's own: the system fields, and keeping what tool calls delete, change or truncate (issue 15)
    assert [tr["name"] for tr in tasks["triggers"]] == ["dbagent_keep_delete", "dbagent_keep_truncate",
                                                         "dbagent_keep_update", "dbagent_system_fields"]
    assert s["views"] == [{"name": "open_tasks", "security_invoker": True,
                           "columns": [{"name": "title", "type": "text", "nullable": True},
                                       {"name": "project_id", "type": "uuid", "nullable": True}]}]
    fn = s["functions"][0]
    assert fn["name"] == "task_count" and fn["arguments"] == "p uuid" and fn["returns"] == "bigint"
    assert fn["language"] == "sql" and fn["volatility"] == "stable"
    assert s["enums"] == [{"name": "task_status", "values": ["todo", "doing", "done"]}]
    assert s["domains"][0]["name"] == "short_text"
    assert [q["name"] for q in s["sequences"]] == ["tasks_position_seq", "ticket_seq"]


def test_deterministic(app):
    acme, conn = app
    assert json.dumps(get(conn, acme), sort_keys=True) == json.dumps(get(conn, acme), sort_keys=True)


def test_compact_and_table_filter(app):
    acme, conn = app
    c = get(conn, acme, compact=True)
    assert set(c["tables"][0]) == {"name", "columns"}
    assert set(c["tables"][0]["columns"][0]) == {"name", "type"}
    assert c["compact"] is True and "functions" not in c
    one = get(conn, acme, tables=["tasks"])
    assert [t["name"] for t in one["tables"]] == ["tasks"] and one["enums"] == []
    assert len(json.dumps(c)) < len(json.dumps(get(conn, acme))) / 3


def test_large_bases_are_compact_unless_asked(db, app):
    acme, conn = app
    execute_sql(conn, acme, "do $$ begin null; end $$")
    sql = "; ".join(f"create table t{i} (x integer)" for i in range(205))
    execute_sql(conn, acme, sql)
    s = get(conn, acme)
    assert s["compact"] is True and "200 tables" in s["note"]
    full = get(conn, acme, compact=False)
    assert "compact" not in full and full["tables"][0]["policies"]


def test_row_estimates(db, app):
    acme, conn = app
    execute_sql(conn, acme, "insert into projects (name) select 'p' || g from generate_series(1, 500) g; analyze projects")
    projects = get(conn, acme, tables=["projects"])["tables"][0]
    assert projects["row_estimate"] == 500


def test_other_bases_are_invisible(db, app):
    acme, conn = app
    other = db.create_base("other")
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("select agent.get_schema(%s)", [other.base_id])


def test_bad_option(app):
    acme, conn = app
    with pytest.raises(psycopg.Error) as exc:
        get(conn, acme, nope=True)
    assert exc.value.sqlstate == "22023"


def test_get_schema_and_advise_are_audited_one_row_per_call(db, app):
    acme, conn = app
    audit = ("select tool, outcome, sqlstate, role_name, base_id::text, duration_ms >= 0, details "
             "from agent.audit where tool in ('get_schema', 'advise') order by audit_id")
    before = len(db.admin.execute(audit).fetchall())
    get(conn, acme, compact=True)
    conn.execute("select agent.advise(%s)", [acme.base_id])
    with pytest.raises(psycopg.Error):
        get(conn, acme, nope=True)
    other = db.create_base("other")
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("select agent.get_schema(%s)", [other.base_id])
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("select agent.advise(%s)", [other.base_id])
    rows = db.admin.execute(audit).fetchall()[before:]
    assert [(r[0], r[1], r[2]) for r in rows] == [
        ("get_schema", "ok", None), ("advise", "ok", None), ("get_schema", "error", "22023"),
        ("get_schema", "denied", "42501"), ("advise", "denied", "42501")]
    assert all(r[3] == acme.agent_role and r[5] for r in rows)
    assert [r[4] for r in rows] == [acme.base_id] * 3 + [other.base_id] * 2
    assert rows[0][6] == {"options": {"compact": True}}


def test_get_schema_and_advise_while_another_session_changes_the_base(db, app):
    """A table dropped between the list of tables and the functions that describe it used to fail
    the call with XX000 (could not open relation): the read is retried from a fresh snapshot."""
    import threading
    import time

    acme, conn = app
    stop = time.monotonic() + 4
    errors: list[str] = []

    def churn(n):
        with psycopg.connect(acme.agent_dsn, autocommit=True) as c:
            i = 0
            while time.monotonic() < stop:
                i += 1
                try:
                    execute_sql(c, acme, f"create table churn_{n}_{i} (a uuid references projects (id), "
                                         f"b text default 'x' check (b <> ''))")
                    execute_sql(c, acme, f"drop table churn_{n}_{i}")
                except psycopg.Error as e:  # the churn's own lock waits are not what is tested
                    if e.sqlstate not in ("40P01", "55P03"):
                        errors.append(f"churn: {e.sqlstate} {e}")

    calls = []

    def read(c):
        while time.monotonic() < stop:
            for q in ("select agent.get_schema(%s)", "select agent.advise(%s)"):
                try:
                    c.execute(q, [acme.base_id]).fetchone()
                    calls.append(q)
                except psycopg.Error as e:
                    if e.sqlstate != "40001":  # retried twice already: a clear, retryable error
                        errors.append(f"{q}: {e.sqlstate} {e}")

    threads = [threading.Thread(target=churn, args=(n,)) for n in range(3)]
    threads.append(threading.Thread(target=read, args=(psycopg.connect(acme.agent_dsn, autocommit=True),)))
    for t in threads:
        t.start()
    read(conn)
    for t in threads:
        t.join()
    assert len(calls) > 10 and errors == []


def test_built_on_pg_catalog_only():
    from dbagent.install import SQL_DIR

    for f in ["get_schema.sql", "_describe_schema.sql"]:
        assert "information_schema" not in (SQL_DIR / "functions" / f).read_text()
