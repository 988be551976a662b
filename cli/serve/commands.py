"""``dbagent serve`` and ``dbagent token``: the HTTP server, and the tokens agents use with it.

Tokens need nothing beyond a plain install; ``serve`` needs the ``serve`` extra and says so.
"""

from __future__ import annotations

import re
import sys
from typing import TYPE_CHECKING, Any

import click

from dbagent.db import EXIT_FINDINGS, CliError, call, connect, db_errors
from dbagent.output import emit_json, records, say, table

if TYPE_CHECKING:
    from dbagent.main import Ctx

_DURATION = re.compile(r"(\d+)\s*(s|m|h|d|w)")
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def _expiry(value: str | None) -> tuple[str, Any]:
    """SQL for the expiry (a duration from now, or a timestamp) and its parameter."""
    if value is None:
        return "null::timestamptz", None
    m = _DURATION.fullmatch(value.strip())
    if m:
        return "pg_catalog.now() + %s::interval", f"{m.group(1)} {_UNITS[m.group(2)]}"
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}([ T][0-9:.]+)?([+-]\d{2}(:?\d{2})?|Z)?", value.strip()):
        return "%s::timestamptz", value.strip()
    raise click.BadParameter("give a duration (30d, 12h, 90m, 2w) or a timestamp (2026-01-31T12:00Z)",
                             param_hint="--expires")


@click.group("token")
def token() -> None:
    """Bearer tokens for `dbagent serve`: an agent gets a token instead of a database login (admin)."""


@token.command("create")
@click.argument("agent")
@click.option("--expires", help="When it stops working: a duration (30d, 12h) or a timestamp. Default: never.")
@click.option("--label", help="A note for `dbagent token list` (who or what uses it).")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.pass_obj
def token_create(obj: Ctx, agent: str, expires: str | None, label: str | None, as_json: bool) -> None:
    """Make a token that acts as AGENT: a project agent's role, or a base's name (its agent role).

    The token is printed once: only its SHA-256 is stored. Requests with it act as exactly that
    agent role (its bases, quota and audit identity).

    \b
    Example:
      dbagent token create acme --expires 30d --json
      curl -H "Authorization: Bearer $TOKEN" ... http://127.0.0.1:8780/v1/tools/get_project
    """
    as_json = as_json or obj.as_json
    expiry_sql, expiry = _expiry(expires)
    with db_errors(as_json):
        with connect(obj.dsn()) as conn:
            params: list[Any] = [agent] + ([expiry] if expiry is not None else []) + [label]
            r = call(conn, f"select agent.admin_token_create(%s, {expiry_sql}, %s)", params)
        if as_json:
            emit_json(r)
        else:
            table(f"token for {r['role']}", ["token_id", "role", "expires_at", "token"],
                  [[r["token_id"], r["role"], r["expires_at"] or "never", r["token"]]],
                  caption="The token is shown once: only its hash is stored.")


@token.command("list")
@click.argument("agent", required=False)
@click.option("--all", "include_inactive", is_flag=True, help="Include revoked and expired tokens.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.pass_obj
def token_list(obj: Ctx, agent: str | None, include_inactive: bool, as_json: bool) -> None:
    """List tokens (never the tokens themselves), of AGENT or of every agent.

    \b
    Example:
      dbagent token list --all
    """
    as_json = as_json or obj.as_json
    with db_errors(as_json):
        with connect(obj.dsn()) as conn:
            items = call(conn, "select agent.admin_token_list(%s, %s)", [agent, include_inactive])
        if as_json:
            emit_json(items)
        else:
            records("tokens", items, ["token_id", "role", "label", "status", "created_at", "expires_at", "revoked_at"])


@token.command("revoke")
@click.argument("token_id", required=False)
@click.option("--agent", help="Revoke every token of this agent role (or base).")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.pass_obj
def token_revoke(obj: Ctx, token_id: str | None, agent: str | None, as_json: bool) -> None:
    """Revoke token TOKEN_ID (or every token of --agent): its next request fails. Exits 1 if none matched.

    \b
    Example:
      dbagent token revoke 3f0c…
      dbagent token revoke --agent acme
    """
    as_json = as_json or obj.as_json
    with db_errors(as_json):
        if (token_id is None) == (agent is None):
            raise CliError("give a TOKEN_ID or --agent", hint="`dbagent token list` shows the token ids.")
        with connect(obj.dsn()) as conn:
            n = call(conn, "select agent.admin_token_revoke(%s::uuid, %s)", [token_id, agent])
        if as_json:
            emit_json({"revoked": n})
        else:
            say(f"revoked {n} token{'s' if n != 1 else ''}")
        if not n:
            sys.exit(EXIT_FINDINGS)


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=int, default=None, help="Port to listen on (default 8780).")
@click.option("--workers", type=click.IntRange(1), default=1, show_default=True,
              help="Processes sharing the port (each gets its share of --max-connections).")
