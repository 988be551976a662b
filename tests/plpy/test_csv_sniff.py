"""dbagent_plpy.csv_sniff: dialect detection, measured against corpora we did not write."""

from __future__ import annotations

import codecs
import os
import time
from pathlib import Path

import pytest

from dbagent_plpy.csv_sniff import CsvError, sniff

CORPORA = Path(__file__).resolve().parents[3] / "shared" / "bench" / "corpora"
W3C = CORPORA / "csvsniffer" / "W3C-CSVW"
W3C_ANNOTATIONS = CORPORA / "csvsniffer" / "ground_truth" / "W3C-CSVW-dialect_annotations.txt"
SPECTRUM = CORPORA / "csv-spectrum" / "csvs"

_DELIMS = {"comma": ",", "semicolon": ";", "tab": "\t", "space": " ", "vslash": "|", "nsign": "#"}
_QUOTES = {"doublequote": '"', "singlequote": "'", "": None}


def _annotations() -> dict[str, tuple[str, str | None]]:
    out: dict[str, tuple[str, str | None]] = {}
    for line in W3C_ANNOTATIONS.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#") or line.startswith("file_name|"):
            continue
        name, _enc, delim, quote, _esc, _rec = line.split("|")
        out[name] = (_DELIMS[delim], _QUOTES[quote])
    return out


def _duckdb_matches(path: Path, delim: str, quote: str | None) -> bool:
    """DuckDB's bare sniffer, scored generously: '(empty)' (no quote seen) counts for '"'."""
    import duckdb

    con = duckdb.connect()
    try:
        row = con.execute("select Delimiter, Quote from sniff_csv(?)", [str(path)]).fetchone()
    except duckdb.Error:
        return False  # an error is a miss
    finally:
        con.close()
    assert row is not None
    d, q = row
    return bool(d == delim and (q == quote or (q in ("(empty)", "") and quote in ('"', None))))


@pytest.mark.skipif(not W3C.is_dir(), reason="the W3C-CSVW corpus is not checked out")
def test_w3c_csvw_dialects_beat_duckdb(capsys: pytest.CaptureFixture[str]) -> None:
    ann = _annotations()
    files = sorted(p for p in W3C.iterdir() if p.name in ann)
    assert len(files) >= 200
    ours = duck = 0
    misses: list[str] = []
    t_ours = t_duck = 0.0
    for p in files:
        delim, quote = ann[p.name]
        t = time.perf_counter()
        d = sniff(str(p))  # must never crash
        t_ours += time.perf_counter() - t
        if d["delimiter"] == delim and d["quote"] == quote:
            ours += 1
        else:
            misses.append(f"{p.name}: got {d['delimiter']!r}/{d['quote']!r}, want {delim!r}/{quote!r}")
        t = time.perf_counter()
        duck += _duckdb_matches(p, delim, quote)
        t_duck += time.perf_counter() - t
    n = len(files)
    with capsys.disabled():
        print(
            f"\nW3C-CSVW delimiter+quote: dbagent {ours}/{n} = {ours / n:.1%} ({t_ours:.1f}s), "
            f"DuckDB sniff_csv {duck}/{n} = {duck / n:.1%} ({t_duck:.1f}s)"
        )
    assert ours > duck, misses
    assert ours / n >= 0.99, misses


@pytest.mark.skipif(not SPECTRUM.is_dir(), reason="the csv-spectrum corpus is not checked out")
@pytest.mark.parametrize("name", sorted(os.listdir(SPECTRUM)) if SPECTRUM.is_dir() else [])
def test_csv_spectrum_is_comma_doublequote_header(name: str) -> None:
    d = sniff(str(SPECTRUM / name))
    if name == "location_coordinates.csv":
        # 37°36'37.8"N: no field is quoted, the quote characters are data (and analyse says so)
        assert (d["delimiter"], d["quote"], d["header"], d["quotes_literal"]) == (",", None, True, True)
    else:
        assert (d["delimiter"], d["quote"], d["header"]) == (",", '"', True)
    assert d["bad_lines"] == []
    assert d["newline"] == ("\r\n" if "crlf" in name else "\n")


ROWS = [
    ["id", "name", "amount", "when"],
    ["1", "Zoë", "12.50", "2024-01-05"],
    ["2", "Ånne", "3.10", "2024-02-05"],
    ["3", "José", "7.00", "2024-03-05"],
    ["4", "Ola", "8.25", "2024-03-07"],
]


