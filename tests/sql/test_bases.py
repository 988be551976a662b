"""Bases: creation, names, concurrency, drop, and what an agent role can and cannot do."""

from __future__ import annotations

import threading

import psycopg
import pytest


def test_create_base_makes_schema_and_roles(db):
    b = db.create_base("acme")
    assert b.schema == "acme"
    row = db.admin.execute(
        "select n.nspname, pg_get_userbyid(n.nspowner) from pg_namespace n where nspname = 'acme'"
    ).fetchone()
    assert row[0] == "acme" and row[1].startswith("dbagent_t_")
    owner = db.one("select rolcanlogin from pg_roles where rolname = %s", [row[1]])
    assert owner is False
    assert db.one("select rolcanlogin from pg_roles where rolname = %s", [b.agent_role]) is True


def test_agent_sees_only_its_bases(db):
    acme = db.create_base("acme")
    db.create_base("globex")
    p = db.one("select agent.get_project()", conn=db.agent(acme))
    assert [x["name"] for x in p["bases"]] == ["acme"]
    assert p["bases"][0]["base_id"] == acme.base_id
    assert p["can_create_bases"] is False
    assert p["role"] == acme.agent_role


@pytest.mark.parametrize(
    "statement",
    [
        "select * from acme.anything",
        "create table public.x ()",
        "create temp table x ()",
        "create table acme.x ()",
        "create schema mine",
        "select * from agent.base",
        "select * from agent.audit",
        "insert into agent.base_access values (gen_random_uuid(), 'me', now(), 'me')",
        "select * from auth.uid()",
        "select agent._py_boot()",
        "select agent.admin_list_bases()",
        "set role dbagent_owner",
        "create function f() returns int language sql as 'select 1'",
    ],
)
def test_agent_role_is_refused_by_postgres(db, statement):
    acme = db.create_base("acme")
    db.admin.execute("set role " + db.one("select owner_role from agent.base where name = 'acme'"))
    db.admin.execute("create table acme.anything (x int)")
    db.admin.execute("reset role")
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        db.agent(acme).execute(statement)


def test_agent_role_memberships_are_only_the_agent_group(db):
    acme = db.create_base("acme")
    roles = {
        r[0]
        for r in db.admin.execute(
            "select r.rolname from pg_roles r where pg_has_role(%s, r.oid, 'MEMBER')", [acme.agent_role]
        )
    }
    assert roles == {acme.agent_role, "dbagent_agent"}
    attrs = db.admin.execute(
        "select rolsuper, rolcreaterole, rolcreatedb, rolreplication, rolbypassrls from pg_roles where rolname = %s",
        [acme.agent_role],
    ).fetchone()
    assert attrs == (False, False, False, False, False)


def test_agent_can_execute_public_tools_only(db):
    acme = db.create_base("acme")
    rows = db.admin.execute(
        """
        select p.proname from pg_proc p
        where p.pronamespace = 'agent'::regnamespace
          and has_function_privilege(%s, p.oid, 'EXECUTE')
        order by 1
        """,
        [acme.agent_role],
    ).fetchall()
    names = [r[0] for r in rows]
    assert "get_project" in names
    assert all(not n.startswith("_") and not n.startswith("admin_") for n in names), names


@pytest.mark.parametrize(
    "name, sqlstate",
    [
        ("Acme", "22023"),
        ("acme-corp", "22023"),
        ("1acme", "22023"),
        ("a" * 41, "22023"),
        ("pg_acme", "22023"),
        ("public", "22023"),
        ("auth", "22023"),
        ("information_schema", "22023"),
        ("select", "22023"),
        ("table", "22023"),
        ("", "22023"),
    ],
)
def test_base_names_are_validated(db, name, sqlstate):
    with pytest.raises(psycopg.Error) as exc:
        db.create_base(name)
    assert exc.value.sqlstate == sqlstate
    assert exc.value.diag.message_hint


def test_valid_names_pass(db):
    for name in ["a", "acme_corp", "shop2", "x" * 40, "data"]:
        db.create_base(name)


