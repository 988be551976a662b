"""dbagent_plpy.csv_profile: exact types, names, secrets and the suggested table."""

from __future__ import annotations

import codecs
from pathlib import Path
from typing import Any

import pglast
import pytest

from dbagent_plpy.csv_profile import (
    RESERVED_WORDS,
    SYSTEM_FIELDS,
    infer_type,
    profile,
    snake_name,
    suggest_names,
)
from dbagent_plpy.csv_sniff import CsvError, sniff

SPECTRUM = Path(__file__).resolve().parents[3] / "shared" / "bench" / "corpora" / "csv-spectrum" / "csvs"


def _profile(tmp_path: Path, data: bytes, name: str = "data.csv", **kw: Any) -> dict[str, Any]:
    p = tmp_path / name
    p.write_bytes(data)
    d = sniff(str(p))
    return profile(str(p), d, work_dir=str(tmp_path / "work"), **kw)


def _col(result: dict[str, Any], name: str) -> dict[str, Any]:
    return next(c for c in result["columns"] if c["name"] == name)


def _csv(header: list[str], rows: list[list[str]]) -> bytes:
    return ("\n".join(",".join(r) for r in [header] + rows) + "\n").encode()


# ---------------------------------------------------------------------------------------------
# Types (pure)
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "kind", "pg_type"),
    [
        (["1", "2", "-3", "0"], "integer", "integer"),
        (["2147483647", "-2147483648"], "integer", "integer"),
        (["2147483648", "1"], "bigint", "bigint"),
        (["9223372036854775807"], "bigint", "bigint"),
        (["12345678901234567890", "1"], "numeric", "numeric"),
        (["00501", "10001"], "text", "text"),  # zip codes keep their zeros
        (["007"], "text", "text"),
        (["+5", "6"], "text", "text"),
        (["-0"], "text", "text"),
        (["12.50", "3.1", "1000"], "numeric", "numeric(6,2)"),
        (["0.001", "-0.5"], "numeric", "numeric(3,3)"),
        (["$12.50"], "text", "text"),
        (["1,234.50"], "text", "text"),
        (["1e5"], "text", "text"),
        (["1.5", ".5"], "text", "text"),
        (["true", "false", "TRUE"], "boolean", "boolean"),
        (["yes", "no"], "boolean", "boolean"),
        (["yes"], "boolean", "boolean"),
        (["t", "f"], "boolean", "boolean"),
        (["t"], "text", "text"),
        (["Y", "N", "y"], "boolean", "boolean"),
        (["0", "1"], "integer", "integer"),
        (["yes", "true"], "text", "text"),
        (["550e8400-e29b-41d4-a716-446655440000", "6BA7B810-9DAD-11D1-80B4-00C04FD430C8"], "uuid", "uuid"),
        (["2024-01-31", "1999-12-01"], "date", "date"),
        (["2024-02-30"], "text", "text"),
        (["2024/01/31"], "date", "date"),
        (["31/01/2024", "01/02/2024"], "date", "date"),
        (["01/31/2024", "02/01/2024"], "date", "date"),
        (["01/02/2024", "03/04/2024"], "text", "text"),  # every value fits both orders
        (["31.01.2024", "1.2.2024"], "date", "date"),
        (["31/01/24"], "text", "text"),  # two-digit years stay text
        (["2024-01-31 10:00:00", "2024-01-31T23:59"], "timestamp", "timestamp"),
        (["2024-01-31 10:00:00.123456"], "timestamp", "timestamp"),
        (["2024-01-31 10:00:00.1234567"], "text", "text"),  # finer than microseconds
        (["2024-01-31T10:00:00Z", "2024-01-31T10:00:00+02:00"], "timestamptz", "timestamptz"),
        (["2024-01-31T10:00:00Z", "2024-01-31T10:00:00"], "text", "text"),
        (["31/01/2024 10:30", "01/02/2024 09:00"], "timestamp", "timestamp"),
        (["10:30", "23:59"], "time", "time"),
        (["10:30:15.5"], "time", "time"),
        (["25:00"], "text", "text"),
        (['{"a": 1}', "[1, 2]"], "json", "jsonb"),
        (['{"a": 1'], "text", "text"),
        (["2024-01-31", "2024-01-31 10:00"], "text", "text"),
        (["abc", "1"], "text", "text"),
    ],
)
def test_infer_type(values: list[str], kind: str, pg_type: str) -> None:
    g = infer_type(values)
    assert (g.kind, g.pg_type) == (kind, pg_type), values


