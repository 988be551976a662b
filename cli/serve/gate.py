"""The gate every request passes (pure ASGI): body limits, the token, the agent's limits, the access log.

In order, each refusal fast and without touching an agent's connections:

1. a declared body over ``max_body_bytes``: 413 (before anything else);
2. ``/mcp`` and ``/v1/...`` need ``Authorization: Bearer <token>``: a client address with too
   many failed tokens in the last minute gets 429 without a lookup (unless its token passed
   lately: other agents behind the same address keep working); a missing or malformed
   token 401 without a lookup; otherwise the token's hash is looked up (``agent._token_verify``,
   every request): unknown, revoked, expired or a dropped agent's: 401;
3. the agent's rate (429, Retry-After) and its calls in flight (429);
4. the body is read whole, within ``max_body_bytes`` (413) and ``body_timeout`` (408), and
   handed on; the app sees the agent as ``scope["dbagent.principal"]`` (and ``scope["user"]``
   for the MCP SDK, which binds sessions to it).

One JSON line per request goes to the ``dbagent.serve.access`` logger: time, request id,
client, method, path, status, milliseconds, bytes, agent role and token_id, tool, SQLSTATE and
rule. Never a token, a header, a body or SQL.
"""

from __future__ import annotations

import asyncio
import json
import logging
import secrets
import time
from collections import OrderedDict, defaultdict
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from dbagent.output import dumps
from dbagent.serve.config import ServeConfig
from dbagent.serve.errors import report, too_many, unauthorized
from dbagent.serve.limits import FailureLimiter, RateLimiter
from dbagent.serve.pools import AgentPools, Unavailable
from dbagent.serve.tokens import VERIFY_SQL, Principal, bearer, digest, well_formed

access_log = logging.getLogger("dbagent.serve.access")

PROTECTED = ("/mcp", "/v1/")
KNOWN_TOKENS = 10_000


class BodyError(Exception):
    def __init__(self, status: int, message: str, hint: str) -> None:
        super().__init__(message)
        self.status = status
        self.report = report("54000", message, hint=hint)


async def send_json(send: Send, status: int, body: Any, headers: list[tuple[bytes, bytes]] = ()) -> None:
    data = dumps(body, indent=None).encode()
    await send({"type": "http.response.start", "status": status, "headers": [
        (b"content-type", b"application/json"), (b"content-length", str(len(data)).encode()),
        (b"cache-control", b"no-store"), *headers]})
    await send({"type": "http.response.body", "body": data})


