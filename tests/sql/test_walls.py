"""The two walls, each on its own.

Parse wall: every attack of the corpus is refused with 42501 before anything runs.
Privilege wall: the base's executor, called directly (no parse wall at all), is refused
by PostgreSQL for every escape: other tenant, auth.users, pg_authid, server files,
extensions, temp tables, role changes.
Canary rows of another tenant and of auth never appear, and nothing outside the tenant changes.
"""

from __future__ import annotations

import json

import psycopg
import pytest
from corpus import ATTACKS

from dbtest import as_owner, execute_sql

GLOBEX_CANARY = "GLOBEX-CANARY-7f3a"
AUTH_CANARY = "AUTH-CANARY-91c2@example.com"


@pytest.fixture(scope="module")
def world(mdb):
    """acme (the agent's base), globex (another tenant, with a canary) and auth.users (with one)."""
    acme = mdb.create_base("acme")
    globex = mdb.create_base("globex")
    as_owner(mdb, globex, "create table canary (note text); insert into canary values ('GLOBEX-CANARY-7f3a')")
    mdb.admin.execute(
        "create table if not exists auth.users (id uuid primary key default gen_random_uuid(), email text, "
        "encrypted_password text); insert into auth.users (email, encrypted_password) "
        "values ('AUTH-CANARY-91c2@example.com', 'x')"
    )
    mdb.admin.execute(
        """
        create or replace function public.dbagent_test_run(fn text, sql text) returns jsonb
        language plpython3u as $$
        import json
        plan = plpy.prepare("select agent_exec.%s($1, 10, $2, null, null)" % plpy.quote_ident(fn), ["text", "text"])
        mode = 'rows' if sql.lstrip().lower().startswith(('select', 'table', 'with', 'values')) else 'command'
        plpy.execute(plan, [sql, mode])
        return json.dumps(GD.get('dbagent_run'), default=str)
        $$
        """
    )
    return {"acme": acme, "globex": globex, "agent": mdb.agent(acme), "db": mdb}


def fingerprint(db) -> list:
    """What must never change: globex's and auth's data, roles, schemas, the registry."""
    return [
        db.one("select array_agg(note order by note) from globex.canary"),
        db.one("select array_agg(email order by email) from auth.users"),
        db.one("select count(*) from pg_roles"),
        db.one("select array_agg(nspname::text order by nspname) from pg_namespace"),
        db.one("select count(*) from agent.base"),
        db.one("select array_agg(rolname::text order by rolname) from pg_roles where rolsuper or rolcreaterole"),
        db.one("select count(*) from pg_extension"),
    ]


@pytest.fixture(scope="module")
def before(world):
    return fingerprint(world["db"])


@pytest.mark.parametrize("attack", ATTACKS, ids=[a.id for a in ATTACKS])
def test_parse_wall_denies_every_attack(world, before, attack):
    with pytest.raises(psycopg.Error) as exc:
        out = execute_sql(world["agent"], world["acme"], attack.sql)
        assert GLOBEX_CANARY not in json.dumps(out) and AUTH_CANARY not in json.dumps(out)
    e = exc.value
    assert e.sqlstate == "42501", (attack.id, e.sqlstate, e.diag.message_primary)
    assert e.diag.message_detail.startswith("rule: "), attack.id
    assert e.diag.message_hint, attack.id
    assert GLOBEX_CANARY not in str(e) and AUTH_CANARY not in str(e)


def test_nothing_outside_the_tenant_changed(world, before):
    assert fingerprint(world["db"]) == before


