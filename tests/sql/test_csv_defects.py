"""Issue 14's defects, each as a family of small files: every load exact, or a clear refusal
naming the file line (and the record number)."""

from __future__ import annotations

import json

import psycopg
import pytest

from dbtest import execute_sql, execute_sql_confirmed
from test_csv import analyse, load, put


@pytest.fixture
def acme(db):
    return db.create_base("acme")


@pytest.fixture
def agent(db, acme):
    return db.agent(acme)


def rows(agent, acme, sql):
    return execute_sql(agent, acme, sql)["statements"][0]["rows"]


def fresh(agent, acme, cols: str) -> None:
    execute_sql_confirmed(agent, acme, f"drop table if exists t; create table t ({cols})")


def refusal(fn, *args, **kw) -> psycopg.Error:
    with pytest.raises(psycopg.Error) as exc:
        fn(*args, **kw)
    e = exc.value
    assert e.sqlstate != "XX000" and e.diag.message_primary and e.diag.message_hint, (e.sqlstate, str(e))
    assert "spiexceptions" not in str(e) and "Traceback" not in str(e), str(e)
    return e


# ------------------------------------------------------------------ 1. 0 rows loaded as a success
MALFORMED_HEADERS = [
    b'ID,Name,"URL"Comments\n1,a,x\n2,b,y\n3,c,z\n',  # issue 14's header
    b'ID,Name,Comments"URL"\n1,a,x\n2,b,y\n3,c,z\n',  # a quote at the end of a header field
    b'ID,"Name,Comments\n1,a,x\n2,b,y\n3,c,z\n',  # a quote never closed (in the header)
    b'ID,Na"me,Comments\n1,a,x\n2,b,y\n3,c,z\n',
]


@pytest.mark.parametrize("data", MALFORMED_HEADERS)
def test_a_malformed_header_never_loads_zero_rows(agent, acme, tmp_path, data):
    src = put(agent, acme, tmp_path, "h.csv", data)
    try:
        a = analyse(agent, acme, src)
    except psycopg.Error as e:  # a refusal must name the line
        assert "line 1" in (e.diag.message_primary or "") + (e.diag.message_detail or ""), str(e)
        return
    assert a["row_count"] == 3, a
    assert a["line_accounting"]["balanced"] is True
    fresh(agent, acme, "c1 text, c2 text, c3 text")
    mapping = {c["name"]: f"c{i + 1}" for i, c in enumerate(a["columns"])}
    r = load(agent, acme, src, "t", mapping)
    assert r["rows_loaded"] == 3
    assert rows(agent, acme, "select c1, c2, c3 from t order by c1") == [["1", "a", "x"], ["2", "b", "y"],
                                                                          ["3", "c", "z"]]


def test_a_short_real_file_loads_every_record(agent, acme, tmp_path):
    src = put(agent, acme, tmp_path, "four.csv", b'"Date","Amount","Note"\n"2024-01-02","10.50","ok"\n'
                                                 b'"2024-01-03","-3.00",""\n"2024-01-04","7.25","x, y"\n')
    a = analyse(agent, acme, src)
    assert a["row_count"] == 3
    execute_sql(agent, acme, a["create_table_sql"])
    assert load(agent, acme, src, a["suggested_table"])["rows_loaded"] == 3


# ------------------------------------------------------------------ 2. a quote inside an unquoted field
QUOTE_IN_FIELD = [
    (b'sku,price,name\n1,"9.99",Chair\n2,$78.07"All-Weather Dining Table,x\n3,"5.00",Lamp\n', 3, 2),
    (b'sku,size\n"A1","12 in"\nA2,27"\n', 3, 2),  # inches at the end of an unquoted field
    (b'sku,note\n1,"multi\nline"\n2,he said "hi" twice\n', 4, 2),  # after a record of two lines
]


@pytest.mark.parametrize(("data", "line", "record"), QUOTE_IN_FIELD)
def test_a_quote_inside_an_unquoted_field_is_a_bad_line(agent, acme, tmp_path, data, line, record):
    src = put(agent, acme, tmp_path, "q.csv", data)
    a = analyse(agent, acme, src)
    bad = [b for b in a["bad_lines"] if b.get("quote")]
    assert [(b["line"], b["record"]) for b in bad] == [(line, record)], a["bad_lines"]
    assert any(f"line {line}" in n for n in a["notes"])
    fresh(agent, acme, "c1 text, c2 text, c3 text")
    mapping = {c["name"]: f"c{i + 1}" for i, c in enumerate(a["columns"])}
    for options in ({}, {"on_error": "skip"}):  # ambiguous: refused in any mode
        e = refusal(load, agent, acme, src, "t", mapping, **options)
        assert e.sqlstate == "22P04" and f"line {line} (record {record})" in e.diag.message_primary
        assert '"quote": null' in e.diag.message_hint
    assert rows(agent, acme, "select count(*) from t") == [[0]]


