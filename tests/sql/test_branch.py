"""Snapshots, clones, the replayable history and dump/load (issue 15)."""

from __future__ import annotations

import json
import re

import psycopg
import pytest

from dbtest import as_owner, execute_sql

SCHEMA = """
create type mood as enum ('ok', 'sad');
create domain short_text as text check (length(value) < 50);
create table projects (name short_text not null unique, budget numeric(12, 2) check (budget >= 0), m mood default 'ok');
create table todos (project_id uuid references projects (id) on delete cascade, title text, n serial,
                    pos integer generated always as identity, twice integer generated always as (n * 2) stored);
create index todos_title on todos (lower(title));
create function next_n(t todos) returns integer language sql as $$ select t.n + 1 $$;
create function todos_fill() returns trigger language plpgsql set search_path = acme as $$
begin new.title := coalesce(new.title, 'none'); return new; end $$;
create trigger todos_fill before insert on todos for each row execute function todos_fill();
create view open_todos with (security_invoker = true) as
  select t.title, p.name from todos t join projects p on p.id = t.project_id;
create policy todos_mine on todos for select to authenticated using (created_by = (select auth.uid()));
grant select on open_todos to authenticated;
revoke execute on function next_n(todos) from public;
comment on table todos is 'Things to do';
comment on column todos.title is 'Short';
alter table todos add column extra text;
create table tags (label text not null, m mood default 'sad', moods mood[], amount numeric(20, 6));
"""
SEED = """
insert into projects (name, budget) values ('alpha', 1.50), ('beta', 2);
insert into todos (project_id, title) select p.id, p.name || ' ' || g from projects p, generate_series(1, 5) g;
insert into todos (project_id) select id from projects where name = 'beta';
insert into tags (label, moods, amount) values ('a', '{ok,sad}', 1.000001), ('b', null, -0.5);
"""


def run(conn, base, sql, **options):
    return execute_sql(conn, base, sql, options)


def described(db, base, owner=None):
    """get_schema without the base's own names (schema, owner role) and row estimates."""
    s = db.one("select agent.get_schema(%s)", [base.base_id])
    owner = owner or db.one("select owner_role from agent.base where base_id = %s", [base.base_id])
    for k in ("base_id", "name", "schema"):
        s.pop(k)
    text = re.sub(r"(?<![A-Za-z0-9_])" + re.escape(base.schema) + r"\.", "S.", json.dumps(s, sort_keys=True))
    text = text.replace(owner, "OWNER")
    out = json.loads(text)
    for t in out["tables"]:
        t.pop("row_estimate", None)
    return out


def data(db, schema):
    return {t: db.one(f"select coalesce(json_agg(x order by x.id), '[]')::text from {schema}.{t} x")
            for t in ("projects", "todos", "tags")}


@pytest.fixture
def acme(db):
    acme = db.create_base("acme")
    conn = db.agent(acme)
    run(conn, acme, SCHEMA)
    run(conn, acme, SEED)
    return acme, conn


def test_snapshot_and_restore_give_back_schema_and_rows(db, acme):
    acme, conn = acme
    want_schema, want_data = described(db, acme), data(db, "acme")
    snap = conn.execute("select agent.snapshot_base(%s, 'before_change')", [acme.base_id]).fetchone()[0]
    assert snap["tables"] == 3 and snap["rows"] == 15
    r = run(conn, acme, "drop view open_todos; alter table todos drop column extra; delete from projects "
                        "where name = 'alpha'; create table more (z int)")
    if r.get("confirmation_required"):
        run(conn, acme, "drop view open_todos; alter table todos drop column extra; delete from projects "
                        "where name = 'alpha'; create table more (z int)", confirm=r["confirm"])
    assert described(db, acme) != want_schema
    r = conn.execute("select agent.restore_snapshot(%s, 'before_change')", [acme.base_id]).fetchone()[0]
    assert r["restored"] == "before_change" and r["tables"] == {"projects": 2, "todos": 11, "tags": 2}
    assert described(db, acme) == want_schema and data(db, "acme") == want_data
    # the state before the restore is a snapshot too, kept for the retention period
    snaps = conn.execute("select agent.snapshots(%s)", [acme.base_id]).fetchone()[0]["snapshots"]
    auto = next(s for s in snaps if s["name"] == r["before"]["name"])
    assert auto["expires_at"] and auto["tables"] == 4
    # sequences go on from where they were
    assert run(conn, acme, "insert into todos (title) values ('next') returning n, pos")["statements"][0]["rows"] == [[12, 12]]
    assert conn.execute("select agent.drop_snapshot(%s, 'before_change')", [acme.base_id]).fetchone()[0] == \
        {"dropped": "before_change"}
    with pytest.raises(psycopg.errors.InvalidParameterValue):
        conn.execute("select agent.restore_snapshot(%s, 'before_change')", [acme.base_id])


