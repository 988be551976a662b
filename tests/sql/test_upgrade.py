"""Upgrading from the previous release keeps every base, its data and its access.

The previous release is recorded in tests/upgrade/v0.1.0.tar.gz (the migrations/, sql/ and
plpy/ trees of commit 7400987, the foundation release: see tests/upgrade/README.md). The test
installs it into a fresh database with the current installer pointed at that tree
(``install(..., source_root=...)``), creates bases, a project agent and data the way that
release could (admin functions; tables written directly as each base's owner role, since it
had no execute_sql), upgrades with the current ``install``, and checks: no data lost, grants
and memberships intact, the old agent roles still log in and see their bases, and the
current tools (execute_sql, get_schema, advise, create/drop) work on the old bases.
"""

from __future__ import annotations

import inspect
import itertools
import json
import os
import tarfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from dbagent import __version__
from dbagent.db import agent_dsn
from dbagent.install import MIGRATIONS_DIR, code_version, install

RELEASE = Path(__file__).resolve().parents[1] / "upgrade" / "v0.1.0.tar.gz"
OLD_MIGRATIONS = ["0001.roles-and-schemas", "0002.registry", "0003.auth", "0004.audit"]
_names = itertools.count(1)


def current_migrations() -> list[str]:
    return sorted(p.name[: -len(".sql")] for p in MIGRATIONS_DIR.glob("*.sql") if not p.name.endswith(".rollback.sql"))


@pytest.fixture(scope="module")
def old_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if "source_root" not in inspect.signature(install).parameters:
        pytest.skip("dbagent.install.install() has no source_root parameter: it cannot install the recorded "
                    "previous release (tests/upgrade/v0.1.0.tar.gz) yet")
    root = tmp_path_factory.mktemp("release-v0.1.0")
    with tarfile.open(RELEASE) as tar:
        tar.extractall(root, filter="data")
    assert (root / "migrations" / "0004.audit.sql").is_file() and (root / "sql" / "functions").is_dir()
    return root


@pytest.fixture
def fresh_dsn(pg) -> Iterator[str]:
    """An empty database on the worker's server (not a clone of the installed template)."""
    name = f"upgrade_{os.getpid()}_{next(_names)}"
    with psycopg.connect(pg.uri("postgres"), autocommit=True) as conn:
        conn.execute(f'create database "{name}"')
    try:
        yield pg.uri(name)
    finally:
        with psycopg.connect(pg.uri("postgres"), autocommit=True) as conn:
            conn.execute(f'drop database if exists "{name}" with (force)')


def without_end_user_roles(items: dict) -> dict:
    """ACLs without the bases' end-user roles' entries, after checking each mirrors authenticated's."""
    out = {}
    for name, item in items.items():
        acl = item.get("acl")
        if acl:
            user = sorted(e.split("=", 1)[1] for e in acl if e.startswith("dbagent_u_"))
            auth = sorted(e.split("=", 1)[1] for e in acl if e.startswith("authenticated="))
            if "kind" in item:  # an object: exactly what authenticated has
                assert user == auth, (name, acl)
            else:  # a schema: usage
                assert [u.split("/")[0] for u in user] == ["U"], (name, acl)
            item = {**item, "acl": [e for e in acl if not e.startswith("dbagent_u_")]}
        out[name] = item
    return out


def one(conn: psycopg.Connection, query: str, params: Any = None) -> Any:
    row = conn.execute(query, params).fetchone()
    return None if row is None else row[0]


def as_owner(admin: psycopg.Connection, base: dict, sql: str) -> None:
    """Write into a base as its tenant owner, as the old release's admins (or psql) could."""
    owner = one(admin, "select owner_role from agent.base where base_id = %s", [base["base_id"]])
    admin.execute(f'set role "{owner}"')
    try:
        admin.execute(f'set search_path = "{base["schema"]}"')
        admin.execute(sql)
    finally:
        admin.execute("reset role")
        admin.execute("reset search_path")


