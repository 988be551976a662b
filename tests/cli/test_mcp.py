"""`dbagent mcp`: the agent tools over MCP, tested with the mcp SDK's own client over stdio."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import anyio
import pytest
from mcp import Client, StdioServerParameters

from dbagent.db import connect

SCOPED = {"get_project", "get_database_schema", "execute_sql", "analyse_csv", "import_csv", "advise"}


def server(dsn: str, base: str) -> StdioServerParameters:
    # `mcp` is not on the dbagent group yet: the module entry point adds it.
    return StdioServerParameters(
        command=sys.executable, args=["-m", "dbagent.agent_commands", "mcp", "--base", base, "--dsn", dsn]
    )


def with_client(dsn: str, base: str, body: Callable[[Client], Awaitable[Any]]) -> Any:
    async def main() -> Any:
        async with Client(server(dsn, base), read_timeout_seconds=60) as client:
            return await body(client)

    return anyio.run(main)


@pytest.fixture
def acme(db):
    return db.create_base("acme")


def test_tools_listed_with_annotations_and_without_base_id(db, acme):
    async def body(client: Client) -> Any:
        return client.instructions, (await client.list_tools()).tools

    instructions, tools = with_client(acme.agent_dsn, "acme", body)
    by_name = {t.name: t for t in tools}
    with db.connect() as conn:  # the catalog: agent logins may not read it (the session wall)
        installed = {
            r[0]
            for r in conn.execute(
                "select proname from pg_proc where pronamespace = 'agent'::regnamespace "
                "and proname in ('analyse_csv', 'import_csv')"
            ).fetchall()
        }
    assert set(by_name) == {"get_project", "get_database_schema", "execute_sql", "advise"} | installed
    assert "create_base" not in by_name
    expect = {  # read-only, destructive
        "get_project": (True, False),
        "get_database_schema": (True, False),
        "advise": (True, False),
        "execute_sql": (False, True),
        "analyse_csv": (True, False),
        "import_csv": (False, False),
    }
    for name, t in by_name.items():
        a = t.annotations
        assert a is not None and (a.read_only_hint, a.destructive_hint) == expect[name], name
        assert a.open_world_hint is False and a.title
        assert t.input_schema["type"] == "object"
        assert "base_id" not in t.input_schema["properties"]
        assert "base_id" not in t.input_schema.get("required", [])
        assert t.description and not t.description.startswith(name)
    assert by_name["execute_sql"].input_schema["required"] == ["sql"]
    assert by_name["execute_sql"].input_schema["properties"]["verbose"]["type"] == "boolean"
    assert "verbose" not in by_name["get_project"].input_schema["properties"]
    assert 'base "acme"' in instructions and "(select auth.uid())" in instructions


def test_call_each_tool_scoped_and_compact(db, acme, tmp_path):
    other = db.create_base("other", grant_to=acme.agent_role)  # the same agent may use a second base
    csv = tmp_path / "cities.csv"
    csv.write_text("name,population\nLyon,522250\nNantes,320732\n")
    with connect(acme.agent_dsn) as conn:
        tools = {  # the catalog through the admin: agent logins may not read it (the session wall)
            r[0]
            for r in db.admin.execute(
                "select proname from pg_proc"
                " where pronamespace = 'agent'::regnamespace and proname = 'import_csv'"
            )
        }
        source = None
        if tools:
            from dbagent.csv_commands import upload

            source = upload(conn, acme.base_id, Path(csv), show=False)

    async def body(client: Client) -> dict[str, Any]:
        out: dict[str, Any] = {}
        out["project"] = await client.call_tool("get_project", {})
        out["ddl"] = await client.call_tool(
            "execute_sql",
            {
                "sql": "create table cities (name text not null, population integer); "
                "insert into cities (name, population) values ('Paris', 2102650) returning name"
            },
        )
        out["schema"] = await client.call_tool("get_database_schema", {})
        out["schema_verbose"] = await client.call_tool("get_database_schema", {"verbose": True})
        out["schema_opts"] = await client.call_tool("get_database_schema", {"options": {"compact": True}})
        out["advise"] = await client.call_tool("advise", {})
        if source:
            out["analyse"] = await client.call_tool("analyse_csv", {"source": source})
            out["import"] = await client.call_tool("import_csv", {"source": source, "table_name": "cities"})
        out["count"] = await client.call_tool("execute_sql", {"sql": "select count(*) as n from cities"})
        out["values"] = await client.call_tool(
            "execute_sql", {"sql": """select '{"a": null, "b": []}'::jsonb as j, null as n, '' as e"""}
        )
        return out

    r = with_client(acme.agent_dsn, acme.base_id, body)  # --base takes a base_id too
    for name, res in r.items():
        assert res.is_error is False, (name, res.content)
        assert json.loads(res.content[0].text) == res.structured_content

    project = r["project"].structured_content
    assert [b["name"] for b in project["bases"]] == ["acme"]  # scoped: "other" is not shown
    assert other.base_id not in r["project"].content[0].text

    ddl = r["ddl"].structured_content
    assert [s["tag"] for s in ddl["statements"]] == ["CREATE TABLE", "INSERT"]
    assert all("sql" not in s for s in ddl["statements"])  # compact: the SQL is not echoed
    assert all(isinstance(x, str) for x in ddl["rules_applied"])
    assert ddl["statements"][1]["rows"] == [["Paris"]]

    [t] = r["schema"].structured_content["tables"]
    assert [c["name"] for c in t["columns"]] == ["name", "population"]
    assert t["system_fields"] == ["id", "created_at", "updated_at", "created_by", "updated_by"]
    assert all(p["name"] != "dbagent_agent_all" for p in t["policies"])
    [tv] = r["schema_verbose"].structured_content["tables"]
    assert "id" in [c["name"] for c in tv["columns"]] and any(
        p["name"] == "dbagent_agent_all" for p in tv["policies"]
    )
    assert len(r["schema"].content[0].text) < len(r["schema_verbose"].content[0].text)
    [tc] = r["schema_opts"].structured_content["tables"]
    assert set(tc) == {"name", "columns"}

    assert r["advise"].structured_content["counts"] == {"ERROR": 0, "WARN": 0, "INFO": 0}
    # compacting trims structure only: values read from the base stay exactly as they are
    assert r["values"].structured_content["statements"][0]["rows"] == [[{"a": None, "b": []}, None, ""]]
    if source:
        assert r["import"].structured_content["rows_loaded"] == 2
        assert r["count"].structured_content["statements"][0]["rows"] == [[3]]
    assert db.one("select to_regclass('other.cities')") is None  # nothing happened in the other base


def test_denial_is_a_tool_error_with_the_hint(acme):
    async def body(client: Client) -> Any:
        return (
            await client.call_tool("execute_sql", {"sql": "select rolname from pg_catalog.pg_roles"}),
            await client.call_tool("execute_sql", {"sql": "select 1", "base_id": acme.base_id}),
            await client.call_tool("execute_sql", {"sql": "select * from missing_table"}),
            await client.call_tool("no_such_tool", {}),
        )

    denied, with_base, failed, unknown = with_client(acme.agent_dsn, "acme", body)
    assert denied.is_error is True
    err = denied.structured_content["error"]
    assert err["sqlstate"] == "42501" and err["detail"].startswith("rule: ")
    text = denied.content[0].text
    assert 'access denied to schema "pg_catalog"' in text and "[42501]" in text
    assert "hint: Use agent.get_schema()" in text
    assert with_base.is_error and "base_id is set by the server" in with_base.content[0].text
    assert failed.is_error and failed.structured_content["error"]["sqlstate"] == "42P01"
    assert unknown.is_error and "no tool 'no_such_tool'" in unknown.content[0].text


def test_unknown_base_fails_fast(acme):
    p = subprocess.run(
        [sys.executable, "-m", "dbagent.agent_commands", "mcp", "--base", "nope", "--dsn", acme.agent_dsn],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert p.returncode == 2
    assert "there is no base 'nope'" in p.stderr and "acme" in p.stderr
    assert p.stdout == ""
    assert acme.agent_dsn.split("@")[0].split(":")[-1] not in p.stderr  # no password in the error


def test_streamable_http(acme):
    import socket
    import time

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "dbagent.agent_commands",
            "mcp",
            "--base",
            "acme",
            "--dsn",
            acme.agent_dsn,
            "--transport",
            "http",
            "--port",
            str(port),
        ],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert proc.poll() is None, proc.communicate()
                assert time.monotonic() < deadline, "the HTTP server did not start"
                time.sleep(0.1)

        async def main() -> Any:
            async with Client(f"http://127.0.0.1:{port}/mcp", read_timeout_seconds=60) as client:
                tools = (await client.list_tools()).tools
                return tools, await client.call_tool(
                    "execute_sql", {"sql": "select * from information_schema.tables"}
                )

        tools, denied = anyio.run(main)
        assert {t.name for t in tools} >= {"get_project", "get_database_schema", "execute_sql", "advise"}
        assert denied.is_error and "hint:" in denied.content[0].text
    finally:
        proc.terminate()
        proc.wait(timeout=10)
