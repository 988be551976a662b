"""`dbagent serve` under pressure: rate, concurrency and connection limits, bodies, timeouts,
failed-token floods, TLS, and a graceful shutdown, each against a real server process."""

from __future__ import annotations

import json
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import threading
import time

import httpx2
import pytest

from dbtest import TestDb
from serve_harness import Server

SLOW = "select count(*) from generate_series(1, 400000000)"  # far longer than any timeout below


def new_base(db: TestDb, prefix: str):
    base = db.create_base(f"{prefix}_{secrets.token_hex(3)}")
    return base, db.one("select agent.admin_token_create(%s)", [base.name])["token"]


@pytest.fixture(scope="module")
def tight(mdb: TestDb):
    s = Server(mdb.admin_dsn, "--rate", "2", "--burst", "3", "--agent-connections", "1",
               "--max-connections", "1", "--max-body-bytes", "2048", "--body-timeout", "1",
               "--request-timeout", "1.5", "--pool-timeout", "2").wait_ready()
    yield s
    s.close()


def call(c: httpx2.Client, base, sql: str = "select 1") -> httpx2.Response:
    return c.post("/v1/tools/execute_sql", json={"base_id": base.name, "sql": sql})


def in_thread(fn):
    out: dict = {}
    t = threading.Thread(target=lambda: out.setdefault("r", fn()))
    t.start()
    return t, out


def test_rate_limit(mdb, tight):
    base, tok = new_base(mdb, "rate")
    with tight.client(tok) as c:
        statuses = [c.post("/v1/tools/get_project", json={}).status_code for _ in range(6)]
        assert statuses[:3] == [200, 200, 200] and 429 in statuses[3:], statuses
        r = c.post("/v1/tools/get_project", json={})
        if r.status_code == 429:
            assert int(r.headers["retry-after"]) >= 1 and r.json()["error"]["sqlstate"] == "53400"
        time.sleep(1.2)
        assert c.post("/v1/tools/get_project", json={}).status_code == 200  # refilled


def test_timeout_concurrency_and_connection_budget(mdb, tight):
    a, tok_a = new_base(mdb, "slow")
    b, tok_b = new_base(mdb, "other")
    with tight.client(tok_a) as ca, tight.client(tok_b) as cb:
        assert call(ca, a).status_code == 200  # a's pool takes the one connection
        t, out = in_thread(lambda: call(ca, a, SLOW))
        time.sleep(0.5)
        r = call(ca, a)  # a second call of the same agent while one is in flight
        assert r.status_code == 429 and "in flight" in r.json()["error"]["message"]
        r = call(cb, b)  # another agent: no connection left for its pool
        assert r.status_code == 503 and r.headers["retry-after"]
        t.join(60)
        slow = out["r"]
        assert slow.status_code == 504 and slow.json()["error"]["sqlstate"] == "57014", slow.text
        time.sleep(0.6)  # the rate limit: 2 a second
        assert call(ca, a).status_code == 200  # the cancelled call left a usable connection
        assert call(cb, b).status_code == 200  # a's idle pool made room for b's
    # the cancelled statement does not run on in the database
    assert mdb.one("select count(*) from pg_stat_activity where query like %s and state = 'active'",
                   ["%generate_series(1, 400000000)%"]) == 0


