"""bench/serve_bench.py still runs, in its tiny --quick mode, as a real process (no timing judged)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"

pytestmark = pytest.mark.slow


def test_serve_bench_quick():
    out = subprocess.run([sys.executable, str(BENCH / "serve_bench.py"), "--quick", "--json"],
                         check=False, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-3000:]
    r = json.loads(out.stdout)
    for case in ("select_1", "insert_one_row"):
        assert set(r["latency"][case]) == {"direct", "json", "mcp"}
        assert r["latency"][case]["json"]["p50_ms"] > 0 and "added_p50_ms" in r["latency"][case]["mcp"]
    assert set(r["latency"]["server_cpu_ms_per_select_1"]) == {"json", "mcp"}
    assert r["load"]["calls"] > 0 and r["load"]["failed"] == 0, r["load"]["failures"]
    assert r["hostile"]["honest"]["failed"] == 0, r["hostile"]["honest"]["failures"]
    attacks = r["hostile"]["attacks"]
    assert set(attacks["huge_body_declared"]["status"]) == {"413"}
    assert set(attacks["dropped_agent_token"]["status"]) == {"401"}
    assert set(attacks["bad_tokens"]["status"]) <= {"401", "429"} and attacks["bad_tokens"]["n"] == 30
    assert "429" in attacks["rate_flood"]["status"]
    assert r["serve_exit"] == 0
    assert len(r["summary"]) >= 10 and all({"metric", "measured", "target", "met"} <= set(x) for x in r["summary"])
    m = re.search(r"^# server: .* under (\S+) ", out.stderr, re.MULTILINE)
    assert m and not Path(m.group(1)).exists()
