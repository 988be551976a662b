"""`dbagent serve` at /mcp, tested with the mcp SDK's own streamable-HTTP client."""

from __future__ import annotations

import json
import secrets
from collections.abc import Awaitable, Callable
from typing import Any

import anyio
import httpx2
import pytest
from mcp import Client
from mcp.client.streamable_http import streamable_http_client

from dbtest import TestDb
from serve_harness import Server


@pytest.fixture(scope="module")
def srv(mdb: TestDb):
    s = Server(mdb.admin_dsn, "--rate", "1000", "--burst", "1000").wait_ready()
    yield s
    s.close()


def with_client(srv: Server, token: str | None, body: Callable[[Client], Awaitable[Any]]) -> Any:
    async def main() -> Any:
        headers = {"authorization": f"Bearer {token}"} if token else {}
        async with httpx2.AsyncClient(headers=headers, timeout=60) as http:
            async with Client(streamable_http_client(srv.url + "/mcp", http_client=http)) as client:
                return await body(client)

    return anyio.run(main)


def new_base(db: TestDb, prefix: str):
    base = db.create_base(f"{prefix}_{secrets.token_hex(3)}")
    return base, db.one("select agent.admin_token_create(%s)", [base.name])


def test_tools_and_calls(mdb, srv):
    base, tok = new_base(mdb, "mcp")

    async def body(c: Client) -> dict[str, Any]:
        out: dict[str, Any] = {"instructions": c.instructions, "tools": (await c.list_tools()).tools}
        out["ddl"] = await c.call_tool("execute_sql", {
            "base_id": base.name, "sql": "create table cities (name text, population integer); "
            "insert into cities (name, population) values ('Lyon', 522250)"})
        out["dry"] = await c.call_tool("execute_sql", {
            "base_id": base.name, "sql": "delete from cities", "options": {"dry_run": True}})
        out["count"] = await c.call_tool("execute_sql", {"base_id": base.base_id, "sql": "select count(*) from cities"})
        out["schema"] = await c.call_tool("get_database_schema", {"base_id": base.name})
        out["denied"] = await c.call_tool("execute_sql", {"base_id": base.name, "sql": "select * from pg_authid"})
        out["unknown_base"] = await c.call_tool("get_database_schema", {"base_id": "nope"})
        out["bad_args"] = await c.call_tool("execute_sql", {"base_id": base.name})
        return out

    r = with_client(srv, tok["token"], body)
    tools = {t.name: t for t in r["tools"]}
    assert set(tools) == {"get_project", "get_database_schema", "execute_sql", "analyse_csv", "import_csv", "advise"}
    ex = tools["execute_sql"]
    assert ex.input_schema["required"] == ["base_id", "sql"]
    assert ex.input_schema["properties"]["base_id"]["type"] == "string"  # a base_id or a name
    assert "dry_run" in ex.input_schema["properties"]["options"]["properties"]
    assert ex.annotations.destructive_hint is True and tools["advise"].annotations.read_only_hint is True
    assert "get_project" in r["instructions"]
    for name in ("ddl", "dry", "count", "schema"):
        assert r[name].is_error is False, (name, r[name].content)
        assert json.loads(r[name].content[0].text) == r[name].structured_content
    assert r["dry"].structured_content["dry_run"] is True  # options pass through untouched
    assert r["count"].structured_content["statements"][0]["rows"] == [[1]]
    [t] = r["schema"].structured_content["tables"]
    assert t["name"] == "cities" and "system_fields" in t  # compact
    err = r["denied"].structured_content["error"]
    assert r["denied"].is_error and err["sqlstate"] == "42501" and err["rule"] == "catalog_access" and err["hint"]
    assert r["unknown_base"].is_error and "no base 'nope'" in r["unknown_base"].structured_content["error"]["message"]
    assert r["bad_args"].is_error and r["bad_args"].structured_content["error"]["sqlstate"] == "22023"
    roles = {x[0] for x in mdb.admin.execute(
        "select role_name from agent.audit where base_id = %s and tool = 'execute_sql'", [base.base_id])}
    assert roles == {base.agent_role}


def test_project_agent_gets_create_base(mdb, srv):
    planner = f"planner_{secrets.token_hex(3)}"
    mdb.one("select agent.admin_create_agent(%s, 1)", [planner])
    try:
        tok = mdb.one("select agent.admin_token_create(%s)", [planner])
        name = f"made_{secrets.token_hex(3)}"

        async def body(c: Client) -> Any:
            names = {t.name for t in (await c.list_tools()).tools}
            made = await c.call_tool("create_base", {"name": name})
            again = await c.call_tool("create_base", {"name": name + "_2"})  # over its quota of 1
            used = await c.call_tool("execute_sql", {"base_id": name, "sql": "create table notes (body text)"})
            return names, made, again, used

        names, made, again, used = with_client(srv, tok["token"], body)
        assert "create_base" in names
        assert made.is_error is False and made.structured_content["name"] == name
        assert again.is_error and again.structured_content["error"]["sqlstate"] == "54000"
        assert used.is_error is False
    finally:
        mdb.one("select agent.admin_drop_agent(%s)", [planner])


def mcp_401s(srv: Server) -> int:
    lines = [json.loads(x) for x in srv.log.read_text().splitlines() if x.startswith("{")]
    return sum(1 for x in lines if x["path"] == "/mcp" and x["status"] == 401)


def test_no_token_and_a_revoked_one(mdb, srv):
    base, tok = new_base(mdb, "rev")
    before = mcp_401s(srv)
    with pytest.raises(Exception):  # noqa: B017 - the SDK surfaces the 401 as its own error
        with_client(srv, None, lambda c: c.list_tools())
    with pytest.raises(Exception):  # noqa: B017
        with_client(srv, "dbat_" + "2" * 64, lambda c: c.list_tools())

    async def body(c: Client) -> Any:
        first = await c.call_tool("get_project", {})
        mdb.one("select agent.admin_token_revoke(%s)", [tok["token_id"]])
        try:
            await c.call_tool("get_project", {})
        except Exception as e:  # noqa: BLE001
            return first, e
        return first, None

    assert mcp_401s(srv) >= before + 2
    before = mcp_401s(srv)
    first, error = with_client(srv, tok["token"], body)
    assert first.structured_content["role"] == base.agent_role
    assert error is not None  # the next call after the revocation fails: the server said 401
    assert mcp_401s(srv) > before


def test_no_streams_to_hold_open(mdb, srv):
    """Stateless with JSON answers: a GET (an SSE stream) or DELETE of /mcp is refused at once."""
    _, tok = new_base(mdb, "get")
    with srv.client(tok["token"]) as c:
        for method in ("GET", "DELETE"):
            r = c.request(method, "/mcp", headers={"accept": "text/event-stream"}, timeout=10)
            assert r.status_code == 405, (method, r.status_code)