# Everything about the bases that an upgrade must keep: the rows, the ACLs of the schemas and
# of every object in them, the roles' attributes and memberships, the registry.
SNAPSHOT = """
    select jsonb_build_object(
        'schemas', (select jsonb_object_agg(n.nspname, jsonb_build_object(
                        'owner', pg_get_userbyid(n.nspowner), 'acl', n.nspacl::text[]))
                    from pg_namespace n where n.nspname in (select schema_name from agent.base)),
        'objects', (select jsonb_object_agg(n.nspname || '.' || c.relname, jsonb_build_object(
                        'kind', c.relkind, 'owner', pg_get_userbyid(c.relowner), 'acl', c.relacl::text[],
                        'columns', (select jsonb_agg(a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
                                                     order by a.attnum)
                                    from pg_attribute a where a.attrelid = c.oid and a.attnum > 0
                                      and not a.attisdropped)))
                    from pg_class c join pg_namespace n on n.oid = c.relnamespace
                    where n.nspname in (select schema_name from agent.base)),
        'roles', (select jsonb_object_agg(r.rolname, jsonb_build_object(
                      'login', r.rolcanlogin, 'super', r.rolsuper, 'inherit', r.rolinherit,
                      'createrole', r.rolcreaterole, 'bypassrls', r.rolbypassrls,
                      'connlimit', r.rolconnlimit, 'password', (select s.rolpassword is not null
                                                                from pg_authid s where s.oid = r.oid),
                      'member_of', (select coalesce(jsonb_agg(m.roleid::regrole::text
                                                          order by m.roleid::regrole::text), '[]')
                                    from pg_auth_members m where m.member = r.oid),
                      'members', (select coalesce(jsonb_agg(m.member::regrole::text
                                                        order by m.member::regrole::text), '[]')
                                  from pg_auth_members m where m.roleid = r.oid)))
                  from pg_roles r
                  where r.rolname in (select owner_role from agent.base union select agent_role from agent.base
                                      union select role_name from agent.project_agent)),
        'base', (select jsonb_agg(to_jsonb(b) order by b.name) from (
                     select base_id, name, schema_name, owner_role, agent_role, created_at, created_by,
                            dropped_at, dropped_by from agent.base) b),
        'base_access', (select jsonb_agg(to_jsonb(a) order by a.base_id, a.role_name) from agent.base_access a),
        'project_agent', (select jsonb_agg(to_jsonb(p) order by p.role_name) from agent.project_agent p),
        'audit', (select jsonb_agg(jsonb_build_object('id', a.audit_id, 'tool', a.tool, 'base_id', a.base_id,
                                                      'role', a.role_name, 'outcome', a.outcome)
                                   order by a.audit_id) from agent.audit a)
    )
"""

DATA = {
    "acme": ["customers", "orders", "big_orders"],
    "globex": ["notes"],
}


def rows_of(admin: psycopg.Connection, schema: str, table: str) -> list[Any]:
    return one(admin, f'select coalesce(jsonb_agg(to_jsonb(t) order by t), \'[]\') from "{schema}"."{table}" t')


def seed(admin: psycopg.Connection, bases: dict[str, dict]) -> None:
    as_owner(admin, bases["acme"], """
        create table customers (
            id bigint generated always as identity primary key,
            name text not null,
            email text unique,
            credit numeric(12, 2) not null default 0,
            tags text[] not null default '{}',
            profile jsonb,
            joined date
        );
        create table orders (
            id bigint generated always as identity primary key,
            customer_id bigint not null references customers (id),
            total numeric(12, 2) not null check (total >= 0),
            placed_at timestamptz not null default '2024-05-01 10:00+00'
        );
        create index orders_customer on orders (customer_id);
        insert into customers (name, email, credit, tags, profile, joined) values
            ('Ada Lovelace', 'ada@example.com', 1234567890.12, '{vip,early}', '{"lang": "en", "n": 1.50}', '1843-07-01'),
            ('Zoë Ünïcode', null, 0.10, '{}', null, null),
            ('O''Brien; drop table x --', 'ob@example.com', 0, '{"a,b"}', '{"nested": {"k": [1, 2]}}', '2000-02-29');
        insert into orders (customer_id, total) select c.id, 10.50 * g from customers c, generate_series(1, 3) g;
        create view big_orders as select o.id, c.name, o.total from orders o join customers c on c.id = o.customer_id
            where o.total > 20;
        grant select on customers, big_orders to authenticated;
        grant select, insert on orders to authenticated;
    """)
    as_owner(admin, bases["globex"], """
        create table notes (id serial primary key, body text not null, at timestamptz default now());
        insert into notes (body) select 'note ' || g from generate_series(1, 250) g;
    """)


def install_release(dsn: str, root: Path, **kw: Any) -> Any:
    """The current installer, pointed at the recorded release's tree."""
    try:
        return install(dsn, source_root=root, **kw)
    except Exception as e:  # noqa: BLE001 - say which side is broken
        error = f"{type(e).__name__}: {e}"
    pytest.fail(f"the current installer cannot install the recorded previous release ({RELEASE.name}): {error}. "
                "install(source_root=...) must apply that tree as it is (it has no agent._refresh_executors() "
                "and no sql/functions/_create_executors.sql).", pytrace=False)