def test_formats_are_postgresql_templates() -> None:
    assert infer_type(["2024-01-31"]).fmt == "YYYY-MM-DD"
    assert infer_type(["31/01/2024"]).fmt == "DD/MM/YYYY"
    assert infer_type(["01/31/2024"]).fmt == "MM/DD/YYYY"
    assert infer_type(["31.01.2024 10:30"]).fmt == "DD.MM.YYYY HH24:MI"
    assert infer_type(["2024-01-31T10:00:00"]).fmt == 'YYYY-MM-DD"T"HH24:MI:SS'
    assert infer_type(["2024-01-31 10:00:00.5+01:00"]).fmt == "YYYY-MM-DD HH24:MI:SS.USTZH:TZM"
    assert infer_type(["10:30"]).fmt == "HH24:MI"
    assert infer_type(["31/01/2024"]).direct_cast is False
    assert infer_type(["2024-01-31"]).direct_cast is True


# ---------------------------------------------------------------------------------------------
# Names (pure)
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "snake"),
    [
        ("Order ID", "order_id"),
        ("CamelCase", "camel_case"),
        ("OrderID", "order_id"),
        ("HTTPServer", "http_server"),
        ("userID2", "user_id2"),
        ("Prénom", "prenom"),
        ("Straße", "strasse"),
        ("Łódź", "lodz"),
        ("Customer-Email Address", "customer_email_address"),
        ("  spaced  out  ", "spaced_out"),
        ("Amount (€)", "amount_eur"),
        ("% done", "pct_done"),
        ("日本", ""),
    ],
)
def test_snake_name(raw: str, snake: str) -> None:
    assert snake_name(raw) == snake


def test_suggest_names_are_unique_valid_and_avoid_system_fields() -> None:
    names = ["id", "Created At", "updated_by", "order", "2019", "日本", "a", "A", "a_2", "x" * 80, "user"]
    out = suggest_names(names)
    assert out[:6] == [
        "source_id",
        "source_created_at",
        "source_updated_by",
        "order_col",
        "col_2019",
        "column_6",
    ]
    assert out[6:9] == ["a", "a_2", "a_2_2"]
    assert len(out[9]) == 63 and out[9] == "x" * 63
    assert out[10] == "user_col"
    assert len(set(out)) == len(out)
    for s in out:
        assert s not in SYSTEM_FIELDS and s not in RESERVED_WORDS
        assert len(s.encode()) <= 63 and s[0].isalpha() and s == s.lower()


def test_source_prefixed_names_do_not_collide_either() -> None:
    assert suggest_names(["id", "source_id"]) == ["source_id", "source_id_2"]


# ---------------------------------------------------------------------------------------------
# profile over whole files
# ---------------------------------------------------------------------------------------------


