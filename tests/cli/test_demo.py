"""README command 1: the guided tour runs end to end on a fresh embedded server, in under a minute."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def test_demo_tour():
    home = Path(tempfile.mkdtemp(prefix="dbagent-demo-", dir="/tmp"))
    os.chmod(home, 0o755)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if k != "DBAGENT_DSN"}
    env["COLUMNS"] = "120"
    try:
        t = time.monotonic()
        r = subprocess.run([sys.executable, "-m", "dbagent", "--home", str(home), "demo", "--port", str(port)],
                           capture_output=True, text=True, env=env, timeout=300)
        elapsed = time.monotonic() - t
        assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
        out = r.stdout
        for marker in ["1. Start the embedded PostgreSQL", "4. The data model", "dbagent's rules",
                       "5. A CSV", "imported 6 rows into tasks", "6. get_schema", "7. advise", "no findings",
                       "42501 access denied to schema \"information_schema\"", "hint: Use agent.get_schema()",
                       "as alice: sees 2 task(s)", "as bob: sees 1 task(s)", "as the agent (the base's owner): 9 tasks"]:
            assert marker in out, marker
        assert "Traceback" not in out + r.stderr
        assert elapsed < 120  # the tour itself takes seconds; the first start initializes a cluster
        # a second run reuses the server and recreates the demo base
        r2 = subprocess.run([sys.executable, "-m", "dbagent", "--home", str(home), "demo"],
                            capture_output=True, text=True, env=env, timeout=300)
        assert r2.returncode == 0 and "as bob: sees 1 task(s)" in r2.stdout
    finally:
        subprocess.run([sys.executable, "-m", "dbagent", "--home", str(home), "down"], capture_output=True, env=env)
        shutil.rmtree(home, ignore_errors=True)