def test_quotes_are_data_when_no_field_is_quoted(agent, acme, tmp_path):
    data = b'part,size,where\npipe,12",37\xc2\xb036\'37.8"N\nhose,3",shed\n'
    src = put(agent, acme, tmp_path, "inch.csv", data)
    a = analyse(agent, acme, src)
    assert a["dialect"]["quote"] is None and a["dialect"]["quotes_literal"] is True
    assert a["bad_lines"] == []
    execute_sql(agent, acme, a["create_table_sql"])
    assert load(agent, acme, src, a["suggested_table"])["rows_loaded"] == 2
    names = [c["suggested_name"] for c in a["columns"]]
    got = rows(agent, acme, f"select {', '.join(names)} from {a['suggested_table']} order by 1")
    assert got == [["hose", '3"', "shed"], ["pipe", '12"', "37°36'37.8\"N"]]


# ------------------------------------------------------------------ 3. preambles, comments, multi-row headers
def test_preamble_title_row_of_the_table_width_is_skipped(agent, acme, tmp_path):
    data = b"PREAMBLE,,,,,,,,\nid,name,qty,price,day,ok,a,b,c\n" + b"".join(
        b"%d,n%d,%d,%d.50,2024-01-%02d,true,x,y,z\n" % (i, i, i, i, i + 1) for i in range(5))
    src = put(agent, acme, tmp_path, "pre.csv", data)
    a = analyse(agent, acme, src)
    assert a["dialect"]["skip_rows"] == 1 and a["row_count"] == 5
    assert [c["name"] for c in a["columns"]][:3] == ["id", "name", "qty"]
    assert any("before the table" in u for u in a["uncertain"])
    execute_sql(agent, acme, a["create_table_sql"])
    assert load(agent, acme, src, a["suggested_table"])["rows_loaded"] == 5


def test_comment_lines_anywhere_are_skipped_as_analysed(agent, acme, tmp_path):
    data = (b"# exported 2024-01-01 by tool, v2\n# columns: id,name\nid,name,score\n1,a,10\n"
            b"# a note in the middle, with commas, 3 fields\n2,b,20\n3,c,30\n")
    src = put(agent, acme, tmp_path, "cmt.csv", data)
    a = analyse(agent, acme, src)
    assert a["dialect"]["delimiter"] == "," and a["dialect"]["comment"] == "#"
    assert a["row_count"] == 3 and a["comment_lines"]["lines"] == [5]
    execute_sql(agent, acme, a["create_table_sql"])
    r = load(agent, acme, src, a["suggested_table"])
    assert r["rows_loaded"] == 3 and r["comment_lines_skipped"] == 1
    assert rows(agent, acme, f"select name from {a['suggested_table']} order by score") == [["a"], ["b"], ["c"]]


def test_a_header_of_several_rows_is_one_header(agent, acme, tmp_path):
    data = (b"Region,Sales,Sales,Profit\n,Q1,Q2,\n,(EUR),(EUR),(EUR)\n"
            b"North,100,200,30.5\nSouth,150,250,40.5\nEast,120,220,35.5\nWest,130,230,36.5\n")
    src = put(agent, acme, tmp_path, "multi.csv", data)
    a = analyse(agent, acme, src)
    assert a["dialect"]["header_rows"] == 3 and a["row_count"] == 4
    assert [c["suggested_name"] for c in a["columns"]] == ["region", "sales_q1_eur", "sales_q2_eur", "profit_eur"]
    assert [c["pg_type"] for c in a["columns"]][1:] == ["integer", "integer", "numeric(3,1)"]
    execute_sql(agent, acme, a["create_table_sql"])
    assert load(agent, acme, src, a["suggested_table"])["rows_loaded"] == 4


def test_the_caller_decides_what_is_skipped(agent, acme, tmp_path):
    data = b"a,b\n#1,x\n#2,y\n"  # values that start with '#'
    src = put(agent, acme, tmp_path, "hash.csv", data)
    fresh(agent, acme, "a text, b text")
    r = load(agent, acme, src, "t", comment=None)
    assert r["rows_loaded"] == 2
    data = b"Report\nsecond line\nk,v\n1,2\n"
    src = put(agent, acme, tmp_path, "skip.csv", data)
    fresh(agent, acme, "k integer, v integer")
    assert load(agent, acme, src, "t", skip_rows=2)["rows_loaded"] == 1
    assert load(agent, acme, src, "t", skip_rows=2, header_rows=1)["rows_loaded"] == 1


