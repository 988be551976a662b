"""Property tests of the walls (hypothesis): generated and mutated statements.

Properties, over statements built from SQL fragments and from mutations of the corpora:
never a crash (the call ends in a result or a PostgreSQL error, the session survives), never
an escape (the canary rows of another tenant and of auth never appear in any output, and
nothing outside the tenant changes).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import psycopg
import pytest
from corpus import ATTACKS, LEGIT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dbtest import as_owner, execute_sql

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "plpy" / "stubs"), str(ROOT / "plpy")]

from dbagent_plpy.guard import Catalog, Checker, GuardError  # noqa: E402
from dbagent_plpy.rules import ModelRules  # noqa: E402

CANARIES = ("GLOBEX-CANARY-7f3a", "AUTH-CANARY-91c2@example.com")

SCHEMAS = ["acme", "globex", "auth", "public", "pg_catalog", "information_schema", "agent", "agent_exec",
           "pg_temp", '"globex"', 'U&"\\0067lobex"', '"AUTH"', "acme"]
RELATIONS = ["canary", "users", "pg_authid", "tables", "base", "notes", "pg_class", "pg_roles", "t"]
FUNCTIONS = ["lower", "upper", "count", "now", "pg_read_file", "pg_sleep", "current_setting", "set_config",
             "to_regclass", "query_to_xml", "uid", "jwt", "nextval", "dblink", "lo_import", "format",
             "pg_ls_dir", "version", "row_to_json", "pg_get_viewdef", "length"]
TYPES = ["int", "text", "regclass", "uuid", "jsonb", "globex.t", "pg_catalog.regrole", "acme.t"]

name = st.sampled_from(RELATIONS)
qualified = st.one_of(name, st.builds(lambda s, n: f"{s}.{n}", st.sampled_from(SCHEMAS), name))
literal = st.sampled_from(["1", "'x'", "'globex.canary'", "'GLOBEX-CANARY'", "null", "'/etc/passwd'",
                           "'request.jwt.claims'", "$$auth.users$$", "$tag$ drop table t $tag$"])
call = st.builds(lambda s, f, a: f"{s}{f}({a})",
                 st.sampled_from(["", "pg_catalog.", "auth.", "acme.", "public.", "globex."]),
                 st.sampled_from(FUNCTIONS), literal)
expr = st.recursive(
    st.one_of(literal, call, st.builds(lambda t: f"{t}.x", name), st.builds(lambda x, t: f"{x}::{t}", literal, st.sampled_from(TYPES))),
    lambda inner: st.one_of(
        st.builds(lambda a, b: f"({a} || {b})", inner, inner),
        st.builds(lambda q: f"(select count(*) from {q})", qualified),
        st.builds(lambda a: f"({a}).pg_read_file", inner),
        st.builds(lambda a, b: f"coalesce({a}, {b})", inner, inner),
    ),
    max_leaves=6,
)
statement = st.one_of(
    st.builds(lambda e, q: f"select {e} from {q}", expr, qualified),
    st.builds(lambda q, e: f"insert into {q} (x) values ({e})", qualified, expr),
    st.builds(lambda q, e: f"update {q} set x = {e}", qualified, expr),
    st.builds(lambda q: f"delete from {q}", qualified),
    st.builds(lambda e: f"create table t{abs(hash(e)) % 1000} (x text default {e})", expr),
    st.builds(lambda e: f"create table c{abs(hash(e)) % 1000} (x text check ({e} is not null))", expr),
    st.builds(lambda e: f"do $$ begin perform {e}; end $$", expr),
    st.builds(lambda e: f"create function f{abs(hash(e)) % 1000}() returns text language sql as $b$ select ({e})::text $b$", expr),
    st.builds(lambda e: f"create function g{abs(hash(e)) % 1000}() returns void language plpgsql as $b$ begin perform {e}; end $b$", expr),
    st.builds(lambda q, e: f"create view v{abs(hash(q + e)) % 1000} with (security_invoker) as select {e} as x from {q}", qualified, expr),
    st.builds(lambda e: f"with w as (select {e} as x) select * from w", expr),
    st.builds(lambda e: f"explain select {e}", expr),
    st.sampled_from(["set role postgres", "reset role", "commit", "begin", "set request.jwt.claims = '{}'",
                     "listen x", "notify x", "copy t from stdin", "select 1; commit; drop schema globex cascade"]),
)


def _mutations(sql: str) -> st.SearchStrategy[str]:
    return st.one_of(
        st.just(sql),
        st.builds(lambda s: sql.replace("acme", s, 1), st.sampled_from(SCHEMAS)),
        st.builds(lambda i, tok: sql[:i] + tok + sql[i:], st.integers(0, max(len(sql), 1)),
                  st.sampled_from([" ", ";", "'", ")", "(", "--", "/*", "*/", "$$", "globex.", "pg_catalog.", "\\"])),
        st.builds(lambda i: sql[:i], st.integers(0, len(sql))),
        st.just(sql.upper()),
    )


corpus_statement = st.sampled_from([a.sql for a in ATTACKS] + [x.sql for x in LEGIT]).flatmap(_mutations)


@pytest.fixture(scope="module")
def world(mdb):
    acme = mdb.create_base("acme")
    globex = mdb.create_base("globex")
    as_owner(mdb, globex, "create table canary (note text); insert into canary values ('GLOBEX-CANARY-7f3a')")
    mdb.admin.execute(
        "create table if not exists auth.users (id uuid primary key default gen_random_uuid(), email text); "
        "insert into auth.users (email) values ('AUTH-CANARY-91c2@example.com')")
    execute_sql(mdb.agent(acme), acme, "create table notes (x text); create table t (x text)")
    return {"db": mdb, "acme": acme, "conn": psycopg.connect(acme.agent_dsn, autocommit=True)}


def outside(db) -> list:
    return [
        db.one("select array_agg(note order by note) from globex.canary"),
        db.one("select array_agg(email order by email) from auth.users"),
        db.one("select count(*) from pg_roles"),
        db.one("select array_agg(nspname::text order by nspname) from pg_namespace"),
        db.one("select count(*) from pg_class where relnamespace not in "
               "(select oid from pg_namespace where nspname in ('acme', 'pg_toast') or nspname like 'pg_temp%' "
               "or nspname like 'pg_toast_temp%')"),
        db.one("select count(*) from pg_proc where pronamespace not in ('acme'::regnamespace)"),
    ]


def _check_one(world, sql: str) -> None:
    conn = world["conn"]
    try:
        out = json.dumps(execute_sql(conn, world["acme"], sql))
    except psycopg.OperationalError as e:  # a crash or a lost session
        raise AssertionError(f"the session did not survive: {e!r}\n{sql}") from None
    except psycopg.Error as e:
        out = str(e) + str(e.diag.message_detail) + str(e.diag.message_hint)
    for canary in CANARIES:
        assert canary not in out, sql
    assert conn.execute("select 1").fetchone()[0] == 1


@settings(max_examples=250, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(statement)
def test_generated_statements(world, sql):
    before = world.setdefault("before", outside(world["db"]))
    _check_one(world, sql)
    assert outside(world["db"]) == before


@settings(max_examples=250, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(corpus_statement)
def test_mutated_corpus(world, sql):
    before = world.setdefault("before", outside(world["db"]))
    _check_one(world, sql)
    assert outside(world["db"]) == before


CATALOG = Catalog.from_snapshot()


@settings(max_examples=1500, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(st.one_of(statement, corpus_statement, st.text(max_size=200)))
def test_the_checker_never_crashes(sql):
    """Outside the server: any text is either checked statements or a GuardError, nothing else."""
    try:
        checker = Checker("acme", CATALOG)
        statements = checker.check_script(sql)
        ModelRules("acme").apply(statements, recheck=lambda s: checker.check_script(s)[0].node)
    except GuardError:
        pass
