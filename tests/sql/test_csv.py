"""analyse_csv and import_csv end to end: sources, exact values, all-or-nothing, refusals."""

from __future__ import annotations

import codecs
import hashlib
import http.server
import json
import os
import shutil
import threading
import time
from pathlib import Path

import psycopg
import pytest

from dbagent.csv_commands import upload
from dbtest import execute_sql

CORPORA = Path(__file__).resolve().parents[3] / "shared" / "bench" / "corpora"
SPECTRUM = CORPORA / "csv-spectrum"


@pytest.fixture
def acme(db):
    return db.create_base("acme")


@pytest.fixture
def agent(db, acme):
    return db.agent(acme)


def put(agent, acme, tmp_path, name: str, content: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(content)
    return upload(agent, acme.base_id, path, show=False)


def analyse(agent, acme, source, **options):
    return agent.execute("select agent.analyse_csv(%s, %s, %s::jsonb)",
                         [acme.base_id, source, json.dumps(options)]).fetchone()[0]


def load(agent, acme, source, table, mapping=None, **options):
    return agent.execute("select agent.import_csv(%s, %s, %s, %s::jsonb, %s::jsonb)",
                         [acme.base_id, source, table, json.dumps(mapping or {}), json.dumps(options)]).fetchone()[0]


def rows(agent, acme, sql):
    return execute_sql(agent, acme, sql)["statements"][0]["rows"]


# ------------------------------------------------------------------ uploads
def test_upload_in_chunks_with_retry_and_checksum(agent, acme, tmp_path, db):
    data = b"a,b\n" + b"".join(b"%d,x%d\n" % (i, i) for i in range(50000))
    begin = agent.execute("select agent.upload_begin(%s, 'big.csv', %s)", [acme.base_id, len(data)]).fetchone()[0]
    sid = begin["source_id"]
    step = 100_000
    for off in range(0, len(data), step):
        agent.execute("select agent.upload_chunk(%s, %s, %s)", [sid, off, data[off:off + step]])
        if off == step:  # a retry of the same chunk is accepted
            agent.execute("select agent.upload_chunk(%s, %s, %s)", [sid, off, data[off:off + step]])
    with pytest.raises(psycopg.Error) as exc:  # a gap is refused
        agent.execute("select agent.upload_chunk(%s, %s, %s)", [sid, len(data) + 10, b"x"])
    assert exc.value.sqlstate == "22023" and exc.value.diag.message_hint
    with pytest.raises(psycopg.Error):
        agent.execute("select agent.upload_finish(%s, %s)", [sid, "0" * 64])
    done = agent.execute("select agent.upload_finish(%s, %s)", [sid, hashlib.sha256(data).hexdigest()]).fetchone()[0]
    assert done["bytes"] == len(data) and done["source"] == f"upload:{sid}"
    execute_sql(agent, acme, "create table t (a integer, b text)")
    assert load(agent, acme, done["source"], "t")["rows_loaded"] == 50000


def test_sources_belong_to_their_base(db, agent, acme, tmp_path):
    other = db.create_base("other")
    src = put(agent, acme, tmp_path, "x.csv", b"a\n1\n")
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        analyse(db.agent(other), other, src)
    sid = src.split(":")[1]
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        db.agent(other).execute("select agent.upload_chunk(%s, 0, 'x'::bytea)", [sid])


# ------------------------------------------------------------------ csv-spectrum round trip
@pytest.mark.parametrize("name", sorted(p.stem for p in (SPECTRUM / "csvs").glob("*.csv")))
def test_csv_spectrum_round_trip(agent, acme, tmp_path, name):
    src = put(agent, acme, tmp_path, name + ".csv", (SPECTRUM / "csvs" / f"{name}.csv").read_bytes())
    expected = json.loads((SPECTRUM / "json" / f"{name}.json").read_text())
    if isinstance(expected, dict):
        expected = [expected]
    a = analyse(agent, acme, src)
    assert a["dialect"]["delimiter"] == "," and a["dialect"]["header"] is True
    cols = [c["suggested_name"] for c in a["columns"]]
    execute_sql(agent, acme, f"create table t ({', '.join(c + ' text' for c in cols)})")
    r = load(agent, acme, src, "t")
    assert r["rows_loaded"] == len(expected)
    got = rows(agent, acme, f"select {', '.join(cols)} from t order by ctid")
    want = [[row[k] for k in expected[0]] for row in expected]
    if name == "location_coordinates":
        # Upstream's JSON disagrees with its own CSV on the phone number (1234567890 in the JSON,
        # 2095257564 in the file); every other value must match.
        assert got[0][1:] == want[0][1:] and got[0][0] == "2095257564"
        return
    assert got == want


# ------------------------------------------------------------------ exactness traps
TRAPS = [
    ["code", "label", "big", "note", "price", "when_at"],
    ["00123", "", "12345678901234567890", "line one\nline two", "19.99", "2024-03-01 10:00:00+00"],
    ["007", "Zoë Ünïcödé ✓", "-98765432109876543210", 'say "hi"', "0.10", "2024-12-31 23:59:59+00"],
    ["0", None, "1", "", "1000000.00", "2025-01-01 00:00:00+00"],
]


def _traps_csv(newline: str = "\n") -> str:
    out = []
    for row in TRAPS:
        cells = []
        for v in row:
            if v is None:
                cells.append("")
            elif v == "" or any(ch in v for ch in ',"\n'):
                cells.append('"' + v.replace('"', '""') + '"')
            else:
                cells.append(v)
        out.append(",".join(cells))
    return newline.join(out) + newline


@pytest.mark.parametrize("variant", ["utf8", "bom", "crlf", "latin1", "utf16"])
def test_traps_read_back_exactly(agent, acme, tmp_path, variant):
    text = _traps_csv("\r\n" if variant == "crlf" else "\n")
    if variant == "latin1":
        text = text.replace(" ✓", "")  # not in Latin-1
        data = text.encode("latin-1")
    elif variant == "utf16":
        data = codecs.BOM_UTF16_LE + text.encode("utf-16-le")
    elif variant == "bom":
        data = codecs.BOM_UTF8 + text.encode("utf-8")
    else:
        data = text.encode("utf-8")
    src = put(agent, acme, tmp_path, f"traps_{variant}.csv", data)
    a = analyse(agent, acme, src)
    types = {c["suggested_name"]: c["pg_type"] for c in a["columns"]}
    assert types["code"] == "text" and types["big"].startswith("numeric")
    assert types["price"].startswith("numeric")
    execute_sql(agent, acme, "create table traps (code text, label text, big numeric, note text, price numeric(12,2), "
                             "when_at timestamptz)")
    r = load(agent, acme, src, "traps")
    assert r["rows_loaded"] == 3
    got = rows(agent, acme, "select code, label, big::text, note, price::text, when_at = '2024-03-01 10:00:00+00' "
                            "from traps order by code")
    expected = sorted(TRAPS[1:], key=lambda r: r[0])
    for g, e in zip(got, expected):
        label = e[1] if variant != "latin1" else (e[1].replace(" ✓", "") if e[1] else e[1])
        assert g[0] == e[0] and g[1] == label and g[2] == e[2] and g[3] == e[3] and g[4] == e[4]
    assert rows(agent, acme, "select count(*) from traps where label is null") == [[1]]
    assert rows(agent, acme, "select count(*) from traps where label = ''") == [[1]]


# ------------------------------------------------------------------ malformed input
MALFORMED = {
    "ragged": b"a,b,c\n1,2,3\n4,5\n6,7,8,9\n",
    "unterminated_quote": b'a,b\n1,"never closed\n2,3\n',
    "nul_bytes": b"a,b\n1,x\x00y\n",
    "invalid_utf8": b"a,b\n1,caf\xc3\n2,\xff\xfe\n",
    "empty": b"",
    "header_only": b"a,b,c\n",
    "duplicate_headers": b"a,a,b\n1,2,3\n",
}


@pytest.mark.parametrize("name", sorted(MALFORMED))
def test_malformed_input_is_a_clear_error_or_a_correct_import(db, agent, acme, tmp_path, name):
    src = put(agent, acme, tmp_path, name + ".csv", MALFORMED[name])
    try:
        analyse(agent, acme, src)
    except psycopg.OperationalError:
        raise
    except psycopg.Error as e:
        assert e.diag.message_primary and e.sqlstate != "XX000", e
    execute_sql(agent, acme, "create table m (a text, a_2 text, b text, c text)")
    before = rows(agent, acme, "select count(*) from m")[0][0]
    try:
        r = load(agent, acme, src, "m")
        assert r["rows_loaded"] >= 0
    except psycopg.OperationalError:
        raise
    except psycopg.Error as e:
        assert e.diag.message_primary and e.sqlstate != "XX000", (name, e.sqlstate, str(e))
        assert rows(agent, acme, "select count(*) from m")[0][0] == before  # never a partial load
    assert db.one("select 1", conn=agent) == 1


def test_wide_and_long(agent, acme, tmp_path):
    header = ",".join(f"c{i}" for i in range(5000))
    row = ",".join(str(i) for i in range(5000))
    src = put(agent, acme, tmp_path, "wide.csv", (header + "\n" + row + "\n").encode())
    a = analyse(agent, acme, src)
    assert len(a["columns"]) == 5000
    big = "x" * (10 << 20)
    src = put(agent, acme, tmp_path, "long.csv", f"k,v\n1,{big}\n".encode())
    execute_sql(agent, acme, "create table longs (k integer, v text)")
    assert load(agent, acme, src, "longs")["rows_loaded"] == 1
    assert rows(agent, acme, "select length(v) from longs") == [[10 << 20]]


# ------------------------------------------------------------------ mapping and rules
def test_mapping_and_required_columns(agent, acme, tmp_path):
    src = put(agent, acme, tmp_path, "people.csv", b"Full Name,Email,Extra\nAda,ada@example.com,x\n")
    execute_sql(agent, acme, "create table people (name text not null, email text)")
    with pytest.raises(psycopg.Error) as exc:  # name is required and matches nothing by default
        load(agent, acme, src, "people")
    assert exc.value.sqlstate == "23502" and "name" in exc.value.diag.message_primary
    r = load(agent, acme, src, "people", {"Full Name": "name", "Email": "email"})
    assert r["rows_loaded"] == 1 and r["unmapped_csv_columns"] == ["Extra"]
    for bad, state in [({"Nope": "name"}, "42703"), ({"Full Name": "nope"}, "42703"),
                       ({"Full Name": "name", "Email": "id"}, "42501")]:
        with pytest.raises(psycopg.Error) as exc:
            load(agent, acme, src, "people", bad)
        assert exc.value.sqlstate == state


def test_missing_table(agent, acme, tmp_path):
    src = put(agent, acme, tmp_path, "x.csv", b"a\n1\n")
    with pytest.raises(psycopg.errors.UndefinedTable) as exc:
        load(agent, acme, src, "nope")
    assert "execute_sql" in exc.value.diag.message_hint


def test_referenced_rows_are_verified(agent, acme, tmp_path):
    execute_sql(agent, acme, "create table projects (code text unique); insert into projects (code) values ('p1'), ('p2'); "
                             "create table tasks (title text, project_code text references projects(code))")
    src = put(agent, acme, tmp_path, "tasks.csv", b"title,project_code\na,p1\nb,p9\nc,p2\nd,p7\n")
    with pytest.raises(psycopg.errors.ForeignKeyViolation) as exc:
        load(agent, acme, src, "tasks")
    assert "p9" in exc.value.diag.message_detail and "p7" in exc.value.diag.message_detail
    assert rows(agent, acme, "select count(*) from tasks") == [[0]]
    a = analyse(agent, acme, src)
    fk = [c for c in a["foreign_key_candidates"] if c["column"] == "project_code"]
    assert fk and fk[0]["table"] == "projects" and fk[0]["missing_values"] == 2 and fk[0]["verified"] is False


def test_secret_values_are_refused_without_echo(agent, acme, tmp_path):
    card = "4111 1111 1111 1111"
    src = put(agent, acme, tmp_path, "pay.csv", f"name,note\nAda,{card}\n".encode())
    execute_sql(agent, acme, "create table pay (name text, note text)")
    with pytest.raises(psycopg.errors.InsufficientPrivilege) as exc:
        load(agent, acme, src, "pay")
    assert card not in str(exc.value) and "secret" in exc.value.diag.message_primary
    a = analyse(agent, acme, src)
    note = next(c for c in a["columns"] if c["suggested_name"] == "note")
    assert card not in json.dumps(a) and note["sensitive"]


def test_bad_rows_abort_or_skip(agent, acme, tmp_path):
    execute_sql(agent, acme, "create table n (k integer, d date)")
    src = put(agent, acme, tmp_path, "n.csv", b"k,d\n1,2024-01-01\nx,2024-01-02\n3,2024-02-30\n4,2024-01-04\n")
    with pytest.raises(psycopg.Error) as exc:
        load(agent, acme, src, "n")
    detail = exc.value.diag.message_detail
    assert detail, (exc.value.sqlstate, str(exc.value))
    assert "line 3 (record 2), column k" in detail and "line 4 (record 3), column d" in detail
    assert rows(agent, acme, "select count(*) from n") == [[0]]
    r = load(agent, acme, src, "n", on_error="skip")
    assert r["rows_loaded"] == 2 and [(b["line"], b["record"]) for b in r["bad_rows"]] == [(3, 2), (4, 3)]
    assert rows(agent, acme, "select k from n order by k") == [[1], [4]]


def test_created_by_is_the_importing_user(agent, acme, tmp_path):
    import uuid

    uid = str(uuid.uuid4())
    execute_sql(agent, acme, "create table notes (body text)")
    src = put(agent, acme, tmp_path, "notes.csv", b"body\nhello\n")
    load(agent, acme, src, "notes", as_user=uid)
    assert rows(agent, acme, "select created_by::text, updated_by::text from notes") == [[uid, uid]]
    load(agent, acme, src, "notes")
    assert rows(agent, acme, "select count(*) from notes where created_by is null") == [[1]]


def test_formats_and_empty_as_null(agent, acme, tmp_path):
    execute_sql(agent, acme, "create table ev (day date, n integer)")
    src = put(agent, acme, tmp_path, "ev.csv", b'day,n\n31/01/2024,""\n01/02/2024,5\n')
    r = load(agent, acme, src, "ev", formats={"day": "DD/MM/YYYY"}, empty_as_null=True)
    assert r["rows_loaded"] == 2
    assert rows(agent, acme, "select day::text, n from ev order by day") == [["2024-01-31", None], ["2024-02-01", 5]]


def test_suggested_table_is_accepted_by_execute_sql(agent, acme, tmp_path):
    src = put(agent, acme, tmp_path, "Customers 2024.csv",
              b"ID,First Name,Email,Signup Date,Balance\n"
              b"c1,Ada,ada@example.com,2024-01-02,10.50\nc2,Bob,bob@example.com,2024-02-03,0.00\n")
    a = analyse(agent, acme, src)
    assert "id" not in [c["suggested_name"] for c in a["columns"]]  # system field collision renamed
    execute_sql(agent, acme, a["create_table_sql"])
    table = a["suggested_table"]
    assert load(agent, acme, src, table)["rows_loaded"] == 2


# ------------------------------------------------------------------ URLs and the import directory
class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802
        if self.path == "/redirect-private":
            self.send_response(302)
            self.send_header("Location", "http://169.254.169.254/latest/meta-data/")
            self.end_headers()
            return
        body = b"a,b\n1,2\n"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *a):
        pass


