"""A real `dbagent serve` process on a free port, for the HTTP tests (tests/cli/test_serve*.py)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx2


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`python -m dbagent serve ...` with its stderr (the access log) in a file."""

    def __init__(self, dsn: str, *args: str, scheme: str = "http", env: dict[str, str] | None = None) -> None:
        self.port = free_port()
        self.url = f"{scheme}://127.0.0.1:{self.port}"
        self.log = Path(tempfile.mkstemp(prefix="dbagent-serve-", suffix=".log")[1])
        self._log = self.log.open("w")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "dbagent", "serve", "--dsn", dsn, "--port", str(self.port), *args],
            stdout=subprocess.DEVNULL, stderr=self._log, env={**os.environ, **(env or {})},
        )

    def wait_ready(self, timeout: float = 90.0, **client: Any) -> Server:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"dbagent serve exited {self.proc.returncode}: {self.log.read_text()}")
            try:
                if httpx2.get(self.url + "/readyz", timeout=2, **client).status_code == 200:
                    return self
            except httpx2.HTTPError:
                pass
            time.sleep(0.2)
        raise RuntimeError("dbagent serve did not get ready: " + self.log.read_text())

    def client(self, token: str | None = None, **kw: Any) -> httpx2.Client:
        headers = {"authorization": f"Bearer {token}"} if token else {}
        return httpx2.Client(base_url=self.url, headers=headers, timeout=60, **kw)

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 60) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._log.close()
        return self.proc.returncode

    def close(self) -> None:
        self.stop()
        self.log.unlink(missing_ok=True)
