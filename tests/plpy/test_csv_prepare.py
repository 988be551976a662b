"""dbagent_plpy.csv_prepare: the file handed to COPY loads every value exactly.

Without a server, a faithful model of PostgreSQL 15's ``COPY FROM ... (FORMAT csv)`` reads the
prepared file (``pg_copy_csv`` below, written from copyfromparse.c's rules: line reading with
quote/escape toggling and the newline-style checks, the ``\\.`` end marker, field splitting with
quotes anywhere in a field, unquoted empty = NULL, exact field counts). The same round trips also
run through a real scratch PostgreSQL 15 (found as ``dbagent up`` finds it, or
``DBAGENT_TEST_PG_BIN``).
"""

from __future__ import annotations

import codecs
import json
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from dbagent_plpy.csv_prepare import copy_with_clause, prepare_for_copy
from dbagent_plpy.csv_sniff import CsvError, sniff

SPECTRUM = Path(__file__).resolve().parents[3] / "shared" / "bench" / "corpora" / "csv-spectrum"

Row = list[str | None]

# ---------------------------------------------------------------------------------------------
# A model of PostgreSQL 15 COPY FROM (FORMAT csv)
# ---------------------------------------------------------------------------------------------


class CopyError(Exception):
    def __init__(self, message: str, line: int) -> None:
        super().__init__(f"{message} (line {line})")
        self.line = line


_PG_CODECS = {"UTF8": "utf-8", "LATIN1": "latin-1", "WIN1252": "cp1252"}


def pg_copy_csv(data: bytes, options: dict[str, Any], ncols: int) -> list[Row]:
    """Rows PostgreSQL 15 would store from ``data`` with ``options`` (all columns text)."""
    text = data.decode(_PG_CODECS[options.get("encoding") or "UTF8"])  # invalid bytes raise
    if "\x00" in text:
        raise CopyError("invalid byte sequence: 0x00", 1)
    delim = options["delimiter"]
    quote = options["quote"]
    escape = options.get("escape") or quote
    escapec = None if escape == quote else escape
    rows: list[Row] = []
    pos = 0
    n = len(text)
    eol: str | None = None
    lineno = 0
    first = True
    while pos < n:
        lineno += 1
        # --- CopyReadLineText, CSV mode ---
        start = pos
        in_quote = False
        last_was_esc = False
        first_char = True
        end_marker = False
        while True:
            if pos >= n:
                line = text[start:pos]
                break
            c = text[pos]
            pos += 1
            if in_quote and escapec is not None and c == escapec:
                last_was_esc = not last_was_esc
            if c == quote and not last_was_esc:
                in_quote = not in_quote
            if c != escapec:
                last_was_esc = False
            if in_quote and c == ("\n" if eol == "\n" else "\r"):
                lineno += 1
            if c == "\r" and not in_quote:
                if eol in (None, "\r\n"):
                    if pos < n and text[pos] == "\n":
                        pos += 1
                        eol = "\r\n"
                        line = text[start : pos - 2]
                        break
                    if eol == "\r\n":
                        raise CopyError("unquoted carriage return found in data", lineno)
                    eol = "\r"
                elif eol == "\n":
                    raise CopyError("unquoted carriage return found in data", lineno)
                line = text[start : pos - 1]
                break
            if c == "\n" and not in_quote:
                if eol in ("\r", "\r\n"):
                    raise CopyError("unquoted newline found in data", lineno)
                eol = "\n"
                line = text[start : pos - 1]
                break
            if c == "\\" and first_char and pos < n and text[pos] == ".":
                after = pos + 1
                if eol == "\r\n":
                    if after < n and text[after] == "\r" and after + 1 < n and text[after + 1] == "\n":
                        end_marker = True
                elif after < n and text[after] in "\r\n":
                    if eol is not None and text[after] != eol[0]:
                        raise CopyError("end-of-copy marker does not match previous newline style", lineno)
                    end_marker = True
                if end_marker:
                    line = text[start : pos - 1]
                    break
            first_char = False
        if end_marker:
            if line != "":
                pass  # data before the marker on the same line cannot happen: it must be first
            break
        if first and options.get("header"):
            first = False
            continue
        first = False
        # --- CopyReadAttributesCSV ---
        fields: Row = []
        i = 0
        m = len(line)
        while True:
            out: list[str] = []
            saw_quote = False
            found_delim = False
            while True:
                # not in quote
                while i < m:
                    c = line[i]
                    i += 1
                    if c == delim:
                        found_delim = True
                        break
                    if c == quote:
                        saw_quote = True
                        break
                    out.append(c)
                else:
                    break
                if found_delim:
                    break
                # in quote
                while True:
                    if i >= m:
                        raise CopyError("unterminated CSV quoted field", lineno)
                    c = line[i]
                    i += 1
                    if c == escape and i < m and line[i] in (escape, quote):
                        out.append(line[i])
                        i += 1
                        continue
                    if c == quote:
                        break
                    out.append(c)
            value = "".join(out)
            fields.append(None if (not saw_quote and value == "") else value)
            if not found_delim:
                break
        if len(fields) < ncols:
            raise CopyError("missing data for column", lineno)
        if len(fields) > ncols:
            raise CopyError("extra data after last expected column", lineno)
        rows.append(fields)
    return rows


