"""Installable as a package: where install finds its SQL, and the one-line errors of missing extras.

(The wheel itself is built and run from a fresh virtualenv outside the checkout by .ci/wheel-check.)
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from dbagent.install import SOURCE_ROOT, source_root

REPO = Path(__file__).resolve().parents[2]


def test_source_root_checkout_then_wheel_layout(tmp_path):
    assert SOURCE_ROOT == REPO  # the editable install reads the checkout
    site = tmp_path / "site-packages"
    pkg = site / "dbagent"
    res = pkg / "_resources"
    for d in ("sql/functions", "migrations", "plpy/dbagent_plpy"):
        (res / d).mkdir(parents=True)
    assert source_root(pkg) == res  # a wheel: its own copy, whatever sits beside site-packages
    (site / "sql").mkdir()
    assert source_root(pkg) == res  # a stray sql/ is not a checkout
    for d in ("migrations", "plpy/dbagent_plpy"):
        (site / d).mkdir(parents=True)
    assert source_root(pkg) == site


def test_wheel_config_carries_the_resources():
    import tomllib

    cfg = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]
    dirs = cfg["package-dir"]
    assert dirs["dbagent._resources.sql"] == "sql" and dirs["dbagent._resources.migrations"] == "migrations"
    assert dirs["dbagent._resources.plpy.dbagent_plpy"] == "plpy/dbagent_plpy"
    assert {"dbagent.tools", "dbagent.serve"} <= set(cfg["packages"])
    assert "**/*.sql" in cfg["package-data"]["dbagent._resources.sql"]
    assert "demo_data/*.csv" in cfg["package-data"]["dbagent"]
    extras = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    assert any(x.startswith("psycopg-pool") for x in extras["serve"])


BLOCK = """
import sys
class Blocker:
    def find_spec(self, name, path=None, target=None):
        if name.split('.')[0] in {blocked!r}:
            raise ModuleNotFoundError(name)
sys.meta_path.insert(0, Blocker())
sys.argv = ['dbagent', *{args!r}]
from dbagent.main import main
main()
"""


@pytest.mark.parametrize(("blocked", "args", "extra"), [
    ({"openai", "anthropic"}, ["chat", "acme", "a task"], "llm"),
    ({"openai"}, ["chat", "acme", "a task", "--provider", "openai", "--model", "m"], "llm"),
    ({"mcp", "anyio"}, ["mcp", "--base", "acme"], "mcp"),
    ({"starlette", "psycopg_pool"}, ["serve"], "serve"),
])
def test_a_missing_extra_is_one_line_and_exit_2(blocked, args, extra):
    r = subprocess.run([sys.executable, "-c", BLOCK.format(blocked=sorted(blocked), args=args)],
                       capture_output=True, text=True, timeout=60,
                       env={"DBAGENT_DSN": "postgresql://nobody@127.0.0.1:1/none", "PATH": "/usr/bin:/bin"})
    assert r.returncode == 2, r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and f"pip install 'dbagent[{extra}]'" in lines[0], r.stderr
    assert "Traceback" not in r.stderr