def test_profile_types_stats_and_table(tmp_path: Path) -> None:
    header = ["Order ID", "zip", "amount", "big", "paid", "day", "at", "ref", "note", "id"]
    rows = []
    for i in range(1, 301):
        rows.append(
            [
                str(i),
                f"{i:05d}",
                f"{i * 1.25:.2f}",
                str(10**19 + i),
                "yes" if i % 2 else "no",
                f"{(i % 28) + 1:02d}/0{(i % 9) + 1}/2024",
                f"2024-01-{(i % 28) + 1:02d}T10:{i % 60:02d}:00Z",
                f"550e8400-e29b-41d4-a716-{i:012d}",
                "" if i % 3 == 0 else f"note {i}",
                str(1000 + i),
            ]
        )
    rows[10][8] = '"he said ""hi"", twice"'
    data = _csv(header, rows).replace(b"\n1,00001,", b"\n1,00001,", 1)
    r = _profile(tmp_path, data, name="Orders 2024.csv")
    assert r["row_count"] == 300
    assert r["suggested_table"] == "orders_2024"
    c = {col["suggested_name"]: col for col in r["columns"]}
    assert (c["order_id"]["pg_type"], c["order_id"]["min"], c["order_id"]["max"]) == ("integer", "1", "300")
    assert c["zip"]["pg_type"] == "text"
    assert c["amount"]["pg_type"] == "numeric(5,2)"
    assert (c["amount"]["min"], c["amount"]["max"]) == ("1.25", "375.00")
    assert c["big"]["pg_type"] == "numeric"
    assert c["paid"]["pg_type"] == "boolean"
    assert (c["day"]["pg_type"], c["day"]["format"]) == ("date", "DD/MM/YYYY")
    assert c["at"]["pg_type"] == "timestamptz"
    assert c["ref"]["pg_type"] == "uuid"
    assert c["note"]["pg_type"] == "text"
    assert (c["note"]["null_count"], c["note"]["empty_count"]) == (100, 0)  # unquoted empty = NULL
    assert c["note"]["nullable"] is True and c["order_id"]["nullable"] is False
    assert c["source_id"]["name"] == "id"
    assert c["order_id"]["distinct_count"] == 300
    assert c["order_id"]["samples"] == ["1", "2", "3", "4", "5"]
    assert c["note"]["max_length"] == len('he said "hi", twice')
    assert ["order_id"] in r["candidate_keys"]
    sql = r["create_table_sql"]
    assert sql.startswith("create table orders_2024 (")
    for f in SYSTEM_FIELDS:
        assert f"\n    {f} " not in sql
    assert "source_id integer" in sql and "amount numeric(5,2)" in sql
    pglast.parse_sql(sql)  # valid PostgreSQL
    assert any("system field" in n for n in r["notes"])


def test_quoted_empty_strings_keep_a_column_text(tmp_path: Path) -> None:
    r = _profile(tmp_path, b'a,b\n1,""\n2,5\n3,\n4,7\n')
    b = _col(r, "b")
    assert (b["pg_type"], b["empty_count"], b["null_count"]) == ("text", 1, 1)
    assert any("as NULL it would be integer" in n for n in r["notes"])


def test_whole_file_decides_not_the_sample(tmp_path: Path) -> None:
    rows = [[str(i), str(i)] for i in range(1, 3001)]
    rows[2500][0] = "12.5"  # widens integer to numeric
    rows[2900][1] = "n/a"  # makes the column text
    r = _profile(tmp_path, _csv(["a", "b"], rows), sample_rows=200)
    assert _col(r, "a")["pg_type"] == "numeric(5,1)"
    assert _col(r, "b")["pg_type"] == "text"
    assert any("further in the file" in n for n in _col(r, "b").get("notes", []))


def test_day_month_order_is_decided_over_the_whole_file(tmp_path: Path) -> None:
    rows = [[f"0{m}/0{d}/2024"] for m in range(1, 10) for d in range(1, 10)] * 5
    r = _profile(tmp_path, _csv(["when"], rows + [["01/25/2024"]]), sample_rows=200)
    assert (_col(r, "when")["pg_type"], _col(r, "when")["format"]) == ("date", "MM/DD/YYYY")
    assert (_col(r, "when")["min"], _col(r, "when")["max"]) == ("01/01/2024", "09/09/2024")
    r = _profile(tmp_path, _csv(["when"], rows))
    assert _col(r, "when")["pg_type"] == "text"
    assert any("ambiguous" in n for n in _col(r, "when")["notes"])


def test_sensitive_columns_are_flagged_redacted_and_left_out(tmp_path: Path) -> None:
    rows = [
        [str(i), f"user{i}", f"hunter{i}", f"sk_live_{'a' * 20}{i}", f"note {i}", "4111 1111 1111 1111"]
        for i in range(1, 41)
    ]
    rows[5][4] = "ghp_" + "b" * 36  # one stray token in free text
    r = _profile(tmp_path, _csv(["id", "login", "Password", "stripe", "notes", "card"], rows))
    pw = _col(r, "Password")
    assert pw["sensitive"] == {"kind": "password", "by": "name"}
    assert set(pw["samples"]) == {"«redacted»"} and pw["min"] == "«redacted»"
    assert _col(r, "stripe")["sensitive"] == {"kind": "api_key", "by": "value"}
    assert _col(r, "card")["sensitive"] == {"kind": "card_number", "by": "value"}
    notes = _col(r, "notes")
    assert notes["sensitive"] is None and "«redacted»" not in notes["samples"][:5]
    sql = r["create_table_sql"]
    assert "password" not in sql and "stripe" not in sql and "card" not in sql
    assert "notes text" in sql and "login text" in sql
    kinds = {(f["column"], f["kind"], f["excluded"]) for f in r["sensitive_findings"]}
    assert ("Password", "password", True) in kinds and ("notes", "api_key", False) in kinds
    flat = repr(r)
    assert "hunter" not in flat and "sk_live_" not in flat and "4111" not in flat and "ghp_" not in flat