@pytest.fixture
def web():
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()


def test_url_sources_refuse_private_addresses_unless_allow_listed(db, agent, acme, web):
    for url in [web + "/x.csv", "http://169.254.169.254/latest/", "http://localhost:1/x", "file:///etc/passwd",
                "http://user:pw@example.com/x.csv"]:
        with pytest.raises(psycopg.Error) as exc:
            analyse(agent, acme, url)
        assert exc.value.sqlstate in ("42501", "22023"), (url, exc.value.sqlstate, str(exc.value))
        assert exc.value.diag.message_hint
    db.one("select agent.admin_set_settings('{\"url_allowlist\": [\"127.0.0.1/32\"]}')")
    a = analyse(agent, acme, web + "/data.csv")
    assert a["row_count"] == 1
    with pytest.raises(psycopg.errors.InsufficientPrivilege):  # a redirect is checked again
        analyse(agent, acme, web + "/redirect-private")


@pytest.fixture
def import_dir(acme):
    """A server-readable import directory (tmp_path sits under a private directory), removed after."""
    d = Path("/tmp") / f"dbagent-import-{os.getpid()}-{acme.base_id[:8]}"
    d.mkdir(mode=0o755, exist_ok=True)
    yield d
    shutil.rmtree(d, ignore_errors=True)


