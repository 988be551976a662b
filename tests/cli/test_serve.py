"""`dbagent serve`: the JSON API over real HTTP against a real uvicorn, as agents holding tokens."""

from __future__ import annotations

import json
import secrets
from typing import Any

import psycopg
import pytest

from dbtest import TestDb
from serve_harness import Server


@pytest.fixture(scope="module")
def srv(mdb: TestDb):
    s = Server(mdb.admin_dsn, "--rate", "1000", "--burst", "1000").wait_ready()
    yield s
    s.close()


def new_base(db: TestDb, prefix: str = "b"):
    base = db.create_base(f"{prefix}_{secrets.token_hex(3)}")
    token = db.one("select agent.admin_token_create(%s)", [base.name])
    return base, token


def post(client, tool: str, body: Any = None, **kw: Any):
    return client.post(f"/v1/tools/{tool}", json=body if body is not None else {}, **kw)


def test_calls_act_as_the_agent_role(mdb, srv):
    base, tok = new_base(mdb, "acme")
    with srv.client(tok["token"]) as c:
        r = post(c, "get_project")
        assert r.status_code == 200, r.text
        project = r.json()["result"]
        assert project["role"] == base.agent_role
        assert [b["name"] for b in project["bases"]] == [base.name]
        # by name and by base_id; DDL and DML in one transaction; numerics exact in the JSON text
        r = post(c, "execute_sql", {"base_id": base.name, "sql":
                                    "create table prices (label text, amount numeric(12,2)); "
                                    "insert into prices (label, amount) values ('a', 1.10), ('b', 2.50)"})
        assert r.status_code == 200, r.text
        r = post(c, "execute_sql", {"base_id": base.base_id, "sql":
                                    "select amount, session_user as who from prices order by label"})
        assert r.status_code == 200, r.text
        assert '"rows": [[1.10, ' in r.text  # the digits as stored, not 1.1
        rows = r.json()["result"]["statements"][0]["rows"]
        assert [row[1] for row in rows] == [base.agent_role] * 2  # session_user is the agent role
        assert "sql" not in r.json()["result"]["statements"][0]  # compact by default
        full = post(c, "execute_sql", {"base_id": base.name, "sql": "select 1", "verbose": True}).json()
        assert full["result"]["statements"][0]["sql"] == "select 1"
        r = post(c, "get_database_schema", {"base_id": base.name})
        assert [t["name"] for t in r.json()["result"]["tables"]] == ["prices"]
        assert post(c, "advise", {"base_id": base.name}).status_code == 200
    # the audit has the agent role, as on its own login; the token is nowhere in it
    rows = mdb.admin.execute(
        "select role_name, tool, outcome from agent.audit where base_id = %s "
        "and tool in ('execute_sql', 'get_schema', 'advise') order by audit_id",
        [base.base_id]).fetchall()
    assert {r[0] for r in rows} == {base.agent_role}
    assert ("execute_sql", "ok") in {(r[1], r[2]) for r in rows}
    assert mdb.one("select count(*) from agent.audit where details::text like %s",
                   ["%" + tok["token"] + "%"]) == 0


