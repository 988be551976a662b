"""analyse_csv's own suggestion loads its own file exactly, for every type analyse can suggest.

analyse → its create_table_sql through execute_sql → import_csv of the unchanged source (no
options: the formats analyse found are reused) → every value compared with what the file says,
computed here independently of dbagent.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from decimal import Decimal

import pytest

from dbtest import execute_sql
from test_csv import analyse, load, put

# column -> (expected pg_type, CSV cells, the value each cell means: a Python value or None)
UTC = dt.timezone.utc
COLUMNS: dict[str, tuple[str, list[str], list[object]]] = {
    "int4": ("integer", ["1", "-2147483648", "", "2147483647"], [1, -2147483648, None, 2147483647]),
    "int8": ("bigint", ["9223372036854775807", "-9223372036854775808", "0", ""],
             [9223372036854775807, -9223372036854775808, 0, None]),
    "huge": ("numeric", ["12345678901234567890", "-1", "", "99999999999999999999"],
             [Decimal("12345678901234567890"), Decimal(-1), None, Decimal("99999999999999999999")]),
    "money": ("numeric(9,2)", ["19.99", "-0.10", "1000000.00", ""],
              [Decimal("19.99"), Decimal("-0.10"), Decimal("1000000.00"), None]),
    "flag_tf": ("boolean", ["true", "false", "TRUE", ""], [True, False, True, None]),
    "flag_t": ("boolean", ["t", "f", "f", "t"], [True, False, False, True]),
    "flag_yn": ("boolean", ["yes", "no", "", "Yes"], [True, False, None, True]),
    "flag_y": ("boolean", ["y", "n", "Y", "N"], [True, False, True, False]),
    "flag_on": ("boolean", ["on", "off", "on", ""], [True, False, True, None]),
    "ident": ("uuid", ["6f1c2b9e-0d7a-4c8e-9f3b-2a1d5e7c9b01", "", "A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11",
                       "00000000-0000-0000-0000-000000000000"],
              [uuid.UUID("6f1c2b9e-0d7a-4c8e-9f3b-2a1d5e7c9b01"), None,
               uuid.UUID("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"), uuid.UUID(int=0)]),
    "day_iso": ("date", ["2024-02-29", "1999-12-31", "", "0001-01-01"],
                [dt.date(2024, 2, 29), dt.date(1999, 12, 31), None, dt.date(1, 1, 1)]),
    "day_ymd": ("date", ["2024/02/29", "2000/01/01", "2023/12/31", ""],
                [dt.date(2024, 2, 29), dt.date(2000, 1, 1), dt.date(2023, 12, 31), None]),
    "day_dmy": ("date", ["31/01/2024", "1/2/2024", "", "29/02/2024"],
                [dt.date(2024, 1, 31), dt.date(2024, 2, 1), None, dt.date(2024, 2, 29)]),
    "day_mdy": ("date", ["01/31/2024", "2/1/2024", "12/25/1999", ""],
                [dt.date(2024, 1, 31), dt.date(2024, 2, 1), dt.date(1999, 12, 25), None]),
    "day_dots": ("date", ["31.12.2023", "01.02.2024", "15.06.2020", ""],
                 [dt.date(2023, 12, 31), dt.date(2024, 2, 1), dt.date(2020, 6, 15), None]),
    "day_dash": ("date", ["25-12-2023", "", "01-02-2024", "13-01-2000"],
                 [dt.date(2023, 12, 25), None, dt.date(2024, 2, 1), dt.date(2000, 1, 13)]),
    "at_dmy_hm": ("timestamp", ["31/01/2024 09:05", "1/2/2024 23:59", "", "28/03/2021 02:30"],
                  [dt.datetime(2024, 1, 31, 9, 5), dt.datetime(2024, 2, 1, 23, 59), None,
                   dt.datetime(2021, 3, 28, 2, 30)]),
    "at_mdy_hms": ("timestamp", ["01/31/2024 09:05:07", "", "12/13/2024 00:00:00", "3/14/2021 02:30:00"],
                   [dt.datetime(2024, 1, 31, 9, 5, 7), None, dt.datetime(2024, 12, 13),
                    dt.datetime(2021, 3, 14, 2, 30)]),
    "at_iso": ("timestamp", ["2024-01-31 09:05:07", "2024-02-29 23:59:59.123456", "", "2021-03-28 02:30:00"],
               [dt.datetime(2024, 1, 31, 9, 5, 7), dt.datetime(2024, 2, 29, 23, 59, 59, 123456), None,
                dt.datetime(2021, 3, 28, 2, 30)]),
    "at_iso_t": ("timestamp", ["2024-01-31T09:05", "2024-02-29T23:59", "2000-01-01T00:00", ""],
                 [dt.datetime(2024, 1, 31, 9, 5), dt.datetime(2024, 2, 29, 23, 59), dt.datetime(2000, 1, 1), None]),
    "at_tz": ("timestamptz", ["2024-01-31T09:05:07Z", "2024-02-29 23:59:59+02:00", "", "2024-06-01 12:00:00-0530"],
              [dt.datetime(2024, 1, 31, 9, 5, 7, tzinfo=UTC), dt.datetime(2024, 2, 29, 21, 59, 59, tzinfo=UTC), None,
               dt.datetime(2024, 6, 1, 17, 30, tzinfo=UTC)]),
    "clock": ("time", ["09:05", "23:59", "", "00:00"], [dt.time(9, 5), dt.time(23, 59), None, dt.time(0, 0)]),
    "clock_s": ("time", ["09:05:07.5", "23:59:59", "00:00:00.000001", ""],
                [dt.time(9, 5, 7, 500000), dt.time(23, 59, 59), dt.time(0, 0, 0, 1), None]),
    "doc": ("jsonb", ['{"a": 1, "b": [true, null]}', "[1, 2.5]", "", '{"k": "v, w"}'],
            [{"a": 1, "b": [True, None]}, [1, 2.5], None, {"k": "v, w"}]),
    "words": ("text", ["plain", 'say "hi"', "", "line one\nline two"], ["plain", 'say "hi"', None, "line one\nline two"]),
    "code": ("text", ["007", "00501", "", "+1"], ["007", "00501", None, "+1"]),
}


def _cell(v: str) -> str:
    if v == "":
        return ""  # an unquoted empty field: NULL
    if any(ch in v for ch in ',"\n'):
        return '"' + v.replace('"', '""') + '"'
    return v


def _csv() -> bytes:
    names = list(COLUMNS)
    lines = [",".join(names)]
    for i in range(4):
        lines.append(",".join(_cell(COLUMNS[n][1][i]) for n in names))
    return ("\n".join(lines) + "\n").encode()


def test_every_suggested_type_round_trips_exactly(db, tmp_path):
    acme = db.create_base("acme")
    agent = db.agent(acme)
    agent.execute("set time zone 'Europe/Berlin'")  # 2021-03-28 02:30 does not exist there: no shift allowed
    src = put(agent, acme, tmp_path, "every_type.csv", _csv())
    a = analyse(agent, acme, src)
    types = {c["name"]: c["pg_type"] for c in a["columns"]}
    assert types == {n: spec[0] for n, spec in COLUMNS.items()}, a["notes"]
    execute_sql(agent, acme, a["create_table_sql"])
    r = load(agent, acme, src, a["suggested_table"])
    assert r["rows_loaded"] == 4 and r["rows_skipped"] == 0
    assert set(r["formats_used"]) >= {"day_ymd", "day_dmy", "day_mdy", "day_dots", "day_dash", "at_dmy_hm", "at_mdy_hms"}
    names = list(COLUMNS)
    # the agent role reads its rows through execute_sql; ::text keeps every type's exact form
    res = execute_sql(agent, acme, f"select {', '.join(f'{n}::text' for n in names)} from {a['suggested_table']}")
    got_rows = res["statements"][0]["rows"]
    assert len(got_rows) == 4
    by_first = {row[0]: row for row in got_rows}
    for i in range(4):
        key = None if COLUMNS["int4"][2][i] is None else str(COLUMNS["int4"][2][i])
        row = by_first[key]
        for j, n in enumerate(names):
            want = COLUMNS[n][2][i]
            assert _read(n, row[j]) == want, (n, i, row[j], want)
            if isinstance(want, Decimal):
                assert row[j] == str(want), (n, row[j])  # the scale too


def _read(name: str, text: str | None) -> object:
    """The database's text of a value, as a Python value."""
    if text is None:
        return None
    t = COLUMNS[name][0]
    if t in ("integer", "bigint"):
        return int(text)
    if t.startswith("numeric"):
        return Decimal(text)
    if t == "boolean":
        return {"true": True, "false": False}[text]
    if t == "uuid":
        return uuid.UUID(text)
    if t == "date":
        return dt.date.fromisoformat(text)
    if t == "timestamp":
        return dt.datetime.fromisoformat(text)
    if t == "timestamptz":
        return dt.datetime.fromisoformat(text).astimezone(UTC)
    if t == "time":
        return dt.time.fromisoformat(text)
    if t == "jsonb":
        return json.loads(text)
    return text


@pytest.mark.parametrize(
    ("fmt_csv", "template", "want"),
    [
        (["31/01/2024", "29/02/2024"], "DD/MM/YYYY", ["2024-01-31", "2024-02-29"]),
        (["2024.01.31", "2024.02.29"], "YYYY.MM.DD", ["2024-01-31", "2024-02-29"]),
    ],
)
def test_formats_given_by_the_caller(db, tmp_path, fmt_csv, template, want):
    acme = db.create_base("acme")
    agent = db.agent(acme)
    execute_sql(agent, acme, "create table ev (day date, at timestamp)")
    body = "day,at\n" + "".join(f"{v},{v} 02:30\n" for v in fmt_csv)
    src = put(agent, acme, tmp_path, "ev.csv", body.encode())
    agent.execute("set time zone 'Europe/Berlin'")
    r = load(agent, acme, src, "ev", formats={"day": template, "at": template + " HH24:MI"})
    assert r["rows_loaded"] == len(want)
    rows = execute_sql(agent, acme, "select day::text, at::text from ev order by day")["statements"][0]["rows"]
    assert rows == [[w, w + " 02:30:00"] for w in want]