def test_the_model_agrees_with_postgresql_on_known_cases() -> None:
    opts = {"delimiter": ",", "quote": '"', "escape": '"', "header": True, "encoding": "UTF8"}
    assert pg_copy_csv(b'a,b\n1,""\n,"x""y"\n', opts, 2) == [["1", ""], [None, 'x"y']]
    assert pg_copy_csv(b"a\n1\n\\.\n2\n", opts, 1) == [["1"]]  # PostgreSQL 15 stops silently
    assert pg_copy_csv(b'a\n"\\."\n2\n', opts, 1) == [["\\."], ["2"]]
    assert pg_copy_csv(b'a,b\n12"x,y"z,w\n', opts, 2) == [["12x,yz", "w"]]  # quotes toggle anywhere
    assert pg_copy_csv(b"a\n1\n\n", opts, 1) == [["1"], [None]]
    with pytest.raises(CopyError, match="missing data"):
        pg_copy_csv(b"a,b\n1,2\n\n3,4\n", opts, 2)
    with pytest.raises(CopyError, match="carriage return"):
        pg_copy_csv(b"a,b\r\n1,2\r\n3,4\r", opts, 2)
    with pytest.raises(CopyError) as e:
        pg_copy_csv(b'a,b\n1,"x\ny"\n2,3\n4\n', opts, 2)
    assert e.value.line == 5  # as the real server reports it


# ---------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------


def _load(path: str, dialect: dict[str, Any], work_dir: Path) -> tuple[list[Row], dict[str, Any]]:
    prep = prepare_for_copy(path, dialect, str(work_dir))
    data = Path(prep["path"]).read_bytes()
    rows = pg_copy_csv(data, prep["copy_options"], int(dialect["column_count"]))
    return rows, prep


def _sniffed_load(path: str, work_dir: Path) -> tuple[list[Row], dict[str, Any], dict[str, Any]]:
    d = sniff(path)
    rows, prep = _load(path, d, work_dir)
    return rows, prep, d


def _expected_json(name: str) -> list[dict[str, str]]:
    data = json.loads((SPECTRUM / "json" / name.replace(".csv", ".json")).read_text(encoding="utf-8"))
    return data if isinstance(data, list) else [data]  # one upstream file holds a bare object


def _csv_field(v: str | None, delim: str = ",", quote: str = '"', always: bool = False) -> str:
    if v is None:
        return ""
    if always or v == "" or any(ch in v for ch in (delim, quote, "\r", "\n")) or v.startswith("\\."):
        return quote + v.replace(quote, quote + quote) + quote
    return v


def _csv(rows: list[Row], delim: str = ",", nl: str = "\n", quote: str = '"', always: bool = False) -> str:
    return "".join(delim.join(_csv_field(v, delim, quote, always) for v in r) + nl for r in rows)