PRIVILEGE_ESCAPES = [
    ("other tenant", "select * from globex.canary"),
    ("other tenant write", "insert into globex.canary values ('x')"),
    ("other tenant drop", "drop table globex.canary"),
    ("auth.users", "select * from auth.users"),
    ("pg_authid", "select rolpassword from pg_catalog.pg_authid"),
    ("server file", "select pg_read_file('/etc/passwd')"),
    ("server file binary", "select pg_read_binary_file('/etc/passwd')"),
    ("server dir", "select pg_ls_dir('.')"),
    ("copy from file", "copy acme_t from '/etc/passwd'"),
    ("copy to file", "copy (select 1) to '/tmp/dbagent-escape'"),
    ("copy program", "copy (select 1) to program 'id'"),
    ("large object import", "select lo_import('/etc/passwd')"),
    ("extension", "create extension dblink"),
    ("untrusted language", "create function f() returns int language plpython3u as 'return 1'"),
    ("temp table", "create temp table t (x int)"),
    ("set role", "set role postgres"),
    ("set role owner", "set role dbagent_owner"),
    ("set session authorization", "set session authorization postgres"),
    ("role via set_config", "select set_config('role', 'postgres', true)"),
    ("create role", "create role evil login superuser"),
    ("grant role", "grant dbagent_owner to current_user"),
    ("create schema", "create schema evil"),
    ("public schema", "create table public.evil (x int)"),
    ("alter system", "alter system set log_statement = 'none'"),
    ("load library", "load 'plpython3'"),
    ("registry", "select * from agent.base"),
    ("admin function", "select agent.admin_list_bases()"),
    ("checkpoint", "checkpoint"),
    ("terminate", "select pg_terminate_backend(pg_backend_pid())"),
]


EXECUTORS = ["run", "as_user"]  # the base's owner, and its end user (execute_sql's as_user)


@pytest.mark.parametrize("executor", EXECUTORS)
@pytest.mark.parametrize("name, sql", PRIVILEGE_ESCAPES, ids=[p[0] for p in PRIVILEGE_ESCAPES])
def test_privilege_wall_alone_refuses(world, before, name, sql, executor):
    db = world["db"]
    fn = executor + "_" + world["acme"].base_id.replace("-", "")
    as_owner(db, world["acme"], "create table if not exists acme_t (x text)")
    conn = db.connect()
    try:
        out = conn.execute("select public.dbagent_test_run(%s, %s)", [fn, sql]).fetchone()[0]
    except psycopg.Error as e:  # refused before the statement ran (e.g. by the executor's definer context)
        out = {"error": {"sqlstate": e.sqlstate, "message": str(e)}}
    finally:
        conn.close()
    assert out.get("error"), (name, out)
    err = out["error"]
    assert err["sqlstate"][:2] in ("42", "0A", "58", "22", "25"), (name, err)
    assert GLOBEX_CANARY not in json.dumps(out) and AUTH_CANARY not in json.dumps(out)


@pytest.mark.parametrize("executor", EXECUTORS)
@pytest.mark.parametrize("target", EXECUTORS)
def test_privilege_wall_other_tenants_executor(world, executor, target):
    db = world["db"]
    globex_fn = target + "_" + world["globex"].base_id.replace("-", "")
    fn = executor + "_" + world["acme"].base_id.replace("-", "")
    out = db.one("select public.dbagent_test_run(%s, %s)",
                 [fn, f"select agent_exec.{globex_fn}('select * from canary', 10, 'rows', null, null)"])
    assert out["error"]["sqlstate"] == "42501"


@pytest.mark.parametrize("executor", EXECUTORS)
def test_privilege_wall_executor_runs_as_its_role(world, executor):
    db = world["db"]
    fn = executor + "_" + world["acme"].base_id.replace("-", "")
    out = db.one("select public.dbagent_test_run(%s, %s)", [fn, "select current_user, current_setting('search_path')"])
    role = db.one(f"select {'owner_role' if executor == 'run' else 'user_role'} from agent.base where name = 'acme'")
    assert out["rows"] == [[role, "acme, pg_temp"]]
    # the end-user role belongs to no role that holds rights in other bases
    if executor == "as_user":
        assert db.one("select array_agg(roleid::regrole::text) from pg_auth_members where member = %s::regrole",
                      [role]) == ["dbagent_enduser"]


def test_nothing_outside_changed_after_privilege_attempts(world, before):
    assert fingerprint(world["db"]) == before
