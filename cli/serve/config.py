"""The server's settings: addresses, limits and timeouts (``dbagent serve --help`` shows them)."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from typing import Any

DEFAULT_PORT = 8780


@dataclass(frozen=True)
class ServeConfig:
    dsn: str
    host: str = "127.0.0.1"
    port: int = DEFAULT_PORT
    workers: int = 1
    # database connections for agents' calls, in total (shared out among the workers) and per
    # agent; an agent's connections are also the most calls it may have in flight
    max_connections: int = 64
    agent_connections: int = 4
    # calls per second per agent (a token bucket: RATE refilled per second, BURST at once)
    rate: float = 20.0
    burst: int = 40
    # failed authentications per minute per client address before it gets 429 without a lookup
    auth_failures_per_minute: int = 60
    max_body_bytes: int = 4 * 1024 * 1024
    body_timeout: float = 10.0  # seconds to receive a whole request body
    request_timeout: float = 120.0  # seconds for one call; then it is cancelled (504)
    pool_timeout: float = 5.0  # seconds to wait for a connection before 503
    idle_agent_seconds: float = 300.0  # an agent's pool is closed after this long unused
    graceful_timeout: float = 30.0  # seconds calls in flight may take to finish on shutdown
    max_clients: int = 1000  # open HTTP connections and requests (uvicorn's limit_concurrency)
    tls_cert: str | None = None
    tls_key: str | None = None
    access_log: bool = True

    def per_worker(self) -> ServeConfig:
        """The connection budget of one worker process."""
        if self.workers <= 1:
            return self
        return ServeConfig(**{**asdict(self), "max_connections": max(self.agent_connections,
                                                                     self.max_connections // self.workers)})

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str) -> ServeConfig:
        data: dict[str, Any] = json.loads(text)
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})