def _table(delim: str = ",", nl: str = "\n") -> str:
    return nl.join(delim.join(r) for r in ROWS) + nl


def _write(tmp_path: Path, data: bytes, name: str = "t.csv") -> str:
    p = tmp_path / name
    p.write_bytes(data)
    return str(p)


@pytest.mark.parametrize("delim", [",", ";", "\t", "|", " ", "#", ":"])
def test_delimiters(tmp_path: Path, delim: str) -> None:
    d = sniff(_write(tmp_path, _table(delim).encode()))
    assert d["delimiter"] == delim
    assert d["header"] is True
    assert d["columns"] == ROWS[0]
    assert d["column_count"] == 4
    assert d["bad_lines"] == []


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (_table().encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + _table().encode("utf-8"), "utf-8-sig"),
        (codecs.BOM_UTF16_LE + _table().encode("utf-16-le"), "utf-16-le"),
        (codecs.BOM_UTF16_BE + _table().encode("utf-16-be"), "utf-16-be"),
        (_table().encode("utf-16-le"), "utf-16-le"),
        ((_table() + "5,€uro,1.00,2024-01-01\n").encode("cp1252"), "cp1252"),
        (_table().encode("latin-1") + b"6,\x81x,1.00,2024-01-01\n", "latin-1"),
    ],
)
def test_encodings_never_fail(tmp_path: Path, data: bytes, encoding: str) -> None:
    d = sniff(_write(tmp_path, data))
    assert d["encoding"] == encoding
    assert d["columns"] == ROWS[0]
    assert (d["delimiter"], d["quote"], d["header"]) == (",", '"', True)


def test_latin1_without_c1_bytes_reads_as_a_single_byte_encoding(tmp_path: Path) -> None:
    d = sniff(_write(tmp_path, _table().encode("latin-1")))
    assert d["encoding"] in ("cp1252", "latin-1")
    assert any("inferred" in u for u in d["uncertain"])


@pytest.mark.parametrize(("nl", "name"), [("\n", "LF"), ("\r\n", "CRLF"), ("\r", "CR")])
def test_newlines(tmp_path: Path, nl: str, name: str) -> None:
    d = sniff(_write(tmp_path, _table(",", nl).encode()))
    assert d["newline"] == nl, name
    assert d["column_count"] == 4
    assert d["bad_lines"] == []


def test_single_quote_and_backslash_escape(tmp_path: Path) -> None:
    d = sniff(_write(tmp_path, b"id,name\n1,'Smith, John'\n2,'Doe, Jane'\n3,'O''Hara, K'\n"))
    assert (d["delimiter"], d["quote"], d["escape"]) == (",", "'", None)
    d = sniff(_write(tmp_path, b'id,name\n1,"say \\"hi\\", ok"\n2,"x"\n3,"a \\"b\\""\n'))
    assert (d["delimiter"], d["quote"], d["escape"]) == (",", '"', "\\")
    assert d["bad_lines"] == []


def test_doubled_quotes_and_embedded_newlines(tmp_path: Path) -> None:
    d = sniff(_write(tmp_path, b'a,b\n1,"he said ""hi""\nand left"\n2,"x, y"\n3,z\n'))
    assert (d["delimiter"], d["quote"], d["escape"], d["column_count"]) == (",", '"', None, 2)
    assert d["bad_lines"] == []


def test_header_detection(tmp_path: Path) -> None:
    d = sniff(_write(tmp_path, b"1,2.5,2024-01-01\n2,3.5,2024-01-02\n3,4.5,2024-01-03\n"))
    assert d["header"] is False
    assert d["columns"] == ["column1", "column2", "column3"]
    d = sniff(_write(tmp_path, b"code,qty\nA1,2\nB7,3\nC9,4\n"))
    assert d["header"] is True


def test_preamble_lines_are_skipped(tmp_path: Path) -> None:
    data = b"Sales report\nGenerated 2024-01-01\n\nid,name,amount\n1,a,2.5\n2,b,3.5\n3,c,4.5\n"
    d = sniff(_write(tmp_path, data))
    assert d["skip_rows"] == 3
    assert d["columns"] == ["id", "name", "amount"]
    data = b"# exported by tool, v2\n# columns: id, name\nid,name,amount\n1,a,2.5\n2,b,3.5\n"
    d = sniff(_write(tmp_path, data))
    assert d["skip_rows"] == 2
    assert d["columns"] == ["id", "name", "amount"]


