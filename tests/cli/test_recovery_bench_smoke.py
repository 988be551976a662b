"""bench/recovery_bench.py still runs (its tiny --quick mode, a real process): shape only, no timing judged."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"

pytestmark = pytest.mark.slow


def test_recovery_bench_quick_json():
    out = subprocess.run([sys.executable, str(BENCH / "recovery_bench.py"), "--quick", "--json"],
                         check=False, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-3000:]
    r = json.loads(out.stdout)
    assert r["rows"] == 5000
    assert r["drop"]["recycle_bytes_after"] == r["drop"]["table_bytes"] > 0  # moved whole, not copied
    assert {"recoverable_drop_s", "plain_drop_s", "ratio", "impact_call_s", "restore_s"} <= set(r["drop"])
    assert r["truncate"]["kept_bytes"] > 0 and r["clone"]["clone_bytes"] > 0
    assert r["small_update"]["runs"] == 20
    home = next(line for line in out.stderr.splitlines() if line.startswith("# server:")).split(" under ")[1].split(" ")[0]
    assert not Path(home).exists()