@click.option("--max-connections", type=click.IntRange(1), default=64, show_default=True,
              help="Database connections for agents' calls, in total.")
@click.option("--agent-connections", type=click.IntRange(1), default=4, show_default=True,
              help="Connections (and calls in flight) per agent.")
@click.option("--rate", type=click.FloatRange(0.1), default=20.0, show_default=True,
              help="Calls per second per agent (per worker).")
@click.option("--burst", type=click.IntRange(1), default=40, show_default=True, help="Calls at once above --rate.")
@click.option("--auth-failures-per-minute", type=click.IntRange(1), default=60, show_default=True,
              help="Failed tokens per client address and minute before it gets 429 without a lookup.")
@click.option("--max-body-bytes", type=click.IntRange(1024), default=4 * 1024 * 1024, show_default=True,
              help="Largest request body.")
@click.option("--body-timeout", type=click.FloatRange(0.1), default=10.0, show_default=True,
              help="Seconds to receive a request body.")
@click.option("--request-timeout", type=click.FloatRange(0.1), default=120.0, show_default=True,
              help="Seconds a call may take before it is cancelled.")
@click.option("--pool-timeout", type=click.FloatRange(0.1), default=5.0, show_default=True,
              help="Seconds to wait for a database connection before answering 503.")
@click.option("--graceful-timeout", type=click.FloatRange(0), default=30.0, show_default=True,
              help="Seconds calls in flight may take to finish on shutdown.")
@click.option("--max-clients", type=click.IntRange(1), default=1000, show_default=True,
              help="Open HTTP connections and requests at once; beyond them uvicorn answers 503.")
@click.option("--tls-cert", type=click.Path(exists=True, dir_okay=False), help="TLS certificate (PEM).")
@click.option("--tls-key", type=click.Path(exists=True, dir_okay=False), help="TLS private key (PEM).")
@click.option("--no-access-log", is_flag=True, help="No JSON access log lines on stderr.")
@click.pass_obj
def serve(obj: Ctx, host: str, port: int | None, workers: int, max_connections: int, agent_connections: int,
          rate: float, burst: int, auth_failures_per_minute: int, max_body_bytes: int, body_timeout: float, request_timeout: float,
          pool_timeout: float, graceful_timeout: float, max_clients: int, tls_cert: str | None, tls_key: str | None, no_access_log: bool) -> None:
    """Serve the agent tools over HTTP to agents holding a token: MCP at /mcp, JSON at /v1/tools/<tool>.

    Uses the admin DSN (--dsn / $DBAGENT_DSN, a superuser) or the embedded server. Each call acts
    as the token's agent role, as one transaction on a pooled connection opened as that role.
    /openapi.json describes the JSON API; /healthz and /readyz are for load balancers. Access
    logs (JSON lines, no tokens, no SQL) go to stderr. SIGTERM lets calls in flight finish.

    \b
    Example:
      dbagent serve --port 8780
      dbagent token create acme --json          # {"token": "dbat_…", ...}
      curl -s -H "Authorization: Bearer $TOKEN" -H 'content-type: application/json' \\
           -d '{"base_id": "acme", "sql": "select 1"}' http://127.0.0.1:8780/v1/tools/execute_sql
    """
    from dbagent import extras

    with db_errors(obj.as_json):
        extras.require("serve", "serve")
        if (tls_cert is None) != (tls_key is None):
            raise CliError("--tls-cert and --tls-key go together", hint="Give both, or neither (plain HTTP).")
        from dbagent.serve.app import PreflightError, preflight, run
        from dbagent.serve.config import DEFAULT_PORT, ServeConfig

        cfg = ServeConfig(
            dsn=obj.dsn(), host=host, port=port or DEFAULT_PORT, workers=workers,
            max_connections=max_connections, agent_connections=min(agent_connections, max_connections),
            rate=rate, burst=burst, auth_failures_per_minute=auth_failures_per_minute, max_body_bytes=max_body_bytes, body_timeout=body_timeout,
            request_timeout=request_timeout, pool_timeout=pool_timeout, graceful_timeout=graceful_timeout, max_clients=max_clients, tls_cert=tls_cert,
            tls_key=tls_key, access_log=not no_access_log,
        )
        try:
            preflight(cfg)
        except PreflightError as e:
            raise CliError(str(e), hint=e.hint) from e
        scheme = "https" if tls_cert else "http"
        say(f"dbagent serve: MCP at {scheme}://{host}:{cfg.port}/mcp, JSON API at {scheme}://{host}:{cfg.port}/v1/tools "
            f"({workers} worker{'s' if workers > 1 else ''}, {cfg.max_connections} connections)")
        run(cfg)


def register(cli: click.Group) -> None:
    """Add `serve` and `token` to the dbagent command group."""
    cli.add_command(serve)
    cli.add_command(token)