def test_foreign_key_candidates_by_name_and_type(tmp_path: Path) -> None:
    existing = [
        {
            "table": "customers",
            "columns": [{"name": "customer_code", "type": "text"}],
            "keys": [["customer_code"]],
        },
        {"table": "products", "columns": [{"name": "sku", "type": "integer"}], "keys": [["sku"]]},
        {"table": "orders", "columns": [], "keys": []},
    ]
    rows = [[f"C{i:03d}", str(i), "550e8400-e29b-41d4-a716-446655440000", "x"] for i in range(1, 20)]
    r = _profile(
        tmp_path,
        _csv(["Customer Code", "product_sku", "order_id", "customers"], rows),
        existing_tables=existing,
    )
    fks = {
        (f["column"], f["table"], f["table_column"], f["type_matches"]) for f in r["foreign_key_candidates"]
    }
    assert ("customer_code", "customers", "customer_code", True) in fks
    assert ("product_sku", "products", "sku", True) in fks
    assert ("order_id", "orders", "id", True) in fks
    assert not any(f[0] == "customers" for f in fks)


def test_existing_table_name_is_not_reused(tmp_path: Path) -> None:
    r = _profile(tmp_path, b"a\n1\n2\n", name="customers.csv", existing_tables=[{"table": "customers"}])
    assert r["suggested_table"] == "customers_2"


def test_ragged_lines_are_reported(tmp_path: Path) -> None:
    r = _profile(tmp_path, b"a,b\n1,2\n3,4\n5\n6,7\n8,9,10\n11,12\n13,14\n")
    assert r["row_count"] == 5
    assert r["bad_line_count"] == 2
    assert [b["line"] for b in r["bad_lines"]] == [4, 6]


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ("a,b\n1,Crème brûlée\n2,Hôtel de Ville\n".encode("latin-1") + b"3,\x81\n", "latin-1"),
        ("a,b\n1,€ 5\n2,“q”\n".encode("cp1252"), "cp1252"),
        (codecs.BOM_UTF16_BE + "a,b\n1,ü\n2,日本\n".encode("utf-16-be"), "utf-16-be"),
        (codecs.BOM_UTF16_LE + "a,b\n1,ü\n2,日本\n".encode("utf-16-le"), "utf-16-le"),
        (codecs.BOM_UTF8 + "a,b\n1,ü\n2,日本\n".encode(), "utf-8-sig"),
    ],
)
def test_non_utf8_input_works(tmp_path: Path, data: bytes, encoding: str) -> None:
    p = tmp_path / "e.csv"
    p.write_bytes(data)
    d = sniff(str(p))
    assert d["encoding"] == encoding
    r = profile(str(p), d, work_dir=str(tmp_path / "w"))
    assert r["row_count"] in (2, 3)
    expected = data[len(codecs.BOM_UTF16_BE) if encoding.startswith("utf-16") else 0 :]
    text = expected.decode({"utf-8-sig": "utf-8-sig"}.get(encoding, encoding), errors="strict")
    assert set(_col(r, "b")["samples"]) <= set(line.split(",")[1] for line in text.splitlines()[1:])
    assert list((tmp_path / "w").iterdir()) == []  # transcoded copies are removed


