"""The JSON API: ``POST /v1/tools/<tool>``, ``GET /v1/tools``, ``/openapi.json``, health.

A call's body is the tool's arguments as one JSON object (``base_id`` takes a base's name
too; ``verbose: true`` for the full result). The answer is ``{"result": ..., "server_notices":
[...]}`` (200), or ``{"error": {sqlstate, message, detail, hint, rule}}`` with a status that
says what kind of failure it is (``dbagent.serve.errors``). Numbers are exact: a numeric from
the database keeps its digits in the JSON text.
"""

from __future__ import annotations

import asyncio
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from dbagent import __version__
from dbagent.output import dumps
from dbagent.serve.dispatch import Dispatcher
from dbagent.serve.errors import report, status_for
from dbagent.serve.pools import Unavailable
from dbagent.tools import Tool


def json_response(status: int, body: Any, headers: dict[str, str] | None = None) -> Response:
    return Response(dumps(body, indent=None), status_code=status, media_type="application/json",
                    headers={"cache-control": "no-store", **(headers or {})})


def error_response(status: int, error: dict[str, Any]) -> Response:
    return json_response(status, {"error": error},
                         {"retry-after": "1"} if status in (429, 503) else None)


def tool_description(t: Tool) -> dict[str, Any]:
    e = t.effects
    return {
        "name": t.name,
        "title": e.title,
        "description": t.description,
        "input_schema": t.input_schema(verbose=True, base_by_name=True),
        "annotations": {"read_only": e.read_only, "destructive": e.destructive, "idempotent": e.idempotent},
    }


def routes(dispatcher: Dispatcher, state: Any) -> list[Route]:
    async def call(request: Request) -> Response:
        principal = request.scope["dbagent.principal"]
        entry = request.scope["dbagent.log"]
        name = request.path_params["tool"]
        entry["tool"] = name
        body = await request.body()
        out = await dispatcher.call(principal, name, body, merge_notices=False)
        entry["call_ms"] = round(out.ms, 3)
        if not out.ok:
            entry["sqlstate"], entry["rule"] = out.sqlstate, out.rule
            return error_response(out.status or status_for(out.sqlstate), out.payload)
        result: dict[str, Any] = {"result": out.payload}
        if out.notices:
            result["server_notices"] = out.notices
        return json_response(200, result)

    async def list_tools(request: Request) -> Response:
        try:
            ap = await dispatcher.tools(request.scope["dbagent.principal"])
        except Unavailable as e:
            return error_response(503, e.report)
        return json_response(200, {"tools": [tool_description(t) for t in ap.tools.values()]})

    async def openapi(request: Request) -> Response:
        return json_response(200, state.openapi)

    async def healthz(request: Request) -> Response:
        return json_response(200, {"status": "ok", "version": __version__})

    async def readyz(request: Request) -> Response:
        if state.draining.is_set():
            return error_response(503, report("57P01", "the server is shutting down", hint="Use another instance."))
        try:
            async with dispatcher.pools.admin() as conn:
                await asyncio.wait_for(conn.execute("select 1"), 2.0)
        except Exception:  # noqa: BLE001 - not ready, whatever the cause
            return error_response(503, report("08006", "the database is not reachable", hint="Try again later."))
        return json_response(200, {"status": "ready"})

    async def not_allowed(request: Request) -> Response:
        return error_response(405, report("0A000", "use POST with the tool's arguments as a JSON object",
                                          hint="GET /v1/tools lists the tools; /openapi.json describes them."))

    return [
        Route("/v1/tools/{tool}", call, methods=["POST"]),
        Route("/v1/tools/{tool}", not_allowed, methods=["GET", "PUT", "DELETE", "PATCH"]),
        Route("/v1/tools", list_tools, methods=["GET"]),
        Route("/openapi.json", openapi, methods=["GET"]),
        Route("/healthz", healthz, methods=["GET"]),
        Route("/readyz", readyz, methods=["GET"]),
    ]


_ERRORS = {
    "401": "No token, or an unknown, revoked or expired one, or its agent was dropped.",
    "403": "Refused (SQLSTATE 42501): the parse wall, a data-model rule, a base not granted.",
    "404": "No such tool, or no base of that name for this agent.",
    "408": "The request body did not arrive in time.",
    "409": "A conflict that may pass when retried or changed (constraints, serialization, locks).",
    "413": "The request body is too large.",
    "422": "Bad arguments or SQL the database rejects (22xxx, 42xxx, 54xxx ...).",
    "429": "The agent's rate or concurrency limit; see Retry-After.",
    "503": "Overloaded, shutting down, or the database is unreachable; see Retry-After.",
    "504": "The call ran out of time and was cancelled (57014).",
}


def openapi_document(tools: dict[str, Tool]) -> dict[str, Any]:
    """OpenAPI 3.1 for the JSON API, one operation per tool, built from the catalogue."""
    error_schema = {
        "type": "object",
        "properties": {"error": {"type": "object", "properties": {
            k: {"type": ["string", "null"]} for k in ("sqlstate", "message", "detail", "hint", "rule")},
            "required": ["sqlstate", "message"]}},
        "required": ["error"],
    }
    errors = {code: {"description": words, "content": {"application/json": {
        "schema": {"$ref": "#/components/schemas/Error"}}}} for code, words in _ERRORS.items()}
    paths: dict[str, Any] = {}
    for t in tools.values():
        paths[f"/v1/tools/{t.name}"] = {"post": {
            "operationId": t.name,
            "summary": t.effects.title,
            "description": t.description,
            "requestBody": {"required": True, "content": {"application/json": {
                "schema": t.input_schema(verbose=True, base_by_name=True)}}},
            "responses": {
                "200": {"description": "The tool's result (compact unless verbose).", "content": {
                    "application/json": {"schema": {"type": "object", "properties": {
                        "result": {}, "server_notices": {"type": "array", "items": {"type": "string"}}},
                        "required": ["result"]}}}},
                **errors,
            },
            "x-dbagent-read-only": t.effects.read_only,
            "x-dbagent-destructive": t.effects.destructive,
        }}
    paths["/v1/tools"] = {"get": {"operationId": "list_tools", "summary": "The tools this token's agent may call",
                                  "responses": {"200": {"description": "name, description, input_schema"},
                                                "401": errors["401"]}}}
    for p, words in (("/healthz", "The process is up."), ("/readyz", "The database answers; not shutting down.")):
        paths[p] = {"get": {"operationId": p.strip("/"), "summary": words, "security": [],
                            "responses": {"200": {"description": words}, "503": errors["503"]}}}
    return {
        "openapi": "3.1.0",
        "info": {"title": "dbagent", "version": __version__, "description": (
            "The dbagent tools over HTTP. Each call acts as the agent role of its bearer token "
            "(`dbagent token create`) and is one transaction. MCP clients use /mcp instead.")},
        "security": [{"bearer": []}],
        "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
                       "schemas": {"Error": error_schema}},
        "paths": paths,
    }
