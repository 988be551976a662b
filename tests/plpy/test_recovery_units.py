"""Pure parts of issue 15 outside the server: confirmation tokens, re-qualifying SQL, warnings."""

from __future__ import annotations

import pytest
from pglast import parse_sql

from dbagent_plpy import impact
from dbagent_plpy.image import quote_ident, requalify, set_search_path_clause, target

SECRET = "k" * 64
CALL = dict(base_id="b1", sql="delete from todos", as_user=None, fingerprint="f1")


def test_a_token_confirms_exactly_its_call():
    token, expires = impact.make_token(SECRET, now=1000.0, **CALL)
    assert impact.check_token(token, SECRET, now=1001.0, **CALL) is None
    for change in ({"sql": "delete from todos "}, {"base_id": "b2"}, {"fingerprint": "f2"}, {"as_user": "u"}):
        assert impact.check_token(token, SECRET, now=1001.0, **{**CALL, **change}) == "mismatch"
    assert impact.check_token(token, "other" * 10, now=1001.0, **CALL) == "mismatch"
    assert impact.check_token(token, SECRET, now=expires + 1, **CALL) == "expired"
    for bad in ("", "c1.x.y", "c2." + token[3:], token.replace(".", "", 1), None):
        assert impact.check_token(bad, SECRET, now=1001.0, **CALL) == "malformed"
    # the expiry is part of the MAC: moving it forward breaks the token
    v, exp, mac = token.split(".")
    assert impact.check_token(f"{v}.{int(exp) + 3600}.{mac}", SECRET, now=1001.0, **CALL) == "mismatch"


def test_requalify_names_statements_and_bodies():
    sql = ("create function acme.f(t todos) returns int language plpgsql set search_path = acme as $$\n"
           "begin perform nextval('acme.s'); return (select count(*) from acme.todos) + length('acme.com'); end $$")
    out = requalify(sql, "acme", "acme_two")
    assert out.startswith("create function acme_two.f(t todos)")
    assert "set search_path = acme_two" in out and "acme_two.todos" in out and "nextval('acme_two.s')" in out
    assert "'acme.com'" in out  # a string that names no relation stays
    assert requalify('select * from "acme".t, acme_x.t, x.acme', "acme", "b") == 'select * from b.t, acme_x.t, x.acme'
    assert requalify("select 'acme.t'::regclass", "acme", "b") == "select 'b.t'::regclass"
    assert requalify("not sql at all $$", "acme", "b") == "not sql at all $$"
    assert requalify("select 1", "acme", "Odd Name").count("Odd") == 0
    assert quote_ident("Odd Name") == '"Odd Name"' and quote_ident("select") == '"select"'


def test_set_search_path_and_targets():
    d = "CREATE OR REPLACE FUNCTION acme.f()\n RETURNS void\n LANGUAGE sql\n SET search_path TO 'acme', 'pg_temp'\nAS $$ $$"
    assert "SET search_path TO 'x', 'pg_temp'" in set_search_path_clause(d, "acme", "x")
    assert target(["create table dbagent_target_schema_7f3c.t (x int)", "set x = 'dbagent_target_schema_7f3c'"],
                  "My Base") == ['create table "My Base".t (x int)', "set x = 'My Base'"]


class _St:
    def __init__(self, index, sql):
        self.index, self.sql, self.node, self.notices, self.rewritten = index, sql, parse_sql(sql)[0].stmt, [], False


def test_warnings_only_for_big_tables_and_the_safe_form():
    sts = [_St(1, "create index i on big (x)"), _St(2, "create index j on small (x)"),
           _St(3, "alter table big add column c uuid default gen_random_uuid()"),
           _St(4, "alter table big add column d text default 'x'"),
           _St(5, "alter table big alter column x type bigint"), _St(6, "alter table big alter column x set not null"),
           _St(7, "alter table big add constraint fk foreign key (p) references small (id)"),
           _St(8, "alter table big add constraint fk2 foreign key (p) references small (id) not valid")]
    w = impact.warnings(sts, {"big": 5_000_000, "small": 10}, 1_000_000, {"gen_random_uuid"})
    assert [x["statement"] for x in w] == [1, 3, 5, 6, 7]
    assert all(x["table"] == "big" and x["safe_form"] for x in w)
    fk = w[-1].pop("constraint")
    name = impact.make_not_valid(sts[6], "big", fk, set())
    assert name == "fk" and sts[6].sql.endswith("NOT VALID") and sts[6].rewritten


def test_an_unnamed_foreign_key_gets_postgresqls_name():
    st = _St(1, "alter table big add foreign key (p_id) references small (id)")
    w = impact.warnings([st], {"big": 10}, 5, set())
    name = impact.make_not_valid(st, "big", w[0]["constraint"], {"big_p_id_fkey"})
    assert name == "big_p_id_fkey2" and "CONSTRAINT big_p_id_fkey2" in st.sql


@pytest.mark.parametrize("sql, expected", [
    ("delete from t", "t"), ("update t set x = 1", "t"), ("delete from t where true", None),
    ("update t set x = 1 where x > 0", None), ("select 1", None)])
def test_without_where(sql, expected):
    assert impact.without_where(parse_sql(sql)[0].stmt) == expected


def test_what_is_intercepted():
    assert impact.dropped_tables(parse_sql("drop table a, s.b cascade")[0].stmt) == ["a", "b"]
    assert impact.dropped_tables(parse_sql("drop view a")[0].stmt) == []
    assert impact.column_changes(parse_sql("alter table t drop column if exists a, alter column b type int, "
                                           "add column c int")[0].stmt) == [("AT_DropColumn", "a", True),
                                                                            ("AT_AlterColumnType", "b", False)]
    assert impact.cascading_drop(parse_sql("drop type mood cascade")[0].stmt)
    assert not impact.cascading_drop(parse_sql("drop type mood")[0].stmt)
    assert not impact.cascading_drop(parse_sql("drop table t cascade")[0].stmt)