def test_legacy_bytes_later_in_an_ascii_file_are_guessed_over_the_whole_file(tmp_path: Path) -> None:
    lines = [b"%d,plain" % i for i in range(300000)]
    lines[70000] = "70000,Crème brûlée à la française".encode("cp1252")  # outside the sniffer's samples
    p = tmp_path / "late.csv"
    p.write_bytes(b"a,b\n" + b"\n".join(lines) + b"\n")
    d = sniff(str(p), sample_bytes=4096)
    assert d["encoding"] == "utf-8"
    r = profile(str(p), d, work_dir=str(tmp_path / "w"), sample_rows=200)
    assert r["dialect"]["encoding"] == "cp1252"
    assert r["reading"]["encoding"] == "cp1252" and r["reading"]["encoding_confidence"] == "high"
    assert r["row_count"] == 300000
    assert _col(r, "b")["max"] == "plain" and _col(r, "b")["min"] == "Crème brûlée à la française"
    assert "not UTF-8 throughout (line 70002" in r["notes"][0]


def test_damaged_utf8_is_reported_not_reread(tmp_path: Path) -> None:
    lines = [("%d,Zoë" % i).encode() for i in range(3000)]
    lines[2000] = b"2000,caf\xe9"  # valid UTF-8 elsewhere: a damaged file, not another encoding
    p = tmp_path / "damaged.csv"
    p.write_bytes(b"a,b\n" + b"\n".join(lines) + b"\n")
    d = sniff(str(p), sample_bytes=4096)
    r = profile(str(p), d, work_dir=str(tmp_path / "w"))
    assert r["dialect"]["encoding"] == "utf-8"
    assert r["reading"]["invalid_encoding_lines"] == [2002]
    assert [(b["line"], b["record"]) for b in r["bad_lines"]] == [(2002, 2001)]


def test_preamble_and_header_with_line_break(tmp_path: Path) -> None:
    r = _profile(tmp_path, b'Report\n\n"first\nname",age\nann,3\nbob,4\ncid,5\n')
    assert r["row_count"] == 3
    assert [c["name"] for c in r["columns"]] == ["first\nname", "age"]
    assert r["columns"][0]["suggested_name"] == "first_name"


def test_header_only_and_csv_spectrum_do_not_crash(tmp_path: Path) -> None:
    r = _profile(tmp_path, b"id,name\n")
    assert r["row_count"] == 0 and [c["pg_type"] for c in r["columns"]] == ["text", "text"]
    for p in sorted(SPECTRUM.glob("*.csv")) if SPECTRUM.is_dir() else []:
        res = profile(str(p), sniff(str(p)), work_dir=str(tmp_path / "w"))
        assert res["row_count"] >= 1
        pglast.parse_sql(res["create_table_sql"])
    if SPECTRUM.is_dir():
        res = profile(str(SPECTRUM / "empty.csv"), sniff(str(SPECTRUM / "empty.csv")))
        assert _col(res, "b")["empty_count"] == 1 and _col(res, "b")["null_count"] == 0


def test_wide_file_and_long_field(tmp_path: Path) -> None:
    n = 1700
    header = [f"c{i}" for i in range(n)]
    rows = [[str(i + j) for i in range(n)] for j in range(3)]
    r = _profile(tmp_path, _csv(header, rows), name="wide.csv")
    assert len(r["columns"]) == n and r["create_table_sql"] is None
    assert any("at most 1600" in x for x in r["notes"])
    big = "x" * (10 << 20)
    r = _profile(tmp_path, ("a,b\n1," + big + "\n2,y\n").encode(), name="long.csv")
    assert _col(r, "b")["max_length"] == 10 << 20


def test_incomplete_dialect_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(CsvError):
        profile(str(tmp_path / "x.csv"), {"delimiter": ","})