def test_ragged_rows_are_reported_not_read_as_one_column(tmp_path: Path) -> None:
    d = sniff(_write(tmp_path, b"a,b,c\n1,2,3\n4,5\n6,7,8,9\n10,11,12\n13,14,15\n"))
    assert d["delimiter"] == ","
    assert d["column_count"] == 3
    assert [(b["line"], b["fields"], b["expected"]) for b in d["bad_lines"]] == [(3, 2, 3), (4, 4, 3)]
    assert d["confidence"] == "low"
    assert any("no dialect fits every row" in u for u in d["uncertain"])


def test_bad_lines_are_capped_and_redacted(tmp_path: Path) -> None:
    lines = ["a,b"] + [f"{i},x" for i in range(100)] + [f"{i},x,y" for i in range(40)]
    lines.insert(5, "7,4111 1111 1111 1111,z")
    d = sniff(_write(tmp_path, ("\n".join(lines) + "\n").encode()))
    assert len(d["bad_lines"]) == 20
    assert d["bad_lines"][0]["text"] == "7,«redacted»,z"
    assert "4111" not in repr(d)


def test_empty_whitespace_and_header_only(tmp_path: Path) -> None:
    with pytest.raises(CsvError) as e:
        sniff(_write(tmp_path, b""))
    assert e.value.sqlstate == "22023"
    with pytest.raises(CsvError):
        sniff(_write(tmp_path, b"\n\r\n  \n"))
    d = sniff(_write(tmp_path, b"id,name,amount\n"))
    assert (d["header"], d["columns"]) == (True, ["id", "name", "amount"])


def test_single_column_and_duplicate_headers(tmp_path: Path) -> None:
    d = sniff(_write(tmp_path, b"name\nAlice Smith\nBob\nCarol Ann Jones\n"))
    assert (d["delimiter"], d["column_count"], d["columns"]) == (",", 1, ["name"])
    d = sniff(_write(tmp_path, b"a,a,b\n1,2,3\n4,5,6\n"))
    assert d["columns"] == ["a", "a", "b"]


def test_trailing_delimiter_rows_with_a_short_header(tmp_path: Path) -> None:
    d = sniff(_write(tmp_path, b"a,b,c\n1,2,3,\n4,5,6,\n7,8,9,\n"))
    assert (d["column_count"], d["header"], d["skip_rows"]) == (4, True, 0)
    assert d["bad_lines"] == []


def test_nul_bytes_are_refused_naming_the_line(tmp_path: Path) -> None:
    for data, line in [(b"a,b\n1,x\x00y\n2,z\n3,w\n", 2), (b"a,b\n1,x\n2,z\n3,w\x00\n", 4),
                       (b"\x00a,b\n1,2\n", 1), (b'a,b\n1,"x\ny"\n2,\x00\n', 4)]:
        with pytest.raises(CsvError) as e:
            sniff(_write(tmp_path, data))
        assert e.value.sqlstate == "22P05" and f"line {line}" in e.value.message, (data, e.value.message)
        assert e.value.hint


def test_big_file_is_sampled_not_read(tmp_path: Path) -> None:
    p = tmp_path / "big.csv"
    block = "".join(f"{i},name {i},{i * 1.5:.2f},2024-01-{i % 28 + 1:02d}\n" for i in range(20000)).encode()
    with open(p, "wb") as fh:
        fh.write(b"id,name,amount,day\n")
        for _ in range(max(1, (96 << 20) // len(block))):
            fh.write(block)
    t = time.perf_counter()
    d = sniff(str(p))
    elapsed = time.perf_counter() - t
    assert (d["delimiter"], d["column_count"], d["header"]) == (",", 4, True)
    assert d["sample_is_whole_file"] is False
    assert elapsed < 5, f"sniffing {p.stat().st_size >> 20} MiB took {elapsed:.1f}s"


def test_missing_file_is_a_csv_error(tmp_path: Path) -> None:
    with pytest.raises(CsvError):
        sniff(str(tmp_path / "nope.csv"))