# ------------------------------------------------------------------ 4. blank lines
@pytest.mark.parametrize(
    "data",
    [
        b"a,b\n1,x\n\n2,y\n\n",
        b"a,b\r\n1,x\r\n\r\n2,y\r\n",
        b'a,b\n1,"p\n\nq"\n\n2,y\n',  # blank lines inside a quoted value are data
        b"\n\na,b\n1,x\n2,y\n",  # before the header
    ],
)
def test_blank_lines_are_skipped_and_counted(agent, acme, tmp_path, data):
    src = put(agent, acme, tmp_path, "blank.csv", data)
    a = analyse(agent, acme, src)
    assert a["row_count"] == 2 and a["line_accounting"]["balanced"] is True
    fresh(agent, acme, "a integer, b text")
    r = load(agent, acme, src, "t")
    assert r["rows_loaded"] == 2
    assert r["blank_lines_skipped"] == a["blank_lines"]["count"]
    got = rows(agent, acme, "select a, b from t order by a")
    assert [g[0] for g in got] == [1, 2]
    if b'"p' in data:
        assert got[0][1] == "p\n\nq"


def test_an_empty_line_of_a_one_column_file_is_a_null_value(agent, acme, tmp_path):
    # With one column an empty line is how CSV writes NULL (DuckDB and COPY read it so): it is
    # a record, counted, and said so.
    src = put(agent, acme, tmp_path, "one.csv", b"name\nAda\n\nBob\n")
    a = analyse(agent, acme, src)
    assert a["row_count"] == 3 and a["blank_lines"]["count"] == 0
    assert a["columns"][0]["null_count"] == 1
    assert any("empty line" in n for n in a["notes"])
    fresh(agent, acme, "name text")
    assert load(agent, acme, src, "t")["rows_loaded"] == 3
    assert rows(agent, acme, "select count(*) from t where name is null") == [[1]]


# ------------------------------------------------------------------ 5. NUL bytes
@pytest.mark.parametrize(("data", "line"), [(b"a,b\n1,x\x00y\n2,z\n", 2), (b'a,b\n1,"p\nq"\n2,\x00\n', 4)])
def test_nul_bytes_are_the_same_refusal_in_analyse_and_import(agent, acme, tmp_path, data, line):
    src = put(agent, acme, tmp_path, "nul.csv", data)
    e1 = refusal(analyse, agent, acme, src)
    fresh(agent, acme, "a text, b text")
    e2 = refusal(load, agent, acme, src, "t")
    for e in (e1, e2):
        assert e.sqlstate == "22P05" and f"line {line}" in e.diag.message_primary


def test_a_nul_byte_beyond_the_sample_is_found_by_the_whole_file_scan(agent, acme, tmp_path):
    body = b"".join(b"%d,value %d\n" % (i, i) for i in range(150000))
    src = put(agent, acme, tmp_path, "bignul.csv", b"a,b\n" + body + b"150000,x\x00\n")
    e = refusal(analyse, agent, acme, src)
    assert e.sqlstate == "22P05" and "line 150002" in e.diag.message_primary


# ------------------------------------------------------------------ 8. a float is not a card number
def test_floats_with_card_like_digits_load(agent, acme, tmp_path):
    src = put(agent, acme, tmp_path, "geo.csv", b"lat,lon\n11.4338163852692,4.4111111111111111\n")
    a = analyse(agent, acme, src)
    assert a["sensitive_findings"] == []
    fresh(agent, acme, "lat numeric, lon numeric")
    assert load(agent, acme, src, "t")["rows_loaded"] == 1


# ------------------------------------------------------------------ 9. encodings
CYRILLIC = "id,город,клиент\n1,Москва,Иванов Иван\n2,Санкт-Петербург,ООО Ромашка\n3,Новосибирск,Петров Пётр\n"
JAPANESE = "id,都市,会社\n1,東京都千代田区,株式会社サンプル\n2,大阪府大阪市,ソフトウェア開発\n3,北海道札幌市,お問い合わせ\n"


@pytest.mark.parametrize(("text", "encoding"), [(CYRILLIC, "cp1251"), (CYRILLIC, "koi8-r"), (JAPANESE, "shift_jis"),
                                                (JAPANESE, "euc-jp")])
def test_legacy_encodings_load_their_text_exactly(agent, acme, tmp_path, text, encoding):
    src = put(agent, acme, tmp_path, "legacy.csv", text.encode(encoding))
    a = analyse(agent, acme, src)
    expected = {"shift_jis": "cp932"}.get(encoding, encoding)
    assert a["dialect"]["encoding"] == expected and a["dialect"]["encoding_confidence"] == "high", a["dialect"]
    execute_sql(agent, acme, a["create_table_sql"])
    assert load(agent, acme, src, a["suggested_table"])["rows_loaded"] == 3
    names = [c["suggested_name"] for c in a["columns"]]
    got = rows(agent, acme, f"select {', '.join(names)} from {a['suggested_table']} order by 1")
    want = [line.split(",") for line in text.splitlines()[1:]]
    assert [[str(v) for v in g] for g in got] == want


