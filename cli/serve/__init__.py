"""``dbagent serve``: the agent tools over HTTP for agents that hold a token, not a login.

One process serves every agent and base of a database: MCP over streamable HTTP at ``/mcp``
(the ``mcp`` SDK's transport) and a JSON API at ``/v1/tools/<tool>`` (``/openapi.json``), both
over the one tool-calling core (``dbagent.tools``) that the LLM driver and the stdio MCP server
use. A bearer token (``dbagent token create``) names an agent role; each call is one
``select agent.<tool>(...)`` in autocommit, on a pooled connection that the server opened as
that role (``SET SESSION AUTHORIZATION``), so ``session_user`` inside dbagent is the agent:
the same bases, quota and audit identity as its own login. The agent never sends SQL except as
execute_sql's ``sql`` argument, a bound parameter.

Modules: ``config`` (limits), ``tokens`` (bearer tokens), ``limits`` (rate and failure
limiters), ``pools`` (per-agent connection pools), ``dispatch`` (a call from HTTP to the core),
``errors`` (SQLSTATE to HTTP status), ``http_api`` (JSON API, OpenAPI), ``mcp_app`` (MCP),
``gate`` (the ASGI middleware: auth, limits, bodies, access log), ``app`` (assembly, lifespan,
uvicorn), ``commands`` (``dbagent serve``, ``dbagent token``). Only ``commands`` is imported by
the CLI on start; the rest needs the ``serve`` extra.
"""