def test_duckdb_pass_and_python_pass_agree(tmp_path: Path) -> None:
    """Small files are profiled in Python from the sample, big ones by DuckDB: same answers."""
    header = [
        "int",
        "big",
        "dec",
        "zip",
        "flag",
        "iso",
        "dmy",
        "mdy",
        "ts",
        "tstz",
        "tm",
        "uid",
        "js",
        "txt",
        "amb",
        "mixed",
    ]
    rows = []
    for i in range(1, 401):
        rows.append(
            [
                str(i * 7 - 1000),
                str(3 * 10**12 + i),
                f"{i / 8:.3f}",
                f"{i:05d}",
                "t" if i % 3 else "f",
                f"2023-{i % 12 + 1:02d}-{i % 28 + 1:02d}",
                f"{i % 28 + 1}/{i % 12 + 1}/2023",
                f"{i % 12 + 1}/{i % 28 + 1}/2023",
                f"2023-01-{i % 28 + 1:02d} {i % 24:02d}:{i % 60:02d}:00",
                f"2023-01-{i % 28 + 1:02d}T10:00:00{'Z' if i % 2 else '+05:30'}",
                f"{i % 24}:{i % 60:02d}",
                f"{i:08x}-0000-4000-8000-{i:012x}",
                f'{{"n": {i}}}' if i % 2 else f"[{i}]",
                f"row {i}",
                f"{i % 12 + 1:02d}/{i % 12 + 1:02d}/2023",
                str(i) if i % 50 else "x",
            ]
        )
    rows[123][13] = ""
    data = _csv(header, rows).replace(b"\nrow 124\n", b"\n\n", 1)
    p = tmp_path / "agree.csv"
    p.write_bytes(data)
    d = sniff(str(p))
    py = profile(str(p), d, work_dir=str(tmp_path / "w"))
    dk = profile(str(p), d, work_dir=str(tmp_path / "w"), sample_rows=50)
    keys = ("pg_type", "format", "null_count", "empty_count", "min", "max", "max_length")
    for a, b in zip(py["columns"], dk["columns"], strict=True):
        assert {k: a[k] for k in keys} == {k: b[k] for k in keys}, a["name"]
        # exact where a key may hide (and in Python), HyperLogLog's estimate elsewhere: labelled
        assert a["distinct_exact"] is True
        if b["distinct_exact"]:
            assert a["distinct_count"] == b["distinct_count"], a["name"]
        else:
            assert abs(a["distinct_count"] - b["distinct_count"]) <= 0.05 * a["distinct_count"] + 1, a["name"]
    assert py["row_count"] == dk["row_count"] == 400
    assert py["candidate_keys"] == dk["candidate_keys"]
    assert [c["pg_type"] for c in py["columns"]] == [
        "integer",
        "bigint",
        "numeric(5,3)",
        "text",
        "boolean",
        "date",
        "date",
        "date",
        "timestamp",
        "timestamptz",
        "time",
        "uuid",
        "jsonb",
        "text",
        "text",
        "text",
    ]


def test_mixed_line_breaks(tmp_path: Path) -> None:
    data = b'a,b\n1,2\r\n3,"x\r\ny"\r4,5\n6,"p\nq"\n'
    r = _profile(tmp_path, data)
    assert r["row_count"] == 4 and _col(r, "b")["max_length"] == 4
    p = tmp_path / "m2.csv"
    p.write_bytes(data)
    d = dict(sniff(str(p)), mixed_newlines=False)
    r = profile(str(p), d, work_dir=str(tmp_path / "w"))
    assert r["row_count"] == 4
    assert any("line-break styles" in n for n in r["notes"])


@pytest.mark.parametrize(
    "data",
    [
        b"a,b\n1,2\n3\n4,5,6\n",  # ragged
        b'a,b\n1,"never closed\n2,3\n',  # unterminated quote
        b"a,b\n1,x\x00y\n2,z\n",  # NUL
        b"a,b\n1,\xff\xfe\xfd\n2,ok\n",  # invalid UTF-8
        b"",  # empty
        b"a,b\n",  # header only
        b"a,a,a\n1,2,3\n",  # duplicate headers
        b"\xef\xbb\xbf",  # a BOM and nothing else
        b'"a""b",c\n"x",\n',
        ",".join(f"c{i}" for i in range(5000)).encode()
        + b"\n"
        + b",".join(b"1" for _ in range(5000))
        + b"\n",
    ],
)
def test_malformed_input_is_a_clear_error_or_a_consistent_result(tmp_path: Path, data: bytes) -> None:
    from dbagent_plpy.csv_prepare import prepare_for_copy

    p = tmp_path / "bad.csv"
    p.write_bytes(data)
    try:
        d = sniff(str(p))
        r = profile(str(p), d, work_dir=str(tmp_path / "w"))
        prep = prepare_for_copy(str(p), d, str(tmp_path / "w"))
    except CsvError as e:
        assert e.sqlstate and e.message and "\x00" not in e.message
        return
    assert r["row_count"] >= 0 and len(r["columns"]) == d["column_count"]
    assert prep["column_count"] == d["column_count"]
