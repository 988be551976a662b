"""A small generated set of polluted CSV files (bench/csv_corpus_bench.py's generator): every
file loads exactly as its clean copy, or is refused with a clear error; none loads different."""

from __future__ import annotations

import sys
from pathlib import Path

from dbtest import execute_sql_confirmed

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

import csv_corpus_bench as corpus  # noqa: E402


def test_polluted_files_load_exactly_or_are_refused(db, tmp_path):
    n = corpus.generate(tmp_path, seed=14, count=48)
    assert n == 48
    acme = db.create_base("acme")
    agent = db.agent(acme)

    def schema_exec(sql):
        return execute_sql_confirmed(agent, acme, sql)["statements"][-1].get("rows")

    files = sorted(p for p in tmp_path.iterdir() if p.suffix == ".csv")
    out = corpus.run_corpus(files, tmp_path / "clean", agent, acme.base_id, schema_exec)
    wrong = [r for r in out["results"] if r["outcome"] == "loaded-but-different"]
    assert wrong == [], wrong
    assert out["outcomes"].get("exact", 0) >= 0.75 * n, out["outcomes"]
    for r in out["results"]:
        if r["outcome"] == "refused":  # a refusal is a clear error of dbagent's, never a crash
            assert r["reason"][:5] in ("22P04", "22P05", "22023", "22021"), r