HEADER: Row = ["zip", "note", "big", "amount", "code", "text"]
TRAPS: list[Row] = [
    ["00501", "", "12345678901234567890", "0.10", "007", "plain"],
    ["02134", None, "-98765432109876543210", "12.50", "000", 'quoted "twice" here'],
    ["10001", "multi\nline", "1", "-3.14159", "0", "comma, inside"],
    ["90210", "crlf\r\ninside", "0", "100", "042", "tab\tinside"],
    ["33101", "lone\rcr", "99999999999999999999", "1e5", " 1", "  padded  "],
    ["60601", "ünïcödé ✓ 日本", "18446744073709551616", "", "\\.", "back\\slash"],
    ["73301", "\\.", "", None, "x", ""],
]


# ---------------------------------------------------------------------------------------------
# Round trips
# ---------------------------------------------------------------------------------------------


@pytest.mark.skipif(not SPECTRUM.is_dir(), reason="the csv-spectrum corpus is not checked out")
@pytest.mark.parametrize("name", sorted(os.listdir(SPECTRUM / "csvs")) if SPECTRUM.is_dir() else [])
def test_csv_spectrum_round_trip(name: str, tmp_path: Path) -> None:
    rows, prep, d = _sniffed_load(str(SPECTRUM / "csvs" / name), tmp_path)
    expected = _expected_json(name)
    got = [dict(zip(d["columns"], r, strict=True)) for r in rows]
    if name == "location_coordinates.csv":
        # Upstream's JSON has a different phone number than its CSV; everything else must match.
        assert got[0]["Contact Phone Number"] == "2095257564"
        got[0]["Contact Phone Number"] = expected[0]["Contact Phone Number"]
        # its unquoted fields hold quotes and no field is quoted: quotes are data, and COPY gets a
        # quote byte the file does not use
        assert d["quote"] is None and prep["copy_options"]["quote"] not in ('"', "'")
    assert got == expected


@pytest.mark.parametrize(
    ("label", "encoding", "prefix", "nl", "how"),
    [
        ("utf-8 LF", "utf-8", b"", "\n", "direct"),
        ("utf-8 CRLF", "utf-8", b"", "\r\n", "direct"),
        ("utf-8 BOM", "utf-8", codecs.BOM_UTF8, "\n", "direct"),  # the BOM is in the skipped header
        ("latin-1", "latin-1", b"", "\n", "direct"),
        ("utf-16-le BOM", "utf-16-le", codecs.BOM_UTF16_LE, "\r\n", "transcoded"),
        ("utf-16-be BOM", "utf-16-be", codecs.BOM_UTF16_BE, "\n", "transcoded"),
    ],
)
def test_generated_traps_round_trip(
    label: str, encoding: str, prefix: bytes, nl: str, how: str, tmp_path: Path
) -> None:
    rows = [r[:] for r in TRAPS]
    if encoding == "latin-1":
        rows[5][1] = "ünïcödé à la française"  # Latin-1 cannot hold the rest
    text = _csv([HEADER] + rows, nl=nl)
    path = tmp_path / "traps.csv"
    path.write_bytes(prefix + text.encode(encoding))
    got, prep, d = _sniffed_load(str(path), tmp_path / "work")
    assert d["columns"] == HEADER, label
    assert got == rows, label
    if how == "direct":
        assert prep["path"] == str(path) and not prep["transcoded"] and not prep["rewritten"], label
    else:
        assert prep["transcoded"] and prep["copy_options"]["encoding"] == "UTF8", label


