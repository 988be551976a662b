"""The session wall's benchmarks still run (issue 12): each in its --quick mode, as a real process.

No timing is judged: the hostile soak's functional checks (no attack works, no honest call fails,
the drops and the upgrade complete, the audit keeps every call) are, since they hold at any speed.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"

pytestmark = pytest.mark.slow


def run(script: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(BENCH / script), "--quick", "--json", *args],
                          check=False, capture_output=True, text=True, timeout=900)


def test_hostile_soak_quick():
    out = run("hostile_soak_bench.py")
    r = json.loads(out.stdout)
    functional = {k: v for k, v in r["checks"].items() if "p99" not in k}
    assert all(functional.values()), (functional, out.stderr[-3000:])
    attacks = r["hostile"]["attacks"]
    for attack in ("default privileges to another tenant's role", "create a large object",
                   "take dbagent's old advisory lock keys", "read other tenants' metadata",
                   "tool call in a transaction block, then idle", "rolled-back pipeline hiding a call",
                   "fill the quota with rows", "open more connections than the limit"):
        assert attacks.get(attack) and not any("BREACH" in k for k in attacks[attack]), attack
    assert r["hostile"]["upgrade"]["migrations_applied"] == ["0039.soak-upgrade"]
    assert "honest agents' latency" in out.stderr


def test_session_wall_bench_quick():
    has_baseline = subprocess.run(["git", "-C", str(BENCH.parent), "cat-file", "-e", "85dcd98^{commit}"],
                                  capture_output=True).returncode == 0
    if not has_baseline:
        pytest.skip("the baseline commit is not in this checkout's history")
    out = run("session_wall_bench.py")
    assert out.returncode == 0, out.stderr[-3000:]
    r = json.loads(out.stdout)
    assert set(r["cases"]) == {"select_by_pk", "insert_one_row", "get_project", "get_schema"}
    for c in r["cases"].values():
        assert c["baseline_p50"] > 0 and c["wall_p50"] > 0