def test_import_directory_refuses_traversal(db, agent, acme, import_dir):
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        analyse(agent, acme, "import:x.csv")  # no import directory configured
    d = import_dir
    (d / "ok.csv").write_text("a\n1\n")
    os.chmod(d / "ok.csv", 0o644)
    db.one("select agent.admin_set_settings(%s::jsonb)", [json.dumps({"import_dir": str(d)})])
    assert analyse(agent, acme, "import:ok.csv")["row_count"] == 1
    for bad in ["import:../etc/passwd", "import:/etc/passwd", "import:../../../../etc/passwd"]:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            analyse(agent, acme, bad)
    (d / "link.csv").symlink_to("/etc/passwd")
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        analyse(agent, acme, "import:link.csv")


def test_audit_records_csv_calls(db, agent, acme, tmp_path):
    src = put(agent, acme, tmp_path, "a.csv", b"a\n1\n")
    analyse(agent, acme, src)
    tools = [r[0] for r in db.admin.execute(
        "select tool from agent.audit where base_id = %s order by audit_id", [acme.base_id])]
    assert "upload_begin" in tools and "upload_finish" in tools and "analyse_csv" in tools


def test_dropping_a_base_after_imports_removes_its_roles_and_files(db, agent, acme, tmp_path):
    execute_sql(agent, acme, "create table t (a integer)")
    src = put(agent, acme, tmp_path, "t.csv", b"a\n1\n")
    load(agent, acme, src, "t")
    storage = db.one("select value #>> '{}' from agent.setting where key = 'storage_dir'")
    owner = db.one("select owner_role from agent.base where base_id = %s", [acme.base_id])
    assert db.one("select agent.admin_drop_base('acme')") is True
    assert db.one("select count(*) from pg_roles where rolname = %s", [owner]) == 0
    listing = db.one("select count(*) from pg_ls_dir(%s) d where d = %s", [storage, acme.base_id])
    assert listing == 0


def test_import_reuses_what_analyse_found_while_the_file_is_unchanged(db, agent, acme, import_dir):
    d = import_dir
    f = d / "n.csv"
    f.write_text("a,b\n1,x\n2,y\n")
    os.chmod(f, 0o644)
    db.one("select agent.admin_set_settings(%s::jsonb)", [json.dumps({"import_dir": str(d)})])
    execute_sql(agent, acme, "create table n (a integer, b text)")
    analyse(agent, acme, "import:n.csv")
    r = load(agent, acme, "import:n.csv", "n")
    assert r["rows_loaded"] == 2 and any("reused" in n for n in r["notes"])
    time.sleep(0.01)
    f.write_text("a;b\n3;z\n")  # a changed file is looked at again
    r = load(agent, acme, "import:n.csv", "n")
    assert r["rows_loaded"] == 1 and not any("reused" in n for n in r["notes"])
    assert rows(agent, acme, "select a, b from n order by a") == [[1, "x"], [2, "y"], [3, "z"]]
