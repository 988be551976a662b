"""The legit corpus: every script passes both walls and runs, all statements in one call."""

from __future__ import annotations

import psycopg
import pytest
from corpus import LEGIT

from dbtest import execute_sql


@pytest.mark.parametrize("script", LEGIT, ids=[s.id for s in LEGIT])
def test_legit_script_runs(mdb, script):
    mdb.one("select agent.admin_drop_base('acme')")
    acme = mdb.create_base("acme")
    conn = mdb.agent(acme)
    try:
        result = execute_sql(conn, acme, script.sql)
    except psycopg.Error as e:
        pytest.fail(f"{script.id}: [{e.sqlstate}] {e.diag.message_primary}\n{e.diag.message_detail}\n{e.diag.message_hint}")
    finally:
        conn.close()
    assert result["ok"] is True
    assert len(result["statements"]) >= 1