def test_clone_is_identical_and_isolated(db, acme):
    acme, conn = acme
    r = db.one("select agent.admin_clone_base('acme', 'acme_try')")
    assert r["cloned_from"] == "acme" and r["tables"] == {"projects": 2, "todos": 11, "tags": 2} and r["agent_password"]
    # tags in one INSERT ... SELECT by the keeper (its enums through their text); projects (a domain)
    # and todos (a generated column) as the clone's owner, since their INSERT runs tenant code
    assert r["build"]["copied_in_one_statement"] == ["tags"]
    twin = type(acme)(base_id=r["base_id"], name="acme_try", schema="acme_try", agent_role=r["agent_role"], agent_dsn="")
    assert described(db, twin) == described(db, acme)
    assert data(db, "acme_try") == data(db, "acme")
    # its own roles: each owner role reaches its own schema only
    owners = dict(db.admin.execute("select name, owner_role from agent.base where name in ('acme', 'acme_try') "
                                   "and dropped_at is null").fetchall())
    assert owners["acme"] != owners["acme_try"]
    for base, other in ((twin, "acme"), (acme, "acme_try")):
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            as_owner(db, base, f"select * from {other}.todos")
    # a change to the clone leaves the source alone
    as_owner(db, twin, "delete from todos")
    assert json.loads(data(db, "acme")["todos"]) and json.loads(data(db, "acme_try")["todos"]) == []


def test_clone_executors_cannot_reach_each_other(db, acme):
    acme, conn = acme
    r = db.one("select agent.admin_clone_base('acme', 'acme_try')")
    db.admin.execute("""
        create or replace function public.dbagent_test_run(fn text, sql text) returns jsonb
        language plpython3u as $$
        import json
        plan = plpy.prepare("select agent_exec.%s($1, 10, 'rows', null, null)" % plpy.quote_ident(fn), ["text"])
        plpy.execute(plan, [sql])
        return json.dumps(GD.get('dbagent_run'), default=str)
        $$""")
    for fn, target in ((r["base_id"], "acme"), (acme.base_id, "acme_try")):
        out = db.one("select public.dbagent_test_run(%s, %s)", ["run_" + fn.replace("-", ""), f"select * from {target}.todos"])
        assert out["error"]["sqlstate"] == "42501", out
    own = db.one("select public.dbagent_test_run(%s, %s)", ["run_" + r["base_id"].replace("-", ""), "select count(*) from todos"])
    assert own["rows"] == [[11]]


def test_project_agents_branch_within_their_quota(db):
    import uuid

    planner = db.one("select agent.admin_create_agent(%s, 2)", ["brancher_" + uuid.uuid4().hex[:8]])
    from dbagent.db import agent_dsn

    conn = db.connect(agent_dsn(db.admin_dsn, planner["role"], planner["password"]))
    made = conn.execute("select agent.create_base('shop')").fetchone()[0]
    shop = type("B", (), {"base_id": made["base_id"]})
    execute_sql(conn, shop, "create table items (name text); insert into items (name) values ('a')")
    branch = conn.execute("select agent.clone_base(%s, 'shop_try')", [made["base_id"]]).fetchone()[0]
    assert "agent_password" not in branch and branch["tables"] == {"items": 1}
    names = {b["name"] for b in conn.execute("select agent.get_project()").fetchone()[0]["bases"]}
    assert names == {"shop", "shop_try"}
    with pytest.raises(psycopg.errors.ProgramLimitExceeded):
        conn.execute("select agent.clone_base(%s, 'shop_try2')", [made["base_id"]])
    # an ordinary base agent may not branch
    other = db.create_base("other")
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        db.agent(other).execute("select agent.clone_base(%s, 'x')", [other.base_id])