def test_statuses(mdb, srv):
    base, tok = new_base(mdb, "st")
    other, _ = new_base(mdb, "other")
    with srv.client(tok["token"]) as c:
        post(c, "execute_sql", {"base_id": base.name, "sql": "create table t (code text unique)"})
        cases = {
            403: post(c, "execute_sql", {"base_id": base.name, "sql": "select * from pg_authid"}),
            404: post(c, "no_such_tool"),
            422: post(c, "execute_sql", {"base_id": base.name, "sql": "selec 1"}),
            409: post(c, "execute_sql", {"base_id": base.name,
                                         "sql": "insert into t (code) values ('x'), ('x')"}),
        }
        for status, r in cases.items():
            assert r.status_code == status, (status, r.text)
            err = r.json()["error"]
            assert set(err) == {"sqlstate", "message", "detail", "hint", "rule"}
        assert cases[403].json()["error"]["sqlstate"] == "42501"
        assert cases[403].json()["error"]["rule"] == "catalog_access"
        assert cases[403].json()["error"]["hint"]
        assert cases[422].json()["error"]["sqlstate"] == "42601"
        assert cases[409].json()["error"]["sqlstate"] == "23505"
        # bad arguments: 422 with 22023
        for body in ({"base_id": base.name}, {"base_id": base.name, "sql": "select 1", "nope": 1},
                     {"base_id": base.name, "sql": "select 1", "options": "{not json"}):
            r = post(c, "execute_sql", body)
            assert r.status_code == 422 and r.json()["error"]["sqlstate"] == "22023", r.text
        r = c.post("/v1/tools/execute_sql", content=b"{not json", headers={"content-type": "application/json"})
        assert r.status_code == 422 and r.json()["error"]["sqlstate"] == "22023"
        r = c.post("/v1/tools/execute_sql", content=b"[1, 2]")
        assert r.status_code == 422
        # another agent's base: by id the database refuses (403), by name it is unknown (404)
        r = post(c, "execute_sql", {"base_id": other.base_id, "sql": "select 1"})
        assert r.status_code == 403 and r.json()["error"]["sqlstate"] == "42501"
        r = post(c, "get_database_schema", {"base_id": other.base_id})
        assert r.status_code == 403 and r.json()["error"]["rule"] == "base_access"
        r = post(c, "execute_sql", {"base_id": other.name, "sql": "select 1"})
        assert r.status_code == 404 and other.base_id not in r.text
        assert c.get("/nowhere").status_code == 404
        assert c.get("/v1/tools/execute_sql").status_code == 405
    # no token, a malformed one, an unknown one: 401 with WWW-Authenticate
    for headers in ({}, {"authorization": "Bearer nonsense"}, {"authorization": "Basic dXNlcjpwdw=="},
                    {"authorization": "Bearer dbat_" + "0" * 64}):
        with srv.client(**{}) as c:
            r = c.post("/v1/tools/get_project", json={}, headers=headers)
            assert r.status_code == 401 and r.json()["error"]["sqlstate"] == "28000"
            assert r.headers["www-authenticate"].startswith("Bearer")
            assert c.post("/mcp", json={}, headers=headers).status_code == 401


def test_revoked_expired_and_dropped_stop_at_once(mdb, srv):
    base, tok = new_base(mdb, "rv")
    with srv.client(tok["token"]) as c:
        assert post(c, "get_project").status_code == 200
        mdb.one("select agent.admin_token_revoke(%s)", [tok["token_id"]])
        assert post(c, "get_project").status_code == 401  # the very next request
    tok2 = mdb.one("select agent.admin_token_create(%s, now() + interval '1 hour')", [base.name])
    with srv.client(tok2["token"]) as c:
        assert post(c, "get_project").status_code == 200
        mdb.admin.execute("update agent.api_token set expires_at = clock_timestamp() where token_id = %s",
                          [tok2["token_id"]])
        assert post(c, "get_project").status_code == 401
    tok3 = mdb.one("select agent.admin_token_create(%s)", [base.name])
    with srv.client(tok3["token"]) as c:
        assert post(c, "execute_sql", {"base_id": base.name, "sql": "select 1"}).status_code == 200
        mdb.one("select agent.admin_drop_base(%s)", [base.name])  # drops its agent role too
        r = post(c, "execute_sql", {"base_id": base.base_id, "sql": "select 1"})
        assert r.status_code == 401, r.text


def test_the_session_stays_the_agent_whatever_it_sends(mdb, srv):
    base, tok = new_base(mdb, "esc")
    attempts = [
        "set session authorization default",
        "reset session authorization",
        "set role postgres",
        "reset all",
        "select set_config('session_authorization', 'postgres', false)",
        "begin",
        "listen ch",
        "select pg_advisory_lock(1)",
        "discard all",
        "do $$ begin execute 'reset session authorization'; end $$",
        "select * from pg_catalog.pg_class",
    ]
    with srv.client(tok["token"]) as c:
        for sql in attempts:
            r = post(c, "execute_sql", {"base_id": base.name, "sql": sql})
            assert r.status_code == 403, (sql, r.text)
        r = post(c, "execute_sql", {"base_id": base.name, "sql": "select session_user"})
        assert r.json()["result"]["statements"][0]["rows"] == [[base.agent_role]], r.text
        assert post(c, "get_project").json()["result"]["role"] == base.agent_role


def test_postgres_refuses_a_role_change_inside_dbagent(mdb):
    """The privilege wall behind the parse wall: a session set up as the server does cannot change
    its session user from inside a SECURITY DEFINER function (every agent.* tool and executor)."""
    base, _ = new_base(mdb, "pw")
    owner = mdb.one("select owner_role from agent.base where base_id = %s", [base.base_id])
    mdb.admin.execute(f"""
        create function "{base.schema}".escape() returns text language plpgsql security definer as $$
        begin perform set_config('session_authorization', 'postgres', false); return session_user; end $$;
        alter function "{base.schema}".escape() owner to "{owner}";
        grant usage on schema "{base.schema}" to "{base.agent_role}";
        grant execute on function "{base.schema}".escape() to "{base.agent_role}";
    """)
    with psycopg.connect(mdb.admin_dsn, autocommit=True) as conn:
        conn.execute(f'set session authorization "{base.agent_role}"')
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="security-definer"):
            conn.execute(f'select "{base.schema}".escape()')
        assert conn.execute("select session_user::text").fetchone()[0] == base.agent_role


