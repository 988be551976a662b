"""Advisors: each one a baseline, a negative, a positive and the fix (splinter's way).

Positives are built directly as the base's owner (bypassing execute_sql, which would refuse
or repair them): tables made outside dbagent are exactly what the advisors are for.
"""

from __future__ import annotations

import pytest

from dbtest import as_owner, execute_sql


@pytest.fixture
def acme(db):
    return db.create_base("acme")


def findings(db, acme, name=None):
    r = db.one("select agent.advise(%s)", [acme.base_id], conn=db.agent(acme))
    return [f for f in r["findings"] if name is None or f["name"] == name]


def good_table(db, acme, name="good"):
    execute_sql(db.agent(acme), acme, f"create table {name} (title text)")


CASES = {
    # name: (positive set-up as owner, fix as owner, negative set-up through execute_sql)
    "rls_disabled": ("create table t (x int primary key)", "alter table t enable row level security", None),
    "rls_not_forced": ("create table t (x int primary key); alter table t enable row level security",
                       "alter table t force row level security", None),
    "rls_enabled_no_policy": ("create table t (x int primary key); alter table t enable row level security",
                              "create policy t_all on t to authenticated using (true)", None),
    "auth_rls_initplan": ("create table t (x int primary key, created_by uuid); alter table t enable row level security; "
                          "create policy p on t to authenticated using (created_by = auth.uid())",
                          "alter policy p on t using (created_by = (select auth.uid()))", None),
    "multiple_permissive_policies": ("create table t (x int primary key); alter table t enable row level security; "
                                     "create policy a on t for select to authenticated using (x > 0); "
                                     "create policy b on t for select to authenticated using (x < 0)",
                                     "drop policy b on t; alter policy a on t using (x <> 0)", None),
    "unindexed_foreign_keys": ("create table p (x int primary key); create table c (p_x int references p(x))",
                               "create index on c (p_x)", None),
    "duplicate_index": ("create table t (x int primary key, y int); create index i1 on t (y); create index i2 on t (y)",
                        "drop index i2", None),
    "no_primary_key": ("create table t (x int)", "alter table t add primary key (x)", None),
    "security_definer_view": ("create table t (x int primary key); create view v as select x from t",
                              "alter view v set (security_invoker = true)", None),
    "security_definer_function_exposed": (
        "create function f() returns int language sql security definer set search_path = '' as 'select 1'",
        "alter function f() security invoker", None),
    "function_search_path_mutable": ("create function f() returns int language sql as 'select 1'",
                                     "alter function f() set search_path = ''", None),
    "sensitive_columns": ("create table t (x int primary key, api_key text)", "alter table t drop column api_key", None),
    "missing_system_fields": ("create table t (x int primary key)", "drop table t", None),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_advisor(db, acme, name):
    positive, fix, _ = CASES[name]
    # baseline: an empty base has no findings at all
    assert findings(db, acme) == []
    # negative: what execute_sql builds passes every advisor
    good_table(db, acme)
    execute_sql(db.agent(acme), acme,
                "create table good_child (good_id uuid references good(id)); "
                "create function good_fn() returns int language sql set search_path = '' as 'select 1'; "
                "create view good_view with (security_invoker = true) as select title from good")
    assert findings(db, acme) == []
    # positive
    as_owner(db, acme, positive)
    found = findings(db, acme, name)
    assert len(found) >= 1, findings(db, acme)
    f = found[0]
    assert set(f) == {"name", "title", "level", "categories", "detail", "remediation", "metadata", "cache_key"}
    assert f["level"] in ("ERROR", "WARN", "INFO") and f["detail"] and f["remediation"]
    # fixed
    as_owner(db, acme, fix)
    assert findings(db, acme, name) == []


def test_findings_are_ordered_by_level_and_counted(db, acme):
    as_owner(db, acme, "create table t (x int, api_key text)")
    r = db.one("select agent.advise(%s)", [acme.base_id])
    levels = [f["level"] for f in r["findings"]]
    assert levels == sorted(levels, key=["ERROR", "WARN", "INFO"].index)
    assert r["counts"]["ERROR"] == levels.count("ERROR") >= 2


def test_dbagent_own_schema_passes_its_advisors(db):
    rows = db.admin.execute("select name, detail from agent._advise('agent'::regnamespace, false)").fetchall()
    assert rows == []


def test_every_advisor_has_a_test_and_a_doc(db):
    names = db.admin.execute(
        "select proname, obj_description(oid, 'pg_proc') from pg_proc "
        "where pronamespace = 'agent'::regnamespace and proname ~ '^_advisor_' order by 1").fetchall()
    assert len(names) == len(CASES)
    for proname, doc in names:
        slug = doc.split(":")[0]
        assert slug in CASES, slug
        assert len(doc.splitlines()) >= 3