def test_bodies(mdb, tight):
    base, tok = new_base(mdb, "body")
    big = {"base_id": base.name, "sql": "select 1 -- " + "x" * 4000}
    with tight.client(tok) as c:
        r = c.post("/v1/tools/execute_sql", json=big)
        assert r.status_code == 413 and "chunks" in r.json()["error"]["hint"]

        def chunks():
            yield b'{"base_id": "' + base.name.encode() + b'", "sql": "select 1 -- '
            for _ in range(10):
                yield b"y" * 500
            yield b'"}'

        r = c.post("/v1/tools/execute_sql", content=chunks())  # no Content-Length: counted as it comes
        assert r.status_code == 413
        r = c.post("/mcp", json={"jsonrpc": "2.0", "id": 1, "method": "tools/list", "params": {"x": "z" * 4000}})
        assert r.status_code == 413
    # a body that trickles: 408 after the body timeout, and the server answers others meanwhile
    with socket.create_connection(("127.0.0.1", tight.port)) as s:
        s.sendall(b"POST /v1/tools/get_project HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                  + tok.encode() + b"\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{")
        start = time.monotonic()
        s.settimeout(10)
        data = s.recv(4096)
        assert data.startswith(b"HTTP/1.1 408"), data[:200]
        assert time.monotonic() - start < 5


def test_failed_token_flood_tls_and_graceful_shutdown(mdb, tmp_path):
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("no openssl to make a test certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run([openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
                    "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    ctx = ssl.create_default_context(cafile=str(cert))
    base, tok = new_base(mdb, "tls")
    s = Server(mdb.admin_dsn, "--tls-cert", str(cert), "--tls-key", str(key), "--auth-failures-per-minute", "5",
               "--rate", "1000", "--burst", "1000", scheme="https")
    try:
        s.wait_ready(verify=ctx)
        with s.client(tok, verify=ctx) as c:
            assert c.post("/v1/tools/get_project", json={}).json()["result"]["bases"][0]["name"] == base.name
            # the graceful shutdown: a call in flight when SIGTERM comes finishes, then the process exits 0
            t, out = in_thread(lambda: call(c, base, "select count(*) from generate_series(1, 8000000)"))
            time.sleep(0.7)
            stopped_at = time.time()
            s.proc.send_signal(signal.SIGTERM)
            t.join(120)
            assert out["r"].status_code == 200, out["r"].text
            rid = out["r"].headers["x-request-id"]
            assert out["r"].json()["result"]["statements"][0]["rows"] == [[8000000]]
        assert s.proc.wait(60) == 0
        log = s.log.read_text()
        assert "every pool is closed" in log
        [line] = [json.loads(x) for x in log.splitlines() if rid in x]
        assert line["ts"] > stopped_at  # it was still running when the signal came
    finally:
        s.close()
    s = Server(mdb.admin_dsn, "--tls-cert", str(cert), "--tls-key", str(key), "--auth-failures-per-minute", "5",
               scheme="https")
    try:
        s.wait_ready(verify=ctx)
        known_base, known = new_base(mdb, "known")
        with s.client(known, verify=ctx) as c:  # an agent whose token passed before the flood
            assert c.post("/v1/tools/get_project", json={}).status_code == 200
        with pytest.raises(httpx2.HTTPError):  # plain HTTP is not served
            httpx2.get(f"http://127.0.0.1:{s.port}/healthz", timeout=5)
        statuses = []
        for i in range(8):
            with s.client(f"dbat_{secrets.token_hex(32)}", verify=ctx) as c:
                statuses.append(c.post("/v1/tools/get_project", json={}).status_code)
        assert statuses[:5] == [401] * 5 and statuses[5:] == [429] * 3, statuses
        with s.client(tok, verify=ctx) as c:  # the address is blocked for a while, for new tokens
            assert c.post("/v1/tools/get_project", json={}).status_code == 429
        with s.client(known, verify=ctx) as c:  # ... but not for an agent whose token passed lately
            assert c.post("/v1/tools/get_project", json={}).status_code == 200
        mdb.one("select agent.admin_token_revoke(agent => %s)", [known_base.name])
        with s.client(known, verify=ctx) as c:  # still looked up every time: revoked is revoked
            assert c.post("/v1/tools/get_project", json={}).status_code == 401
    finally:
        s.close()


def test_two_workers_share_the_port(mdb):
    base, tok = new_base(mdb, "workers")
    s = Server(mdb.admin_dsn, "--workers", "2", "--max-connections", "8", "--rate", "1000", "--burst", "1000")
    try:
        s.wait_ready()
        for _ in range(6):  # new connections each time: the kernel spreads them over the workers
            with s.client(tok) as c:
                r = call(c, base, "select session_user")
                assert r.status_code == 200 and r.json()["result"]["statements"][0]["rows"] == [[base.agent_role]]
        assert s.stop() == 0
        assert s.log.read_text().count("every pool is closed") == 2
    finally:
        s.close()