class Gate:
    def __init__(self, app: ASGIApp, cfg: ServeConfig, pools: AgentPools) -> None:
        self.app = app
        self.cfg = cfg
        self.pools = pools
        self.rate = RateLimiter(cfg.rate, cfg.burst)
        self.failures = FailureLimiter(cfg.auth_failures_per_minute)
        self.in_flight: dict[str, int] = defaultdict(int)
        self.known: OrderedDict[bytes, None] = OrderedDict()  # digests of tokens that passed lately

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        entry: dict[str, Any] = {
            "request_id": secrets.token_hex(8),
            "client": (scope.get("client") or ("?", 0))[0],
            "method": scope["method"],
            "path": scope["path"],
            "status": None,
            "bytes_in": 0,
            "bytes_out": 0,
        }
        scope["dbagent.log"] = entry

        async def logged_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                entry["status"] = message["status"]
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (b"x-request-id", entry["request_id"].encode())]
            elif message["type"] == "http.response.body":
                entry["bytes_out"] += len(message.get("body", b""))
            await send(message)

        try:
            await self._handle(scope, receive, logged_send, entry)
        finally:
            if self.cfg.access_log:
                entry["ms"] = round((time.perf_counter() - start) * 1000, 2)
                access_log.info(json.dumps({"ts": round(time.time(), 3), **entry}, default=str))

    async def _handle(self, scope: Scope, receive: Receive, send: Send, entry: dict[str, Any]) -> None:
        path: str = scope["path"]
        if not path.startswith(PROTECTED) and path != "/mcp":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        if length is not None and length.isdigit() and int(length) > self.cfg.max_body_bytes:
            await self._refuse(send, 413, self._too_large(), entry)
            return
        t = time.perf_counter()
        principal = await self._authenticate(headers, entry, send)
        entry["auth_ms"] = round((time.perf_counter() - t) * 1000, 3)
        if principal is None:
            return
        role = principal.role
        entry["agent"], entry["token_id"] = role, principal.token_id
        wait = self.rate.take(role)
        if wait:
            await self._refuse(send, 429, too_many(
                f"agent {role} is over its rate limit ({self.cfg.rate:g} calls/s, bursts of {self.cfg.burst})",
                f"Wait {max(wait, 0.1):.1f} s and call again."), entry, retry_after=wait)
            return
        if self.in_flight[role] >= self.cfg.agent_connections:
            await self._refuse(send, 429, too_many(
                f"agent {role} has {self.cfg.agent_connections} calls in flight already",
                "Wait for a call to finish before sending another."), entry, retry_after=1)
            return
        self.in_flight[role] += 1
        try:
            try:
                body = await self._read_body(receive, entry)
            except BodyError as e:
                await self._refuse(send, e.status, e.report, entry)
                return
            scope["dbagent.principal"] = principal
            if path == "/mcp":
                scope["user"] = _mcp_user(principal)
            await self.app(scope, _replay(body, receive), send)
        finally:
            self.in_flight[role] -= 1
            if not self.in_flight[role]:
                del self.in_flight[role]

    async def _authenticate(self, headers: dict[bytes, bytes], entry: dict[str, Any], send: Send) -> Principal | None:
        client = entry["client"]
        raw = headers.get(b"authorization")
        token = bearer(raw.decode("latin-1") if raw else None)
        hashed = digest(token) if token is not None and well_formed(token) else None
        # An address with too many failures is refused without a lookup, except for a token
        # that passed recently: agents behind the same address (a proxy, a NAT) keep working
        # while a flood of bad tokens from it is turned away. (It only spares the refusal:
        # every request's token is still looked up.)
        blocked = self.failures.blocked(client)
        if blocked and (hashed is None or hashed not in self.known):
            await self._refuse(send, 429, too_many(
                "too many failed authentications from this address",
                f"Wait {max(blocked, 1):.0f} s; then send a valid token."), entry, retry_after=blocked)
            return None
        if hashed is None:
            self.failures.failed(client)
            await self._refuse(send, 401, unauthorized(
                "no bearer token" if token is None else "the bearer token is not a dbagent token"),
                entry, www=True)
            return None
        try:
            async with self.pools.admin() as conn:
                cur = await conn.execute(VERIFY_SQL, [hashed], prepare=True)
                row = await cur.fetchone()
        except Unavailable as e:
            await self._refuse(send, 503, e.report, entry, retry_after=1)
            return None
        except Exception as e:  # noqa: BLE001 - the database is down: say so, never the token
            entry["error"] = type(e).__name__
            await self._refuse(send, 503, report("08006", "cannot check the token: the database is unavailable",
                                                 hint="Try again in a moment."), entry, retry_after=1)
            return None
        if row is None:
            self.failures.failed(client)
            self.known.pop(hashed, None)
            await self._refuse(send, 401, unauthorized(
                "the bearer token is unknown, revoked or expired, or its agent was dropped"), entry, www=True)
            return None
        self.known[hashed] = None
        self.known.move_to_end(hashed)
        if len(self.known) > KNOWN_TOKENS:
            self.known.popitem(last=False)
        return Principal(role=row[1], token_id=row[0], expires_at=row[2], role_oid=row[3])

    async def _read_body(self, receive: Receive, entry: dict[str, Any]) -> bytes:
        chunks: list[bytes] = []
        size = 0
        deadline = time.monotonic() + self.cfg.body_timeout
        while True:
            left = deadline - time.monotonic()
            try:
                message = await asyncio.wait_for(receive(), max(left, 0.001))
            except asyncio.TimeoutError:
                raise BodyError(408, f"the request body did not arrive within {self.cfg.body_timeout:g} s",
                                "Send the whole body at once.") from None
            if message["type"] == "http.disconnect":
                raise BodyError(400, "the client went away", "—")
            body = message.get("body", b"")
            size += len(body)
            entry["bytes_in"] = size
            if size > self.cfg.max_body_bytes:
                raise BodyError(413, *self._too_large_words())
            chunks.append(body)
            if not message.get("more_body", False):
                return b"".join(chunks)

    def _too_large_words(self) -> tuple[str, str]:
        return (f"the request body is over {self.cfg.max_body_bytes} bytes",
                "Send less per call; upload files in chunks with the CSV upload tools.")

    def _too_large(self) -> dict[str, Any]:
        return report("54000", *self._too_large_words())

    async def _refuse(self, send: Send, status: int, error: dict[str, Any], entry: dict[str, Any], *,
                      retry_after: float | None = None, www: bool = False) -> None:
        entry["sqlstate"] = error.get("sqlstate")
        headers: list[tuple[bytes, bytes]] = []
        if retry_after is not None:
            headers.append((b"retry-after", str(max(1, round(retry_after + 0.49))).encode()))
        if www:
            headers.append((b"www-authenticate", b'Bearer realm="dbagent", error="invalid_token"'))
        await send_json(send, status, {"error": error}, headers)


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


def _mcp_user(principal: Principal) -> Any:
    """The principal as the MCP SDK's authenticated user (it binds sessions to client_id/subject)."""
    from mcp.server.auth.middleware.bearer_auth import AuthenticatedUser
    from mcp.server.auth.provider import AccessToken

    expires = int(principal.expires_at.timestamp()) if principal.expires_at else None
    # the token field holds the token_id: the token itself is not kept anywhere in the server
    return AuthenticatedUser(AccessToken(token=principal.token_id, client_id=principal.role, scopes=[],
                                         expires_at=expires, subject=principal.token_id))