def test_plain_utf8_file_is_used_directly(tmp_path: Path) -> None:
    rows: list[Row] = [["00501", "", "12345678901234567890", 'a "b"', None], ["1", "x\ny", "2", ",", "ü"]]
    path = tmp_path / "plain.csv"
    path.write_bytes(_csv([["a", "b", "c", "d", "e"]] + rows).encode())
    got, prep, _ = _sniffed_load(str(path), tmp_path / "work")
    assert got == rows
    assert prep["path"] == str(path) and not prep["rewritten"] and not prep["transcoded"]
    assert prep["copy_options"] == {
        "format": "csv",
        "delimiter": ",",
        "quote": '"',
        "escape": '"',
        "header": True,
        "encoding": "UTF8",
    }
    assert prep["line_numbers"]["original_line_offset"] == 0
    assert os.listdir(tmp_path / "work") == []


def test_bom_with_header_is_used_directly_and_crlf_too(tmp_path: Path) -> None:
    rows: list[Row] = [["1", "x"], ["2", ""]]
    path = tmp_path / "bom.csv"
    path.write_bytes(codecs.BOM_UTF8 + _csv([["a", "b"]] + rows, nl="\r\n").encode())
    got, prep, _ = _sniffed_load(str(path), tmp_path / "work")
    assert got == rows
    assert prep["path"] == str(path)


def test_latin1_and_cp1252_are_read_by_copy_itself(tmp_path: Path) -> None:
    path = tmp_path / "l1.csv"
    path.write_bytes("a,b\n1,Crème brûlée\n2,Forêt de Fontainebleau\n".encode("latin-1"))
    d = sniff(str(path))
    got, prep = _load(str(path), d, tmp_path / "w")
    assert got == [["1", "Crème brûlée"], ["2", "Forêt de Fontainebleau"]]
    assert prep["path"] == str(path) and prep["copy_options"]["encoding"] in ("WIN1252", "LATIN1")
    path.write_bytes("a,b\n1,€ 5\n2,“quoted”\n".encode("cp1252"))
    d = sniff(str(path))
    got, prep = _load(str(path), d, tmp_path / "w")
    assert got == [["1", "€ 5"], ["2", "“quoted”"]]
    assert prep["copy_options"]["encoding"] == "WIN1252" and not prep["transcoded"]