def test_an_uncertain_encoding_must_be_confirmed(agent, acme, tmp_path):
    data = "code,label\n1,Ĳ\n2,x\n".encode("cp1252", errors="ignore") + b"3,\x81\x8d\n"  # bytes no reading explains
    src = put(agent, acme, tmp_path, "odd.csv", data)
    a = analyse(agent, acme, src)
    assert a["dialect"]["encoding_confidence"] == "low"
    fresh(agent, acme, "code integer, label text")
    e = refusal(load, agent, acme, src, "t")
    assert e.sqlstate == "22023" and '"encoding"' in e.diag.message_hint
    assert rows(agent, acme, "select count(*) from t") == [[0]]
    assert load(agent, acme, src, "t", encoding="latin-1")["rows_loaded"] == 3
    assert rows(agent, acme, "select label from t where code = 3") == [["\x81\x8d"]]


# ------------------------------------------------------------------ 12. bad records are named by file line
def test_bad_values_are_named_by_file_line_and_record(agent, acme, tmp_path):
    good = b"".join(b"%d,2024-01-01\n" % i for i in range(1000))
    src = put(agent, acme, tmp_path, "late_bad.csv", b"k,d\n" + good + b"oops,2024-01-01\n")
    fresh(agent, acme, "k integer, d date")
    e = refusal(load, agent, acme, src, "t")
    assert "line 1002 (record 1001), column k" in (e.diag.message_detail or ""), (e.sqlstate, str(e))
    # an embedded line break before the bad record: record 2 starts on line 4
    src = put(agent, acme, tmp_path, "nl.csv", b'k,d\n1,"x\ny"\nbad,2\n')
    fresh(agent, acme, "k integer, d text")
    e = refusal(load, agent, acme, src, "t")
    assert "line 4 (record 2), column k" in (e.diag.message_detail or ""), (e.sqlstate, str(e))
    r = load(agent, acme, src, "t", on_error="skip")
    assert r["rows_loaded"] == 1 and [(b["line"], b["record"]) for b in r["bad_rows"]] == [(4, 2)]


def test_unreadable_records_are_named_by_line_and_record_everywhere(agent, acme, tmp_path):
    data = b'a,b\n1,"x\ny"\n2\n3,z\n4,w,extra\n5,v\n'
    src = put(agent, acme, tmp_path, "ragged.csv", data)
    a = analyse(agent, acme, src)
    assert [(b["line"], b["record"]) for b in a["bad_lines"]] == [(4, 2), (6, 4)]
    fresh(agent, acme, "a integer, b text")
    e = refusal(load, agent, acme, src, "t")
    assert e.sqlstate == "22P04"
    assert "line 4 (record 2)" in e.diag.message_detail and "line 6 (record 4)" in e.diag.message_detail
    r = load(agent, acme, src, "t", on_error="skip")
    assert r["rows_loaded"] == 3 and [u["line"] for u in r["unreadable_rows"]] == [4, 6]
    assert rows(agent, acme, "select a from t order by a") == [[1], [3], [5]]


def test_bad_values_after_skipped_records_keep_their_own_record_number(agent, acme, tmp_path):
    data = b"a,b\n1,x\n2\n3,y\nbad,z\n"
    src = put(agent, acme, tmp_path, "mix.csv", data)
    fresh(agent, acme, "a integer, b text")
    r = load(agent, acme, src, "t", on_error="skip")
    assert r["rows_loaded"] == 2
    assert [(b["line"], b["record"]) for b in r["bad_rows"]] == [(5, 4)]
    assert [u["line"] for u in r["unreadable_rows"]] == [3]


# ------------------------------------------------------------------ limits
def test_csv_engine_limits_are_settings(db, agent, acme, tmp_path):
    s = db.one("select agent.admin_set_settings(%s::jsonb)",
               [json.dumps({"csv_memory_limit_mb": 256, "csv_threads": 1, "csv_max_temp_mb": 512})])
    assert s["csv_memory_limit_mb"] == 256 and s["csv_threads"] == 1
    src = put(agent, acme, tmp_path, "small.csv", b"a,b\n1,2\n")
    assert analyse(agent, acme, src)["row_count"] == 1
    db.one("select agent.admin_set_settings(%s::jsonb)", [json.dumps({"csv_threads": "lots"})])
    e = refusal(analyse, agent, acme, src)
    assert e.sqlstate == "22023" and "csv_threads" in e.diag.message_primary
    db.one("select agent.admin_set_settings(%s::jsonb)", [json.dumps({"csv_threads": None})])
    assert analyse(agent, acme, src)["row_count"] == 1
    with pytest.raises(psycopg.errors.InsufficientPrivilege):  # an agent cannot raise its own limits
        agent.execute("select agent.admin_set_settings('{\"csv_memory_limit_mb\": 100000}')")
