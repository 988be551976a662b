"""Security-definer hygiene over every function dbagent installs (schemas agent and agent_exec)."""

from __future__ import annotations

import re

import pytest

from dbagent.install import SQL_DIR

FUNCS = """
    select p.oid::regprocedure::text as sig, p.proname, n.nspname, p.prosecdef,
           pg_get_userbyid(p.proowner) as owner, p.proconfig,
           obj_description(p.oid, 'pg_proc') as doc,
           array(select a.grantee::regrole::text from aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) a
                 where a.privilege_type = 'EXECUTE' and a.grantee <> 0 and a.grantee <> p.proowner
                 order by 1) as grantees,
           exists (select from aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) a
                   where a.privilege_type = 'EXECUTE' and a.grantee = 0) as public_execute
    from pg_proc p join pg_namespace n on n.oid = p.pronamespace
    where n.nspname in ('agent', 'agent_exec')
    order by 1
"""


@pytest.fixture
def functions(db):
    cur = db.admin.execute(FUNCS)
    cols = [d.name for d in cur.description]
    return [dict(zip(cols, r)) for r in cur.fetchall()]


def test_there_are_functions(functions):
    names = {f["proname"] for f in functions}
    assert {"get_project", "create_base", "admin_create_base", "version"} <= names


# agent_exec._run (and _open, which opens its cursors) runs the agent's checked statement with
# the search path of the executor that calls it (the base's schema), so it deliberately pins
# none of its own.
UNPINNED = {"agent_exec._run(text,integer,text)", "agent_exec._open(text,text)"}
# Only a superuser may open the passwordless loopback connection that keeps failing calls'
# audit rows; the function runs one fixed INSERT and only dbagent_owner may call it. Only a
# superuser may revoke what other roles granted to a dropped base's roles (and reach other
# databases for it): agent._drop_owned acts on dbagent's own roles only.
SUPERUSER_OWNED = {"agent._audit_autonomous(jsonb)", "agent._drop_owned(text)"}


def test_search_path_pinned(functions):
    bad = [f["sig"] for f in functions
           if not any(re.fullmatch(r'search_path=(""|.*pg_temp)', c) for c in (f["proconfig"] or []))]
    assert sorted(bad) == sorted(UNPINNED)


def test_no_public_execute(functions):
    assert [f["sig"] for f in functions if f["public_execute"]] == []


def test_owned_by_dbagent_owner(functions):
    others = {f["sig"]: f["owner"] for f in functions if f["nspname"] == "agent" and f["owner"] != "dbagent_owner"}
    assert set(others) == SUPERUSER_OWNED
    for sig, owner in others.items():
        assert owner == "postgres", (sig, owner)


def test_every_function_is_documented(functions):
    bad = [f["sig"] for f in functions if f["nspname"] == "agent" and not (f["doc"] or "").strip()]
    assert bad == []


def test_grants_follow_the_naming(functions):
    for f in functions:
        if f["nspname"] != "agent":
            continue
        name, grantees = f["proname"], set(f["grantees"])
        if f["sig"] in SUPERUSER_OWNED:
            assert grantees == {"dbagent_owner"}, (f["sig"], grantees)
        elif name.startswith("_"):
            assert grantees == set(), (f["sig"], grantees)
        elif name.startswith("admin_"):
            assert grantees == {"dbagent_admin"}, (f["sig"], grantees)
        else:
            assert grantees == {"dbagent_agent", "dbagent_admin"}, (f["sig"], grantees)


def test_definers_say_why():
    missing = []
    for path in SQL_DIR.rglob("*.sql"):
        for line in path.read_text().splitlines():
            if re.match(r"\s*security\s+definer\b", line, re.I):
                if "-- why:" not in line:
                    missing.append(f"{path.name}: {line.strip()}")
    assert missing == []


def test_public_functions_are_definers_and_private_are_not(functions):
    for f in functions:
        if f["nspname"] != "agent":
            continue
        if f["proname"].startswith("_") and f["sig"] not in SUPERUSER_OWNED:
            assert not f["prosecdef"], f["sig"]


def test_one_public_function_per_file():
    for path in [*(SQL_DIR / "functions").glob("*.sql"), *(SQL_DIR / "executor").glob("*.sql")]:
        text = path.read_text()
        names = re.findall(r"create\s+or\s+replace\s+function\s+agent(?:_exec)?\.(\w+)\s*\(", text, re.I)
        assert names and set(names) == {path.stem}, (path.name, names)


def test_executors_belong_to_their_roles(db):
    acme = db.create_base("acme")
    hexid = acme.base_id.replace("-", "")
    owners = dict(db.admin.execute(
        "select proname, pg_get_userbyid(proowner) from pg_proc where pronamespace = 'agent_exec'::regnamespace "
        "and proname like %s", ["%" + hexid]).fetchall())
    owner_role = db.one("select owner_role from agent.base where base_id = %s", [acme.base_id])
    user_role = db.one("select user_role from agent.base where base_id = %s", [acme.base_id])
    assert user_role == "dbagent_u_" + hexid
    assert owners == {"run_" + hexid: owner_role, "as_user_" + hexid: user_role}
    for fn in owners:
        grantees = db.one(
            "select array_agg(a.grantee::regrole::text order by 1) from pg_proc p, "
            "aclexplode(p.proacl) a where p.proname = %s and a.grantee <> p.proowner", [fn])
        assert grantees == ["dbagent_owner"]


def test_pglast_parses_inside_the_server(db):
    """The backend survives pglast: imported under RTLD_DEEPBIND it parses 2,000 statements."""
    db.admin.execute("select agent._py_boot()")
    notices = []
    db.admin.add_notice_handler(lambda d: notices.append(d.message_primary))
    db.admin.execute(
        """
        do $$
        from pglast import parser
        n = 0
        for i in range(2000):
            n += len(parser.parse_sql('select %d; insert into t values (1)' % i))
        tree = parser.parse_plpgsql_json(
            'create function f() returns int language plpgsql as $b$ begin return 1; end $b$')
        plpy.notice('parsed %d %d' % (n, len(tree)))
        $$ language plpython3u
        """
    )
    assert notices and notices[-1].startswith("parsed 4000 ")
    assert db.one("select 1") == 1
