"""The server assembled: Starlette routes behind the gate, the MCP session manager, uvicorn.

``create_app(cfg)`` returns the ASGI app (the gate around a Starlette app with ``/mcp``, the
JSON API and the health routes). Its lifespan opens the server's own pool, checks the database
(a superuser DSN; dbagent installed with the token registry) and reads the catalogue for
``/openapi.json``; on shutdown, after uvicorn has let the calls in flight finish (up to
``graceful_timeout``), it closes every pool. ``run(cfg)`` serves it with uvicorn: one process,
or ``workers`` processes sharing the socket (each with its share of the connection budget).
"""

from __future__ import annotations

import logging
import os
import signal
import sys
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from types import SimpleNamespace
from typing import Any

import psycopg
from mcp.server.streamable_http_manager import StreamableHTTPASGIApp
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import ASGIApp

from dbagent.serve import http_api, mcp_app
from dbagent.serve.config import ServeConfig
from dbagent.serve.dispatch import Dispatcher
from dbagent.serve.errors import report
from dbagent.serve.gate import Gate
from dbagent.serve.pools import AgentPools
from dbagent.tools import aload_tools

log = logging.getLogger("dbagent.serve")
CONFIG_ENV = "DBAGENT_SERVE_CONFIG"

# Set when the process is told to stop: /readyz answers 503 from then on.
DRAINING = threading.Event()

PREFLIGHT_SQL = """
select (select rolsuper from pg_catalog.pg_roles where rolname = session_user),
       pg_catalog.to_regprocedure('agent._token_verify(bytea)') is not null,
       pg_catalog.current_setting('max_connections')::int
         - pg_catalog.current_setting('superuser_reserved_connections')::int
"""


class PreflightError(RuntimeError):
    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.hint = hint


def preflight_check(row: tuple[Any, ...], cfg: ServeConfig) -> None:
    """What the server needs of the database, each failure said in one line with what to do."""
    is_super, has_tokens, slots = row
    if not is_super:
        raise PreflightError(
            "dbagent serve needs a superuser DSN: it opens each agent's connections as that agent "
            "with SET SESSION AUTHORIZATION, which only a superuser may do",
            "Pass --dsn with a superuser (the embedded server's admin URI is one); agents get tokens, "
            "never this DSN.")
    if not has_tokens:
        raise PreflightError("this database has no dbagent token registry (dbagent is not installed, or older)",
                             "Run `dbagent install` (or `dbagent up`) with this version first.")
    if cfg.max_connections + 4 * max(cfg.workers, 1) > slots:
        raise PreflightError(
            f"--max-connections {cfg.max_connections} (plus the server's own) does not fit the database's "
            f"{slots} connection slots",
            "Lower --max-connections, or raise max_connections on the database server.")


def preflight(cfg: ServeConfig) -> None:
    """preflight_check over a plain connection (the CLI runs it before starting uvicorn)."""
    try:
        with psycopg.connect(cfg.dsn, autocommit=True, connect_timeout=10) as conn:
            row = conn.execute(PREFLIGHT_SQL).fetchone()
    except psycopg.OperationalError as e:
        from dbagent.db import scrub

        raise PreflightError("cannot connect to the database: " + scrub(str(e)).strip().splitlines()[0],
                             "Check --dsn / DBAGENT_DSN, or start the embedded server with `dbagent up`.") from e
    preflight_check(row, cfg)


def create_app(cfg: ServeConfig) -> ASGIApp:
    pools = AgentPools(cfg.per_worker())
    dispatcher = Dispatcher(pools)
    state = SimpleNamespace(openapi={}, catalogue={}, draining=DRAINING)
    manager = mcp_app.session_manager(mcp_app.build(dispatcher, lambda: state.catalogue), cfg.host,
                                      cfg.max_body_bytes)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await pools.open()
        try:
            async with pools.admin() as conn:
                cur = await conn.execute(PREFLIGHT_SQL)
                preflight_check(await cur.fetchone(), cfg)
                state.catalogue = await aload_tools(conn)
                state.openapi = http_api.openapi_document(state.catalogue)
            async with manager.run():
                log.info("serving on %s:%d", cfg.host, cfg.port)
                yield
        finally:
            await pools.close()
            log.info("stopped; every pool is closed")

    async def not_found(request: Request, exc: Exception) -> Response:
        return http_api.error_response(404, report(
            "42883", f"there is nothing at {request.url.path}",
            hint="POST /v1/tools/<tool>; GET /v1/tools, /openapi.json, /healthz, /readyz; MCP at /mcp."))

    async def method_not_allowed(request: Request, exc: Exception) -> Response:
        return http_api.error_response(405, report("0A000", f"{request.method} is not allowed here",
                                                   hint="See /openapi.json."))

    routes = [
        # POST only: the server is stateless with JSON answers, so it offers no stream to GET (which
        # would hold a connection open) and no session to DELETE; MCP clients accept a 405 for both
        Route("/mcp", endpoint=StreamableHTTPASGIApp(manager), methods=["POST"]),
        *http_api.routes(dispatcher, state),
    ]
    app = Starlette(routes=routes, lifespan=lifespan,
                    exception_handlers={404: not_found, 405: method_not_allowed})
    return Gate(app, cfg, pools)


def app_from_env() -> ASGIApp:
    """The app of one worker process (``--workers N``): the settings come in the environment."""
    cfg = ServeConfig.from_json(os.environ[CONFIG_ENV])
    setup_logging(cfg)
    return create_app(cfg)


def setup_logging(cfg: ServeConfig) -> None:
    for name, fmt in (("dbagent.serve.access", "%(message)s"), ("dbagent.serve", "dbagent serve: %(message)s")):
        logger = logging.getLogger(name)
        if not logger.handlers:
            handler = logging.StreamHandler(sys.stderr)
            handler.setFormatter(logging.Formatter(fmt))
            logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False
    if not cfg.access_log:
        logging.getLogger("dbagent.serve.access").setLevel(logging.WARNING)


def _uvicorn_config(cfg: ServeConfig, app: Any, **kw: Any) -> Any:
    import uvicorn

    return uvicorn.Config(
        app, host=cfg.host, port=cfg.port, log_level="warning", access_log=False, lifespan="on",
        timeout_graceful_shutdown=int(cfg.graceful_timeout), limit_concurrency=cfg.max_clients,
        timeout_keep_alive=5, proxy_headers=False, server_header=False,
        ssl_certfile=cfg.tls_cert, ssl_keyfile=cfg.tls_key, **kw,
    )


def run(cfg: ServeConfig) -> None:
    """Serve until SIGTERM/SIGINT; calls in flight finish first (up to graceful_timeout)."""
    import uvicorn

    setup_logging(cfg)
    # uvicorn re-raises the stopping signal once it has shut down gracefully: exit 0 then.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    if cfg.workers > 1:
        from uvicorn.supervisors import Multiprocess

        os.environ[CONFIG_ENV] = cfg.to_json()
        config = _uvicorn_config(cfg, "dbagent.serve.app:app_from_env", factory=True, workers=cfg.workers)
        Multiprocess(config, sockets=[config.bind_socket()]).run()
        return

    class DrainingServer(uvicorn.Server):
        def handle_exit(self, sig: int, frame: Any) -> None:
            DRAINING.set()
            super().handle_exit(sig, frame)

    server = DrainingServer(_uvicorn_config(cfg, create_app(cfg)))
    server.run()
    if not server.started:
        sys.exit(2)