def test_replaying_the_history_gives_the_same_schema(db, acme):
    from dbagent_plpy.image import requalify

    acme, conn = acme
    # history with a recoverable drop, its restore and a snapshot restore in it
    first = run(conn, acme, "drop table todos cascade")
    done = run(conn, acme, "drop table todos cascade", confirm=first["confirm"])
    conn.execute("select agent.restore(%s, %s, '{}')", [acme.base_id, done["recoverable"][0]["item"]])
    conn.execute("select agent.snapshot_base(%s, 's1')", [acme.base_id])
    run(conn, acme, "create table later (x int)")
    conn.execute("select agent.restore_snapshot(%s, 's1')", [acme.base_id])
    run(conn, acme, "alter table projects add column note text")
    history = conn.execute("select agent.base_migrations(%s)", [acme.base_id]).fetchone()[0]
    assert [m["source"] for m in history["migrations"]][-3:] == ["execute_sql", "snapshot", "execute_sql"]
    assert not any("dbagent_agent_all" in s for m in history["migrations"] for s in m["statements"])
    fresh = db.create_base("fresh")
    fconn = db.agent(fresh)
    for m in history["migrations"]:
        sql = ";\n".join(requalify(s, "acme", "fresh") for s in m["statements"])
        r = run(fconn, fresh, sql)
        assert not r.get("confirmation_required"), m  # the new base is empty
    assert described(db, fresh) == described(db, acme)


def test_a_dump_loads_into_another_server_with_identical_data(db, acme, tmp_path):
    """`dbagent base dump` on this server, `dbagent base load` into a second embedded server."""
    import os
    import shutil
    import socket
    import subprocess
    import sys
    import tempfile
    from pathlib import Path

    from dbagent import server
    from dbagent.install import install

    acme, conn = acme
    cli = [sys.executable, "-m", "dbagent"]
    env = {k: v for k, v in os.environ.items() if k != "DBAGENT_DSN"}
    dump = tmp_path / "acme.dump"
    out = subprocess.run(cli + ["--dsn", db.admin_dsn, "base", "dump", "acme", "--out", str(dump)], capture_output=True,
                         text=True, env=env, timeout=300)
    assert out.returncode == 0, out.stderr
    home = Path(tempfile.mkdtemp(prefix="dbagent-test-other-", dir="/tmp"))
    os.chmod(home, 0o755)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    other = server.up(home, port)
    try:
        install(other.uri(), server_python_path=[other.python_dir])
        out = subprocess.run(cli + ["--dsn", other.uri(), "base", "load", "acme", str(dump), "--json"],
                             capture_output=True, text=True, env=env, timeout=300)
        assert out.returncode == 0, out.stderr
        made = json.loads(out.stdout)
        assert made["tables"] == {"projects": 2, "todos": 11, "tags": 2} and made["agent_dsn"]
        with psycopg.connect(other.uri(), autocommit=True) as c:
            theirs = {t: c.execute(f"select coalesce(json_agg(x order by x.id), '[]')::text from acme.{t} x").fetchone()[0]
                      for t in ("projects", "todos", "tags")}
            assert theirs == data(db, "acme")
            s = c.execute("select agent.get_schema(base_id) from agent.base where name = 'acme' and dropped_at is null").fetchone()[0]
            owner = c.execute("select owner_role from agent.base where name = 'acme' and dropped_at is null").fetchone()[0]
        for k in ("base_id", "name", "schema"):
            s.pop(k)
        s = json.loads(re.sub(r"(?<![A-Za-z0-9_])acme\.", "S.", json.dumps(s, sort_keys=True)).replace(owner, "OWNER"))
        for t in s["tables"]:
            t.pop("row_estimate", None)
        assert s == described(db, acme)
    finally:
        server.stop(other)
        shutil.rmtree(home, ignore_errors=True)


def test_a_tampered_dump_meets_the_parse_wall(db):
    image = {"version": 1, "pre": ["create table t (x text)", "select pg_read_file('/etc/passwd')"], "post": [],
             "tables": [], "sequences": []}
    with pytest.raises(psycopg.Error) as e:
        db.one("select agent.admin_load_base('evil', %s::jsonb)", [json.dumps(image)])
        db.one("select agent.admin_load_finish('evil')")
    assert e.value.sqlstate == "42501" and "function_not_allowed" in (e.value.diag.message_detail or "")
    with pytest.raises(psycopg.errors.InvalidParameterValue):
        db.one("select agent.admin_load_base('evil2', '{\"version\": 2}'::jsonb)")