def test_cp1252_with_undefined_bytes_is_transcoded(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_bytes(b"a,b\n1,\x80\x81\n2,x\n")
    d = dict(sniff(str(path)), encoding="cp1252")
    got, prep = _load(str(path), d, tmp_path / "w")
    assert got == [["1", "€\x81"], ["2", "x"]]
    assert prep["transcoded"] and prep["copy_options"]["encoding"] == "UTF8"


def test_preamble_is_removed_and_line_offset_reported(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_bytes(b"Report\nGenerated today\n\nid,name,amount\n1,a,2.5\n2,b,3.5\n3,c,4.5\n")
    got, prep, d = _sniffed_load(str(path), tmp_path / "w")
    assert d["skip_rows"] == 3 and d["data_line"] == 5
    assert got == [["1", "a", "2.5"], ["2", "b", "3.5"], ["3", "c", "4.5"]]
    assert prep["rewritten"] and prep["copy_options"]["header"] is False  # COPY cannot skip a preamble
    assert any("before the table" in r for r in prep["reasons"])


def test_end_of_data_marker_is_quoted_not_obeyed(tmp_path: Path) -> None:
    path = tmp_path / "m.csv"
    path.write_bytes(b"a\n1\n\\.\n2\n")
    d = {
        "encoding": "utf-8",
        "delimiter": ",",
        "quote": '"',
        "escape": None,
        "header": True,
        "skip_rows": 0,
        "newline": "\n",
        "column_count": 1,
    }
    got, prep = _load(str(path), d, tmp_path / "w")
    assert got == [["1"], ["\\."], ["2"]]
    assert prep["rewritten"]


def test_quotes_inside_fields_of_a_file_that_quotes_nothing_are_data(tmp_path: Path) -> None:
    path = tmp_path / "q.csv"
    path.write_bytes(b'item,size\npipe,12"\nhose,3"\nbolt,5"x"6\n')
    got, prep, d = _sniffed_load(str(path), tmp_path / "w")
    assert d["quote"] is None and d["quotes_literal"] is True
    assert got == [["pipe", '12"'], ["hose", '3"'], ["bolt", '5"x"6']]
    assert not prep["rewritten"] and prep["copy_options"]["quote"].encode() not in path.read_bytes()


@pytest.mark.parametrize(
    ("data", "line"),
    [
        (b'item,size,note\npipe,"12 in",x\nTable,$78.07"All-Weather Dining Table,y\n', 3),  # issue 14
        (b'a,b\n"x, y",1\n"z",12"\n', 3),  # a quote at the end of an unquoted field
        (b'a,b\n"x\ny",1\nq"r,2\n', 4),  # after a record spanning two lines
        (b'a,b\n"x",1\n"y"z,2\n', 3),  # a quoted field followed by more characters
        (b'a,b\n"x",1\n2,"never closed\n3,4\n', 3),
    ],
)
def test_a_quote_inside_an_unquoted_field_is_refused_naming_the_line(tmp_path: Path, data: bytes,
                                                                      line: int) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(data)
    d = sniff(str(path))
    assert d["quote"] == '"'
    with pytest.raises(CsvError) as e:
        prepare_for_copy(str(path), d, str(tmp_path / "w"))
    assert e.value.sqlstate == "22P04"
    assert f"line {line}" in e.value.message, e.value.message


def test_spaces_around_quoted_fields_are_rewritten(tmp_path: Path) -> None:
    path = tmp_path / "s.csv"
    path.write_bytes(b'a, b\n1, "x, y"\n2, "z"\n3, "w"\n')
    got, prep, d = _sniffed_load(str(path), tmp_path / "w")
    assert d["column_count"] == 2
    assert prep["rewritten"]
    assert [r[1] for r in got] == ["x, y", "z", "w"]  # DuckDB's reading, which the profile saw


def test_blank_lines_between_rows_are_dropped_like_the_profile(tmp_path: Path) -> None:
    path = tmp_path / "b.csv"
    path.write_bytes(b"a,b\n1,2\n\n3,4\n")
    d = {
        "encoding": "utf-8",
        "delimiter": ",",
        "quote": '"',
        "escape": None,
        "header": True,
        "skip_rows": 0,
        "newline": "\n",
        "column_count": 2,
    }
    got, prep = _load(str(path), d, tmp_path / "w")
    assert got == [["1", "2"], ["3", "4"]]
    assert prep["rewritten"]


def test_crlf_file_with_a_final_lone_cr(tmp_path: Path) -> None:
    path = tmp_path / "e.csv"
    path.write_bytes(b'a,b,c\r\n1,"",""\r\n2,3,4\r')
    got, prep, _ = _sniffed_load(str(path), tmp_path / "w")
    assert got == [["1", "", ""], ["2", "3", "4"]]


DIALECT_CASES = [
    (b"a;b\n1;x,y\n2;z\n", {"delimiter": ";"}, [["1", "x,y"], ["2", "z"]]),
    (b"a|b\n1|'x|y'\n2|'it''s'\n", {"delimiter": "|", "quote": "'"}, [["1", "x|y"], ["2", "it's"]]),
    (b"a\tb\n1\tx\n2\t\n", {"delimiter": "\t"}, [["1", "x"], ["2", None]]),
    (b"a b\n1 x\n2 y\n", {"delimiter": " "}, [["1", "x"], ["2", "y"]]),
    (b'a,b\n1,"x\\"y"\n2,"p\\\\q"\n', {"escape": "\\"}, [["1", 'x"y'], ["2", "p\\q"]]),
    (b'a,b\n1,"x\\ny"\n', {"escape": "\\"}, [["1", "xny"]]),  # DuckDB drops a lone escape
    (b'a,b\n1,5" pipe\n2,"x"\n', {"quote": None}, [["1", '5" pipe'], ["2", '"x"']]),
    (b"a,b\r1,x\r2,y\r", {"newline": "\r"}, [["1", "x"], ["2", "y"]]),
    ("a§b\n1§x\n2§y\n".encode(), {"delimiter": "§"}, [["1", "x"], ["2", "y"]]),
]


def _dialect(overrides: dict[str, Any]) -> dict[str, Any]:
    d = {
        "encoding": "utf-8",
        "delimiter": ",",
        "quote": '"',
        "escape": None,
        "header": True,
        "skip_rows": 0,
        "newline": "\n",
        "column_count": 2,
    }
    d.update(overrides)
    return d


@pytest.mark.parametrize(("data", "dialect", "expected"), DIALECT_CASES)
def test_dialects(tmp_path: Path, data: bytes, dialect: dict[str, Any], expected: list[Row]) -> None:
    path = tmp_path / "d.csv"
    path.write_bytes(data)
    d = {
        "encoding": "utf-8",
        "delimiter": ",",
        "quote": '"',
        "escape": None,
        "header": True,
        "skip_rows": 0,
        "newline": "\n",
        "column_count": 2,
    }
    d.update(dialect)
    got, _ = _load(str(path), d, tmp_path / "w")
    assert got == expected


def test_no_quote_dialect_gets_an_unused_quote_byte(tmp_path: Path) -> None:
    path = tmp_path / "n.csv"
    path.write_bytes(b"a,b\n1,x\n2,y\n")
    d = {
        "encoding": "utf-8",
        "delimiter": ",",
        "quote": None,
        "escape": None,
        "header": True,
        "skip_rows": 0,
        "newline": "\n",
        "column_count": 2,
    }
    got, prep = _load(str(path), d, tmp_path / "w")
    assert got == [["1", "x"], ["2", "y"]]
    assert not prep["rewritten"] and prep["copy_options"]["quote"] == '"'


def test_nul_bytes_are_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "z.csv"
    path.write_bytes(b"a,b\n1,x\x00y\n")
    d = {
        "encoding": "utf-8",
        "delimiter": ",",
        "quote": '"',
        "escape": None,
        "header": True,
        "skip_rows": 0,
        "newline": "\n",
        "column_count": 2,
    }
    with pytest.raises(CsvError) as e:
        prepare_for_copy(str(path), d, str(tmp_path / "w"))
    assert e.value.sqlstate == "22P05" and "line 2" in e.value.message


def test_ragged_rows_are_an_error_or_skipped(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_bytes(b'a,b\n1,2\n3\n"4",5,6\n7,"8"x\n9,10\n')
    d = {
        "encoding": "utf-8",
        "delimiter": ",",
        "quote": '"',
        "escape": None,
        "header": True,
        "skip_rows": 0,
        "newline": "\n",
        "column_count": 2,
    }
    with pytest.raises(CsvError) as e:  # all or nothing: a clear error before any load
        prepare_for_copy(str(path), d, str(tmp_path / "w"))
    assert e.value.sqlstate == "22P04"
    assert "line 3" in (e.value.detail or "")
    prep = prepare_for_copy(str(path), d, str(tmp_path / "w"), skip_bad_rows=True)
    assert prep["rewritten"]
    assert [s["line"] for s in prep["skipped"]] == [3, 4, 5]
    assert pg_copy_csv(Path(prep["path"]).read_bytes(), prep["copy_options"], 2) == [["1", "2"], ["9", "10"]]


def test_short_header_with_trailing_delimiter_rows_is_direct(tmp_path: Path) -> None:
    path = tmp_path / "h.csv"
    path.write_bytes(b"a,b,c\n1,2,3,\n4,5,6,\n7,8,9,\n")
    got, prep, d = _sniffed_load(str(path), tmp_path / "w")
    assert d["column_count"] == 4
    assert got == [["1", "2", "3", None], ["4", "5", "6", None], ["7", "8", "9", None]]
    assert prep["path"] == str(path)


def test_copy_with_clause_quotes_literals() -> None:
    clause = copy_with_clause(
        {"format": "csv", "delimiter": "'", "quote": '"', "escape": '"', "header": True, "encoding": "UTF8"}
    )
    assert clause == "(format csv, delimiter '''', quote '\"', escape '\"', encoding 'UTF8', header true)"


def test_temporary_files_stay_in_the_work_dir(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(codecs.BOM_UTF16_LE + "a,b\n1,x\n".encode("utf-16-le"))
    work = tmp_path / "work"
    prep = prepare_for_copy(str(path), sniff(str(path)), str(work))
    assert prep["temporary"] and Path(prep["path"]).parent == work
    assert os.listdir(work) == [Path(prep["path"]).name]


# ---------------------------------------------------------------------------------------------
# The same round trips through a real PostgreSQL 15 (its binaries found as `dbagent up` finds them,
# or DBAGENT_TEST_PG_BIN)
# ---------------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def scratch_pg() -> Iterator[tuple[list[str], str]]:
    bindir = os.environ.get("DBAGENT_TEST_PG_BIN")
    if not bindir:
        from dbagent.server import ServerError, find_bindir

        try:
            bindir = find_bindir()[0]
        except ServerError:
            pytest.skip("no PostgreSQL 15 server binaries here")
    root = tempfile.mkdtemp(prefix="dbagent_csvpg_")
    os.chmod(root, 0o755)
    as_pg: list[str] = []
    if os.geteuid() == 0:  # the server refuses to run as root: use the postgres account
        shutil.chown(root, "postgres", "postgres")
        as_pg = ["runuser", "-u", "postgres", "--"]
    data = os.path.join(root, "data")
    port = str(_free_port())
    subprocess.run(
        as_pg + [f"{bindir}/initdb", "-D", data, "-E", "UTF8", "--locale=C.UTF-8", "-A", "trust"],
        check=True,
        capture_output=True,
    )
    subprocess.run(
        as_pg
        + [
            f"{bindir}/pg_ctl",
            "-D",
            data,
            "-l",
            os.path.join(root, "log"),
            "-w",
            "-o",
            f"-p {port} -k {root} -c listen_addresses=''",
            "start",
        ],
        check=True,
        capture_output=True,
    )
    psql = as_pg + [
        f"{bindir}/psql",
        "-h",
        root,
        "-p",
        port,
        "-d",
        "postgres",
        "-X",
        "-q",
        "-t",
        "-A",
        "-v",
        "ON_ERROR_STOP=1",
    ]
    try:
        yield psql, root
    finally:
        subprocess.run(
            as_pg + [f"{bindir}/pg_ctl", "-D", data, "-m", "immediate", "stop"], capture_output=True
        )
        shutil.rmtree(root, ignore_errors=True)


def _pg_load(scratch: tuple[list[str], str], src: Path, dialect: dict[str, Any] | None = None) -> list[Row]:
    psql, root = scratch
    work = tempfile.mkdtemp(dir=root)
    os.chmod(work, 0o755)
    target = Path(work) / src.name
    shutil.copyfile(src, target)
    os.chmod(target, 0o644)
    d = dialect or sniff(str(target))
    prep = prepare_for_copy(str(target), d, work)
    os.chmod(prep["path"], 0o644)
    k = int(d["column_count"])
    cols = ", ".join(f"c{i} text" for i in range(1, k + 1))
    arr = ", ".join(f"c{i}" for i in range(1, k + 1))
    path_lit = "'" + prep["path"].replace("'", "''") + "'"
    sql = (
        f"create temp table t (n serial, {cols}); "
        f"copy t ({arr}) from {path_lit} with {copy_with_clause(prep['copy_options'])}; "
        f"select coalesce(json_agg(json_build_array({arr}) order by n), '[]') from t;"
    )
    out = subprocess.run(psql + ["-c", sql], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


@pytest.mark.skipif(not SPECTRUM.is_dir(), reason="the csv-spectrum corpus is not checked out")
def test_real_postgresql_csv_spectrum(scratch_pg: tuple[list[str], str]) -> None:
    for name in sorted(os.listdir(SPECTRUM / "csvs")):
        src = SPECTRUM / "csvs" / name
        d = sniff(str(src))
        got = [dict(zip(d["columns"], r, strict=True)) for r in _pg_load(scratch_pg, src)]
        expected = _expected_json(name)
        if name == "location_coordinates.csv":
            got[0]["Contact Phone Number"] = expected[0]["Contact Phone Number"]
        assert got == expected, name


@pytest.mark.parametrize(
    ("encoding", "prefix", "nl"),
    [
        ("utf-8", b"", "\n"),
        ("utf-8", codecs.BOM_UTF8, "\r\n"),
        ("latin-1", b"", "\n"),
        ("utf-16-le", codecs.BOM_UTF16_LE, "\n"),
        ("utf-16-be", codecs.BOM_UTF16_BE, "\r\n"),
    ],
)
def test_real_postgresql_traps(
    scratch_pg: tuple[list[str], str], tmp_path: Path, encoding: str, prefix: bytes, nl: str
) -> None:
    rows = [r[:] for r in TRAPS]
    if encoding == "latin-1":
        rows[5][1] = "ünïcödé àéî"
    path = tmp_path / "traps.csv"
    path.write_bytes(prefix + _csv([HEADER] + rows, nl=nl).encode(encoding))
    assert _pg_load(scratch_pg, path) == rows


def test_real_postgresql_end_marker_and_mid_field_quotes(
    scratch_pg: tuple[list[str], str], tmp_path: Path
) -> None:
    path = tmp_path / "m.csv"
    path.write_bytes(b'item,size\npipe,12"\n\\.\nbolt,5"x"6\n')
    d = {
        "encoding": "utf-8",
        "delimiter": ",",
        "quote": None,
        "escape": None,
        "header": True,
        "skip_rows": 0,
        "newline": "\n",
        "column_count": 1,
    }
    assert _pg_load(scratch_pg, path, dict(d, delimiter="\t")) == [['pipe,12"'], ["\\."], ['bolt,5"x"6']]


@pytest.mark.parametrize("flagged", [True, False])
def test_mixed_line_breaks_are_made_one_outside_quotes(tmp_path: Path, flagged: bool) -> None:
    path = tmp_path / "mixed.csv"
    path.write_bytes(b'a,b\n1,2\r\n3,"x\r\ny"\r4,5\n6,"p\nq"\n')
    d = sniff(str(path))
    assert d["mixed_newlines"] is True
    d["mixed_newlines"] = flagged  # unflagged: as if the sample had not shown it
    got, prep = _load(str(path), d, tmp_path / "w")
    assert got == [["1", "2"], ["3", "x\r\ny"], ["4", "5"], ["6", "p\nq"]]
    assert any("line breaks" in r for r in prep["reasons"])
    assert len(os.listdir(tmp_path / "w")) == 1


@pytest.mark.parametrize("preamble", [b"", b"Title line\n"])
def test_legacy_bytes_later_in_the_file_are_read_like_the_profile(
    tmp_path: Path, preamble: bytes
) -> None:
    path = tmp_path / "late.csv"
    path.write_bytes(preamble + b"a,b\n" + b"".join(b"%d,plain\n" % i for i in range(50))
                     + "50,Crème brûlée à la française\n".encode("cp1252"))
    d = {
        "encoding": "utf-8",
        "delimiter": ",",
        "quote": '"',
        "escape": None,
        "header": True,
        "skip_rows": 1 if preamble else 0,
        "newline": "\n",
        "column_count": 2,
    }
    got, prep = _load(str(path), d, tmp_path / "w")
    assert got[-1] == ["50", "Crème brûlée à la française"] and len(got) == 51
    assert prep["reading"]["encoding"] == "cp1252"


@pytest.mark.parametrize(("data", "dialect", "expected"), DIALECT_CASES)
def test_real_postgresql_dialects(
    scratch_pg: tuple[list[str], str],
    tmp_path: Path,
    data: bytes,
    dialect: dict[str, Any],
    expected: list[Row],
) -> None:
    path = tmp_path / "d.csv"
    path.write_bytes(data)
    assert _pg_load(scratch_pg, path, _dialect(dialect)) == expected