def test_existing_name_is_an_error_that_says_so(db):
    db.create_base("acme")
    with pytest.raises(psycopg.errors.DuplicateObject) as exc:
        db.create_base("acme")
    assert "already exists" in exc.value.diag.message_primary


def test_concurrent_creates_of_one_name_cannot_both_win(db):
    results: list[object] = []
    barrier = threading.Barrier(4)

    def attempt() -> None:
        conn = psycopg.connect(db.admin_dsn, autocommit=True)
        try:
            barrier.wait()
            conn.execute("select agent.admin_create_base('race')")
            results.append("ok")
        except psycopg.Error as e:
            results.append(e.sqlstate)
        finally:
            conn.close()

    threads = [threading.Thread(target=attempt) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results.count("ok") == 1, results
    assert sorted(r for r in results if r != "ok") == ["42710"] * 3
    assert db.one("select count(*) from agent.base where name = 'race'") == 1


def test_dbagent_owner_borrows_tenant_owner_roles_only_inside_its_transactions(db):
    """A standing membership in every tenant owner made each new base slower than the last
    (PostgreSQL 15 recomputes a role's memberships after every CREATE ROLE or GRANT)."""
    acme = db.create_base("acme")
    db.create_base("globex")
    db.one("select agent.admin_set_limits('acme', '{\"lock_timeout_ms\": 300}')")  # re-creates executors
    db.one("select agent.admin_drop_base('globex')")
    members = "select count(*) from pg_auth_members where member = 'dbagent_owner'::regrole " \
              "and roleid::regrole::text like 'dbagent\\_t\\_%%'"
    assert db.one(members) == 0
    # everything that acted as the owner did its work: the schema and executors belong to it
    owner = db.one("select owner_role from agent.base where name = 'acme'")
    assert db.one("select pg_get_userbyid(nspowner) from pg_namespace where nspname = 'acme'") == owner
    assert db.one("select count(*) from pg_proc where pronamespace = 'agent_exec'::regnamespace "
                  "and pg_get_userbyid(proowner) = %s", [owner]) == 1
    r = db.one("select agent.execute_sql(%s, 'create table t (x int); insert into t (x) values (1)')",
               [acme.base_id], conn=db.agent(acme))
    assert [st["tag"] for st in r["statements"]] == ["CREATE TABLE", "INSERT"] and r["statements"][1]["rows_affected"] == 1
    assert db.one(members) == 0
    assert [x for x in db.admin.execute("select check_name from agent._hygiene() where not ok")] == []


def test_shared_grants_go_to_the_tenant_group_not_to_each_base(db):
    """No ACL outside a base names its tenant owner: they would grow by one entry per base."""
    for name in ("acme", "globex", "initech"):
        db.create_base(name)
    owners = [r[0] for r in db.admin.execute("select owner_role from agent.base where dropped_at is null")]
    acls = db.admin.execute("""
        select n.nspname, a.grantee::regrole::text from pg_namespace n, aclexplode(n.nspacl) a
        where n.nspname in ('auth', 'agent', 'agent_exec', 'agent_stage', 'public')
        union all
        select p.oid::regprocedure::text, a.grantee::regrole::text
        from pg_proc p, aclexplode(p.proacl) a
        where p.pronamespace in ('agent'::regnamespace, 'agent_exec'::regnamespace, 'auth'::regnamespace)
          and p.proname !~ '^(run|as_user)_[0-9a-f]{32}$'
    """).fetchall()
    assert [a for a in acls if a[1] in owners or a[1].startswith("dbagent_t_")] == []
    for o in owners:
        assert db.one("select array_agg(roleid::regrole::text) from pg_auth_members where member = %s::regrole",
                      [o]) == ["dbagent_tenant"]
        assert db.one("select rolinherit from pg_roles where rolname = %s", [o]) is True
        for priv in ("has_schema_privilege(%s, 'auth', 'USAGE')", "has_schema_privilege(%s, 'agent_exec', 'USAGE')",
                     "has_function_privilege(%s, 'auth.uid()', 'EXECUTE')",
                     "has_function_privilege(%s, 'agent_exec._run(text, integer, text)', 'EXECUTE')"):
            assert db.one("select " + priv, [o]) is True, priv
        # and nothing of another base
        assert db.one("select count(*) from pg_namespace n where n.nspname in ('acme', 'globex', 'initech') "
                      "and pg_get_userbyid(n.nspowner) <> %s and has_schema_privilege(%s, n.oid, 'USAGE')", [o, o]) == 0


def test_drop_base_removes_schema_and_roles_keeps_record(db):
    acme = db.create_base("acme")
    owner = db.one("select owner_role from agent.base where name = 'acme'")
    assert db.one("select agent.admin_drop_base('acme')") is True
    assert db.one("select count(*) from pg_namespace where nspname = 'acme'") == 0
    assert db.one("select count(*) from pg_roles where rolname in (%s, %s)", [owner, acme.agent_role]) == 0
    assert db.one("select dropped_at is not null from agent.base where base_id = %s", [acme.base_id]) is True
    assert db.one("select count(*) from agent.audit where base_id = %s and tool = 'drop_base'", [acme.base_id]) == 1
    # the name is free again
    db.create_base("acme")


def test_drop_missing_base_returns_false(db):
    assert db.one("select agent.admin_drop_base('nope')") is False


def test_agent_cannot_use_admin_functions(db):
    acme = db.create_base("acme")
    conn = db.agent(acme)
    for q in ["select agent.admin_create_base('x')", "select agent.admin_drop_base('acme')",
              "select agent.admin_create_agent('x')"]:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(q)


def test_base_agent_may_not_create_bases(db):
    acme = db.create_base("acme")
    with pytest.raises(psycopg.errors.InsufficientPrivilege) as exc:
        db.agent(acme).execute("select agent.create_base('more')")
    assert exc.value.diag.message_hint


def test_project_agent_creates_bases_within_quota(db):
    from dbagent.db import agent_dsn

    r = db.one("select agent.admin_create_agent('planner', 2)")
    conn = db.connect(agent_dsn(db.admin_dsn, r["role"], r["password"]))
    p = db.one("select agent.get_project()", conn=conn)
    assert p["bases"] == [] and p["can_create_bases"] is True and p["max_bases"] == 2
    db.create_base("other")  # an admin's base the planner must never see
    one = db.one("select agent.create_base('shop')", conn=conn)
    db.one("select agent.create_base('blog')", conn=conn)
    with pytest.raises(psycopg.errors.ProgramLimitExceeded):
        conn.execute("select agent.create_base('third')")
    p = db.one("select agent.get_project()", conn=conn)
    assert [b["name"] for b in p["bases"]] == ["blog", "shop"]
    assert p["can_create_bases"] is False
    assert one["schema"] == "shop"


def test_grant_and_revoke_base(db):
    from dbagent.db import agent_dsn

    r = db.one("select agent.admin_create_agent('helper', 0)")
    conn = db.connect(agent_dsn(db.admin_dsn, r["role"], r["password"]))
    db.create_base("acme")
    assert db.one("select agent.get_project()", conn=conn)["bases"] == []
    db.one("select agent.admin_grant_base('acme', 'helper')")
    assert [b["name"] for b in db.one("select agent.get_project()", conn=conn)["bases"]] == ["acme"]
    db.one("select agent.admin_revoke_base('acme', 'helper')")
    assert db.one("select agent.get_project()", conn=conn)["bases"] == []


def test_get_project_counts_tables(db):
    acme = db.create_base("acme")
    owner = db.one("select owner_role from agent.base where name = 'acme'")
    db.admin.execute(f"set role {owner}")
    db.admin.execute("create table acme.a (x int); create table acme.b (x int)")
    db.admin.execute("reset role")
    p = db.one("select agent.get_project()", conn=db.agent(acme))
    assert p["bases"][0]["table_count"] == 2