def test_tools_list_and_openapi(mdb, srv):
    base, tok = new_base(mdb, "oa")
    planner = f"planner_{secrets.token_hex(3)}"
    mdb.one("select agent.admin_create_agent(%s, 2)", [planner])
    try:
        ptok = mdb.one("select agent.admin_token_create(%s)", [planner])
        with srv.client(tok["token"]) as c:
            names = [t["name"] for t in c.get("/v1/tools").json()["tools"]]
            assert "create_base" not in names and {"get_project", "execute_sql"} <= set(names)
        with srv.client(ptok["token"]) as c:
            tools = {t["name"]: t for t in c.get("/v1/tools").json()["tools"]}
            assert "create_base" in tools
            r = post(c, "create_base", {"name": f"made_{secrets.token_hex(3)}"})
            assert r.status_code == 200, r.text
            made = r.json()["result"]
            r = post(c, "execute_sql", {"base_id": made["name"], "sql": "create table notes (body text)"})
            assert r.status_code == 200, r.text
            assert [b["name"] for b in post(c, "get_project").json()["result"]["bases"]] == [made["name"]]
        doc = srv.client().get("/openapi.json").json()  # no token needed
        assert doc["openapi"].startswith("3.1")
        assert {f"/v1/tools/{n}" for n in ("get_project", "execute_sql", "get_database_schema", "advise",
                                           "create_base")} <= set(doc["paths"])
        op = doc["paths"]["/v1/tools/execute_sql"]["post"]
        schema = op["requestBody"]["content"]["application/json"]["schema"]
        assert schema["required"] == ["base_id", "sql"] and "options" in schema["properties"]
        assert "dry_run" in schema["properties"]["options"]["properties"]  # read from the comment
        assert {"401", "403", "404", "413", "422", "429", "503"} <= set(op["responses"])
        assert op["description"] == tools["execute_sql"]["description"]
    finally:
        mdb.one("select agent.admin_drop_agent(%s)", [planner])


def test_health_and_access_log(mdb, srv):
    with srv.client() as c:
        assert c.get("/healthz").json()["status"] == "ok"
        assert c.get("/readyz").json()["status"] == "ready"
    base, tok = new_base(mdb, "log")
    literal = "sekrit-" + secrets.token_hex(6)
    with srv.client(tok["token"]) as c:
        r = post(c, "execute_sql", {"base_id": base.name, "sql": f"select '{literal}' as x"})
        rid = r.headers["x-request-id"]
        assert r.status_code == 200 and literal in r.text
        post(c, "execute_sql", {"base_id": base.name, "sql": "select * from pg_authid"})
    with srv.client("dbat_" + "1" * 64) as c:
        post(c, "get_project")
    text = srv.log.read_text()
    assert tok["token"] not in text and literal not in text and "1" * 64 not in text
    lines = [json.loads(x) for x in text.splitlines() if x.startswith("{")]
    mine = next(x for x in lines if x["request_id"] == rid)
    assert mine["agent"] == base.agent_role and mine["token_id"] == tok["token_id"]
    assert mine["tool"] == "execute_sql" and mine["status"] == 200 and mine["ms"] > 0
    assert any(x.get("rule") == "catalog_access" and x["status"] == 403 for x in lines)
    assert any(x["status"] == 401 and x.get("sqlstate") == "28000" for x in lines)


def test_an_agent_made_again_under_its_name_gets_fresh_connections(mdb, srv):
    name = f"again_{secrets.token_hex(3)}"
    mdb.one("select agent.admin_create_agent(%s, 1)", [name])
    try:
        old = mdb.one("select agent.admin_token_create(%s)", [name])
        with srv.client(old["token"]) as c:
            assert post(c, "get_project").json()["result"]["role"] == name  # its pool is open now
        mdb.one("select agent.admin_drop_agent(%s)", [name])
        mdb.one("select agent.admin_create_agent(%s, 1)", [name])
        new = mdb.one("select agent.admin_token_create(%s)", [name])
        with srv.client(old["token"]) as c:
            assert post(c, "get_project").status_code == 401
        with srv.client(new["token"]) as c:
            r = post(c, "get_project")
            assert r.status_code == 200 and r.json()["result"]["role"] == name, r.text
    finally:
        mdb.one("select agent.admin_drop_agent(%s)", [name])
