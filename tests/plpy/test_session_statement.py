"""The session wall's statement check, outside the server: what counts as one tool call and nothing else."""

from __future__ import annotations

import pytest

from dbagent_plpy.session import QUICK
from dbagent_plpy.session_statement import verdict

ALONE = [
    "select agent.get_project()",
    "SELECT agent.execute_sql($1, $2, $3::jsonb)",
    "select agent.get_schema(base_id => $1, options => $2::jsonb) as s;",
    "select agent.execute_sql('8f2c0c6e-6f4e-4b1e-9d1a-0e7f3b1e2d3c', 'select 1; select ''x''')",
    "select agent.execute_sql('8f2c0c6e-6f4e-4b1e-9d1a-0e7f3b1e2d3c'::uuid, $$select 1$$, '{}')",
    "select (agent.create_base('shop') ->> 'schema')::text",
    "select agent.describe_tools(array['get_project', 'execute_sql'])",
    "/* a comment */ select agent.get_project() -- and another",
]
NOT_ALONE = [
    "select agent.get_project(), agent.get_project()",
    "select agent.get_project() from generate_series(1, 2)",
    "select agent.get_project(), pg_sleep(3600)",
    "select agent.execute_sql((select pg_sleep(1))::text::uuid, 'x')",
    "select agent.execute_sql(gen_random_uuid(), 'x')",
    "select agent.get_project() || 'x'",
    "select agent.get_project() -> (select 'bases')",
    "select pg_catalog.jsonb_pretty(agent.get_project())",
    "select agent.get_project()::regclass",
    "select 1; select agent.get_project()",
    "with x as (select 1) select agent.get_project()",
    "select agent.get_project() union all select agent.get_project()",
    "explain analyze select agent.get_project()",
    "do $$ begin perform agent.get_project(); end $$",
    "declare c cursor with hold for select agent.get_project()",
    "execute p(1)",
    "select public.get_project()",
    "select count(*) from agent.get_project()",
    "select agent.get_project() where true",
    "select",
]


@pytest.mark.parametrize("text", ALONE)
def test_one_call_alone_passes(text):
    assert verdict(text) is None


@pytest.mark.parametrize("text", NOT_ALONE)
def test_anything_more_is_refused_with_a_reason(text):
    why = verdict(text)
    assert why and why.endswith(".")


def test_the_quick_pattern_admits_only_what_the_parser_admits():
    quick = ["select agent.get_project()", "select agent.execute_sql($1, $2, $3::jsonb)",
             "select agent.get_schema(base_id => $1, options => $2::jsonb)", "select agent.x($1) as r;",
             "select agent.tool($1::text[])", 'select agent."execute_sql"("base_id" => $1::uuid, "sql" => $2::text)']
    for text in quick:
        assert QUICK.match(text) and verdict(text) is None, text
    for text in NOT_ALONE + ["select agent.x($1) -- c", "select agent.x('a')", "select agent.x($1), 1"]:
        assert not QUICK.match(text), text