def test_upgrade_from_the_previous_release_keeps_everything(pg, old_root, fresh_dsn):
    # --- the previous release -----------------------------------------------------------
    old = install_release(fresh_dsn, old_root, server_python_path=[pg.python_dir])
    assert old.migrations_applied == OLD_MIGRATIONS and old.first_install
    admin = psycopg.connect(fresh_dsn, autocommit=True)
    v = one(admin, "select agent.version()")
    assert v["migrations"] == OLD_MIGRATIONS
    assert v["code_version"] == code_version(old_root) != code_version()
    assert one(admin, "select to_regprocedure('agent.execute_sql(uuid, text, jsonb)')") is None, \
        "the recorded release is not the previous state"

    bases: dict[str, dict] = {}
    for name in ("acme", "globex", "initech"):
        bases[name] = one(admin, "select agent.admin_create_base(%s)", [name])
    planner = one(admin, "select agent.admin_create_agent('upgrade_planner', 1)")
    one(admin, "select agent.admin_grant_base('acme', 'upgrade_planner')")
    planner_dsn = agent_dsn(fresh_dsn, planner["role"], planner["password"])
    with psycopg.connect(planner_dsn, autocommit=True) as p:
        bases["planned"] = one(p, "select agent.create_base('planned')")
    one(admin, "select agent.admin_drop_base('initech')")
    seed(admin, bases)
    before = one(admin, SNAPSHOT)
    data_before = {(b, t): rows_of(admin, bases[b]["schema"], t) for b, ts in DATA.items() for t in ts}
    assert len(data_before[("globex", "notes")]) == 250 and len(data_before[("acme", "orders")]) == 9
    dsns = {name: agent_dsn(fresh_dsn, b["agent_role"], b["agent_password"]) for name, b in bases.items()
            if "agent_role" in b}

    # --- the upgrade ----------------------------------------------------------------------
    report = install(fresh_dsn)  # the recorded server Python path is reused
    assert not report.first_install
    assert report.migrations_applied == [m for m in current_migrations() if m not in OLD_MIGRATIONS]
    v = one(admin, "select agent.version()")
    assert v["version"] == __version__
    assert v["code_version"] == code_version() == report.code_version
    assert v["migrations"] == current_migrations()

    # no data lost, nothing about the bases changed
    assert {(b, t): rows_of(admin, bases[b]["schema"], t) for b, ts in DATA.items() for t in ts} == data_before
    after = one(admin, SNAPSHOT)
    # the intended change to the ACLs (0019): each base's end-user role (as_user runs as it) holds
    # USAGE on its schema and exactly what the base grants authenticated, nothing else
    after["schemas"], after["objects"] = without_end_user_roles(after["schemas"]), without_end_user_roles(after["objects"])
    for key in ("schemas", "objects", "base", "base_access", "project_agent"):
        assert after[key] == before[key], key
    # the intended changes to the tenant owner roles: dbagent_owner is no longer a standing member
    # (migration 0016: it borrows one inside a transaction), and each is an INHERIT member of
    # dbagent_tenant, which holds their shared grants (0017)
    owners = {b["owner_role"] for b in one(admin, "select jsonb_agg(b) from agent.base b")}
    assert owners and all(before["roles"][o]["members"] == ["dbagent_owner"] for o in owners & set(before["roles"]))
    assert all(before["roles"][o]["member_of"] == [] for o in owners & set(before["roles"]))
    expected_roles = {r: ({**v, "members": [], "member_of": ["dbagent_tenant"], "inherit": True} if r in owners else v)
                      for r, v in before["roles"].items()}
    # and the agent login roles get a small connection limit (the session wall: 10, not 64)
    agents = {b["agent_role"] for b in one(admin, "select jsonb_agg(b) from agent.base b where b.dropped_at is null")}
    agents |= {p["role_name"] for p in one(admin, "select jsonb_agg(p) from agent.project_agent p")}
    expected_roles = {r: ({**v, "connlimit": 10} if r in agents else v) for r, v in expected_roles.items()}
    assert after["roles"] == expected_roles
    assert after["audit"][: len(before["audit"])] == before["audit"]

    # every hygiene fact holds for the old bases too (their executors were created)
    assert [r for r in admin.execute("select check_name, detail from agent._hygiene() where not ok")] == []
    hexid = bases["acme"]["base_id"].replace("-", "")
    assert one(admin, "select count(*) from pg_proc where pronamespace = 'agent_exec'::regnamespace "
                      "and proname in (%s, %s)", [f"run_{hexid}", f"as_user_{hexid}"]) == 2

    # --- the old agent roles log in, see their bases, and the current tools work ------------
    with psycopg.connect(dsns["acme"], autocommit=True) as acme:
        assert [b["name"] for b in one(acme, "select agent.get_project()")["bases"]] == ["acme"]
        bid = bases["acme"]["base_id"]

        def sql(text: str) -> dict:
            return one(acme, "select agent.execute_sql(%s, %s, '{}'::jsonb)", [bid, text])

        r = sql("select name, credit::text from customers order by id")
        assert r["statements"][0]["rows"] == [["Ada Lovelace", "1234567890.12"], ["Zoë Ünïcode", "0.10"],
                                              ["O'Brien; drop table x --", "0.00"]]
        # the upgrade itself changes nothing for the application's end users
        as_user = json.dumps({"as_user": "00000000-0000-0000-0000-000000000001"})
        r = one(acme, "select agent.execute_sql(%s, 'select count(*) from customers', %s::jsonb)", [bid, as_user])
        assert r["statements"][0]["rows"] == [[3]]
        # advise reports the tables the old release's owners made, it does not break on them
        advice = one(acme, "select agent.advise(%s)", [bid])
        flagged = {(f["name"], (f.get("metadata") or {}).get("name")) for f in advice["findings"]}
        assert {("rls_disabled", "customers"), ("missing_system_fields", "orders"),
                ("security_definer_view", "big_orders")} <= flagged
        # old and new tables together, in one call
        r = sql("insert into orders (customer_id, total) values (1, 99.99);"
                "create table shipments (order_id bigint not null references orders (id), carrier text);"
                "insert into shipments (order_id, carrier) select id, 'ups' from orders where total > 30;"
                "select count(*) from shipments s join big_orders b on b.id = s.order_id")
        assert r["ok"] and r["statements"][-1]["rows"] == [[4]]
        r = sql("select count(*) from customers; select count(*) from orders")
        assert [s["rows"] for s in r["statements"]] == [[[3]], [[10]]]
        schema = one(acme, "select agent.get_schema(%s, '{}'::jsonb)", [bid])
        tables = {t["name"]: t for t in schema["tables"]}
        assert {"customers", "orders", "shipments"} <= set(tables)
        assert {"id", "created_at", "created_by"} <= {c["name"] for c in tables["shipments"]["columns"]}
        assert "big_orders" in json.dumps(schema.get("views", []))
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            sql("select * from globex.notes")

    with psycopg.connect(dsns["globex"], autocommit=True) as globex:
        r = one(globex, "select agent.execute_sql(%s, 'select count(*) from notes', '{}'::jsonb)",
                [bases["globex"]["base_id"]])
        assert r["statements"][0]["rows"] == [[250]]

    with psycopg.connect(planner_dsn, autocommit=True) as p:
        project = one(p, "select agent.get_project()")
        assert sorted(b["name"] for b in project["bases"]) == ["acme", "planned"]
        with pytest.raises(psycopg.Error) as exc:  # its quota of one base still holds
            one(p, "select agent.create_base('second')")
        assert exc.value.sqlstate == "54000" and "quota of 1" in str(exc.value)

    with pytest.raises(psycopg.OperationalError):  # the dropped base's agent role is gone
        psycopg.connect(agent_dsn(fresh_dsn, bases["initech"]["agent_role"], bases["initech"]["agent_password"]))

    # --- admin work goes on ---------------------------------------------------------------
    new = one(admin, "select agent.admin_create_base('after_upgrade')")
    with psycopg.connect(agent_dsn(fresh_dsn, new["agent_role"], new["agent_password"]), autocommit=True) as c:
        r = one(c, "select agent.execute_sql(%s, 'create table t (x int); select 1', '{}'::jsonb)", [new["base_id"]])
        assert r["ok"]
    assert one(admin, "select agent.admin_drop_base('globex')") is True
    assert one(admin, "select to_regnamespace('globex')") is None

    # a second install changes nothing
    again = install(fresh_dsn)
    assert again.migrations_applied == [] and one(admin, "select agent.version()")["migrations"] == current_migrations()
    admin.close()


def test_the_doctor_passes_an_upgraded_database(pg, old_root, fresh_dsn):
    from dbagent.doctor import check_server

    install_release(fresh_dsn, old_root, server_python_path=[pg.python_dir])
    with psycopg.connect(fresh_dsn, autocommit=True) as admin:
        base = one(admin, "select agent.admin_create_base('acme')")
        as_owner(admin, base, "create table legacy (id int primary key, v text); insert into legacy values (1, 'x')")
    install(fresh_dsn)
    problems = [c for c in check_server(fresh_dsn) if c.status != "ok"]
    assert problems == []


def test_the_recorded_release_is_what_the_readme_says():
    with tarfile.open(RELEASE) as tar:
        names = set(tar.getnames())
    assert {f"migrations/{m}.sql" for m in OLD_MIGRATIONS} <= names
    assert "migrations/0005.limits.sql" not in names
    assert {"sql/functions/version.sql", "plpy/dbagent_plpy/__init__.py", "migrations/post-apply.py"} <= names
    assert not any(n.startswith(("cli/", "tests/")) for n in names)
