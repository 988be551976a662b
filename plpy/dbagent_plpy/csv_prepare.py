"""Make a CSV file that PostgreSQL's ``COPY ... (FORMAT csv)`` loads exactly as analysed.

``prepare_for_copy(path, dialect, work_dir)`` returns the file to give to COPY and its options.

*Exactly as analysed* means: the values PostgreSQL stores are the values DuckDB read when
``csv_profile`` analysed the file (``all_varchar``, ``allow_quoted_nulls = false``), so a quoted
``""`` is an empty string, an unquoted empty field is NULL, text is byte-for-byte the decoded
text, and embedded line breaks stay.

PostgreSQL and DuckDB agree on every RFC 4180 file, but not elsewhere, so the original file is
handed to COPY only after a streaming check proves it is "plain":

* a single-byte ASCII delimiter and quote, no preamble lines, an encoding COPY reads itself
  (UTF-8; UTF-8 with a BOM when the header line, which COPY skips, carries the BOM; LATIN1;
  WIN1252 when none of the five bytes CP-1252 leaves undefined occurs);
* quotes only around whole fields (``a"b``, ``"a"b`` and ``␠"a"`` are read differently by the
  two: PostgreSQL toggles quoting anywhere in a field, DuckDB keeps a mid-field quote and trims
  spaces around a quoted field), with a backslash escape only before a quote or a backslash;
* one newline style outside quotes (COPY rejects a stray CR or LF), no blank lines in a table
  of several columns (COPY rejects them, DuckDB skips them);
* no record that starts with ``\\.`` followed by a line break: PostgreSQL 15 takes that as the
  end-of-data marker and silently stops loading there;
* valid UTF-8 all through when the dialect says UTF-8 (the profile reads a file that is not as
  CP-1252, and so does this module);
* no NUL byte (PostgreSQL text cannot hold one; this is an error, not a rewrite).

The check reads the whole file once: regions without a quote byte by substring searches (about
0.4 GB/s), regions with quotes by a regular expression of RFC 4180 records (about 0.15 GB/s).

Otherwise the file is rewritten in ``work_dir`` while streaming: a byte-level pass drops the BOM
and preamble lines, transcodes to UTF-8 (UTF-16/32, Latin-1, CP-1252 with undefined bytes mapped
to the same code points as Latin-1) and, for files mixing CRLF/CR/LF, makes every line break
outside quotes LF; when the CSV structure itself must change, DuckDB re-reads it with the
analysed dialect and writes canonical CSV (``,``, ``"``, every non-NULL value quoted, so ``""``
stays an empty string, NULL stays an unquoted empty field and ``\\.`` is quoted).

``read_csv_sql`` builds the DuckDB ``read_csv`` call both this module and ``csv_profile`` use, so
the two read every file the same way.
"""

from __future__ import annotations

import codecs
import os
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Final

from .csv_sniff import CsvError

__all__ = [
    "prepare_for_copy",
    "read_csv_sql",
    "copy_with_clause",
    "transcode_to_utf8",
    "normalise_encoding",
    "duckdb_encoding",
    "data_offset",
]

_CHUNK: Final = 16 << 20
_MAX_CARRY: Final = 256 << 20  # a record longer than this is not checked, it is rewritten
MAX_LINE_BYTES: Final = 64 << 20  # the longest record DuckDB is asked to accept
_CP1252_UNDEFINED: Final = b"\x81\x8d\x8f\x90\x9d"
# CP-1252 with its five undefined bytes decoded as Latin-1 does (U+0081 ...), like Windows.
_CP1252_TABLE: Final = "".join(
    bytes([b]).decode("cp1252") if bytes([b]) not in (b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d") else chr(b)
    for b in range(256)
)
_ASCII_COMPATIBLE: Final = frozenset({"utf-8", "utf-8-sig", "latin-1", "cp1252"})
_PG_ENCODING: Final = MappingProxyType(
    {"utf-8": "UTF8", "utf-8-sig": "UTF8", "latin-1": "LATIN1", "cp1252": "WIN1252"}
)
_BOM_BY_ENCODING: Final = MappingProxyType(
    {
        "utf-8-sig": codecs.BOM_UTF8,
        "utf-16-le": codecs.BOM_UTF16_LE,
        "utf-16-be": codecs.BOM_UTF16_BE,
        "utf-32-le": codecs.BOM_UTF32_LE,
        "utf-32-be": codecs.BOM_UTF32_BE,
    }
)
_LINE_BREAK: Final = re.compile(r"\r|\n")
_QUOTE_SUBSTITUTES: Final = (
    b'"',
    b"'",
    b"\x01",
    b"\x02",
    b"\x03",
    b"\x04",
    b"\x05",
    b"\x06",
    b"\x07",
    b"\x0e",
)


def normalise_encoding(name: str) -> str:
    """Map an encoding name (``UTF8``, ``windows-1252``, ``iso-8859-1``, ...) to the names sniff uses."""
    low = name.strip().lower().replace("_", "-")
    if low in ("utf8", "utf-8"):
        return "utf-8"
    if low in ("utf-8-sig", "utf8-sig", "utf-8-bom"):
        return "utf-8-sig"
    if low in ("ansi", "win1252", "windows-1252", "cp-1252"):
        return "cp1252"
    try:
        info = codecs.lookup(low)
    except LookupError:
        raise CsvError(
            f'unknown encoding "{name}"', hint="Use e.g. utf-8, utf-16-le, latin-1 or cp1252."
        ) from None
    canonical = {"iso8859-1": "latin-1", "utf-16": "utf-16", "utf-32": "utf-32"}.get(info.name, info.name)
    return canonical


def duckdb_encoding(encoding: str) -> str | None:
    """The ``encoding`` DuckDB's CSV reader is given for this file, or None: transcode first.

    Only UTF-8 is read directly. DuckDB's ``latin-1`` refuses bytes such as 0x81 (it is not a
    byte-for-byte Latin-1) and its ``utf-16`` is little-endian only, so every other encoding is
    transcoded to UTF-8 in Python, the same way for the profile and for the import.
    """
    enc = normalise_encoding(encoding)
    if enc in ("utf-8", "utf-8-sig"):
        return "utf-8"
    return None


def _bom_len(path: str, encoding: str) -> int:
    bom = _BOM_BY_ENCODING.get(normalise_encoding(encoding))
    if bom is None:
        return 0
    with open(path, "rb") as fh:
        return len(bom) if fh.read(len(bom)) == bom else 0


def _skip_lines_bytes(fh: Any, start: int, lines: int) -> int:
    """Byte offset just after ``lines`` physical lines (CRLF, CR or LF) from ``start``."""
    fh.seek(start)
    pos = start
    pending_cr = False
    while lines > 0:
        chunk = fh.read(1 << 16)
        if not chunk:
            return pos
        i = 0
        n = len(chunk)
        while i < n and lines > 0:
            if pending_cr:
                pending_cr = False
                lines -= 1
                if chunk[i] == 0x0A:
                    i += 1
                continue
            j_n = chunk.find(b"\n", i)
            j_r = chunk.find(b"\r", i)
            if j_n < 0 and j_r < 0:
                i = n
                break
            if j_r >= 0 and (j_n < 0 or j_r < j_n):
                i = j_r + 1
                pending_cr = True
            else:
                i = j_n + 1
                lines -= 1
        pos += i
        if i < n and lines == 0:
            return pos
    if pending_cr:
        fh.seek(pos)
        if fh.read(1) == b"\n":
            pos += 1
    return pos


def data_offset(path: str, dialect: dict[str, Any]) -> int:
    """Byte offset of the first record after the BOM and preamble (ASCII-compatible encodings)."""
    start = _bom_len(path, dialect.get("encoding", "utf-8"))
    with open(path, "rb") as fh:
        return _skip_lines_bytes(fh, start, int(dialect.get("skip_rows") or 0))


class _NewlineNormaliser:
    """Turn every line break outside quotes (CRLF, CR, LF) into LF; inside quotes, keep it.

    The quote state is tracked by counting quote bytes (a doubled quote toggles twice), the
    reading PostgreSQL and DuckDB share when the escape is the quote itself. Streaming: a CR at
    the end of a chunk waits for the next chunk's first byte.
    """

    def __init__(self, quote: bytes | None) -> None:
        self.quote = quote
        self.in_quote = False
        self.pending_cr = False

    def feed(self, data: bytes) -> bytes:
        if self.pending_cr:
            data = b"\r" + data
            self.pending_cr = False
        if not data:
            return b""
        parts = data.split(self.quote) if self.quote else [data]
        first_outside = 1 if self.in_quote else 0
        for i in range(first_outside, len(parts), 2):
            parts[i] = parts[i].replace(b"\r\n", b"\n")
        if len(parts) % 2 == (1 if not self.in_quote else 0) and parts[-1].endswith(b"\r"):
            # the last part is outside quotes and ends in CR: it may be the first half of CRLF
            parts[-1] = parts[-1][:-1]
            self.pending_cr = True
        for i in range(first_outside, len(parts), 2):
            parts[i] = parts[i].replace(b"\r", b"\n")
        self.in_quote ^= (len(parts) - 1) % 2 == 1
        return self.quote.join(parts) if self.quote else parts[0]

    def flush(self) -> bytes:
        out = b"\n" if self.pending_cr else b""
        self.pending_cr = False
        return out


def transcode_to_utf8(
    path: str,
    dialect: dict[str, Any],
    out_path: str,
    *,
    strip_preamble: bool = True,
    normalise_newlines: bool = False,
    progress: Callable[[int], None] | None = None,
) -> dict[str, int]:
    """Stream ``path`` into a UTF-8 file without BOM (and without the preamble lines).

    Constant memory: 16 MiB chunks. CP-1252 bytes that CP-1252 leaves undefined become the
    Latin-1 code points (U+0081 ...), so no byte is lost. With ``normalise_newlines``, line
    breaks outside quotes become LF (for files that mix CRLF, CR and LF). Returns byte counts.
    """
    q = dialect.get("quote")
    nn = _NewlineNormaliser(q.encode("utf-8") if q else None) if normalise_newlines else None
    enc = normalise_encoding(dialect.get("encoding", "utf-8"))
    skip = int(dialect.get("skip_rows") or 0) if strip_preamble else 0
    bytes_in = 0
    bytes_out = 0
    with open(path, "rb") as src, open(out_path, "wb") as dst:
        if enc in _ASCII_COMPATIBLE:
            start = _bom_len(path, enc)
            offset = _skip_lines_bytes(src, start, skip)
            src.seek(offset)
            bytes_in = offset
            while True:
                chunk = src.read(_CHUNK)
                if not chunk:
                    break
                bytes_in += len(chunk)
                if enc in ("utf-8", "utf-8-sig"):
                    out = chunk
                elif enc == "latin-1":
                    out = chunk.decode("latin-1").encode("utf-8")
                else:
                    out = codecs.charmap_decode(chunk, "strict", _CP1252_TABLE)[0].encode("utf-8")
                if nn is not None:
                    out = nn.feed(out)
                dst.write(out)
                bytes_out += len(out)
                if progress is not None:
                    progress(bytes_in)
            if nn is not None:
                dst.write(nn.flush())
            return {"bytes_in": bytes_in, "bytes_out": bytes_out}
        bom = _bom_len(path, enc)
        src.seek(bom)
        bytes_in = bom
        codec = {"utf-16": "utf-16", "utf-32": "utf-32"}.get(enc, enc)
        dec = codecs.getincrementaldecoder(codec)(errors="strict")
        to_skip = skip
        pending_cr = False
        while True:
            chunk = src.read(_CHUNK)
            final = not chunk
            bytes_in += len(chunk)
            try:
                text = dec.decode(chunk, final=final)
            except UnicodeDecodeError as e:
                raise CsvError(
                    f"csv file is not valid {enc}",
                    detail=f"Undecodable bytes near byte {bytes_in - len(chunk) + e.start}.",
                    hint="Pass the file's real encoding.",
                    sqlstate="22021",
                ) from None
            i = 0
            while to_skip > 0 and i < len(text):
                if pending_cr:
                    pending_cr = False
                    to_skip -= 1
                    if text[i] == "\n":
                        i += 1
                    continue
                m = _LINE_BREAK.search(text, i)
                if m is None:
                    i = len(text)
                    break
                i = m.end()
                if m.group() == "\r":
                    pending_cr = True
                else:
                    to_skip -= 1
            if pending_cr and to_skip > 0 and i >= len(text) and final:
                to_skip -= 1
            if pending_cr and to_skip == 0 and i < len(text) and text[i] == "\n":
                i += 1
                pending_cr = False
            out = text[i:].encode("utf-8")
            if nn is not None:
                out = nn.feed(out) + (nn.flush() if final else b"")
            dst.write(out)
            bytes_out += len(out)
            if progress is not None:
                progress(bytes_in)
            if final:
                break
    return {"bytes_in": bytes_in, "bytes_out": bytes_out}


# --------------------------------------------------------------------------------------------
# DuckDB reading
# --------------------------------------------------------------------------------------------


def read_csv_sql(
    path: str,
    dialect: dict[str, Any],
    *,
    column_count: int,
    skip: int,
    header: bool = False,
    encoding: str = "utf-8",
    strict: bool = True,
    store_rejects: bool = False,
    rejects_table: str = "reject_errors",
    rejects_scan: str = "reject_scans",
    column_prefix: str = "c",
) -> tuple[str, list[Any]]:
    """A DuckDB ``read_csv(...)`` expression reading every column as VARCHAR, and its parameters.

    Columns are named ``c1 .. cN``. ``""`` stays an empty string, an unquoted empty field is
    NULL; ragged rows are errors (``strict``) or rejected into ``rejects_table``. ``skip``
    physical lines are skipped, then with ``header`` one record (a quoted line break in the
    header is fine) is read and dropped.
    """
    quote = dialect.get("quote")
    escape = dialect.get("escape")
    q = quote or ""
    e = (escape or q) if quote else ""
    columns = {f"{column_prefix}{i + 1}": "VARCHAR" for i in range(column_count)}
    opts: list[tuple[str, Any]] = [
        ("auto_detect", False),
        ("header", bool(header)),
        ("skip", int(skip)),
        ("delim", dialect["delimiter"]),
        ("quote", q),
        ("escape", e),
        ("columns", columns),
        ("all_varchar", True),
        ("allow_quoted_nulls", False),
        ("strict_mode", strict),
        ("null_padding", False),
        ("encoding", encoding),
        ("max_line_size", MAX_LINE_BYTES),
        ("buffer_size", 4 * MAX_LINE_BYTES),
    ]
    if store_rejects:
        opts += [("store_rejects", True), ("rejects_table", rejects_table), ("rejects_scan", rejects_scan)]
    sql = "read_csv(?, " + ", ".join(f"{name} = ?" for name, _ in opts) + ")"
    return sql, [path] + [v for _, v in opts]


def duckdb_connect(work_dir: str | None = None, *, threads: int | None = None) -> Any:
    """A fresh in-memory DuckDB connection, spilling to ``work_dir`` when it must."""
    import duckdb

    config: dict[str, Any] = {"preserve_insertion_order": True}
    if threads is not None:
        config["threads"] = threads
    con = duckdb.connect(":memory:", config=config)
    con.execute("set enable_progress_bar = false")  # it would write to the server's stdout
    if work_dir is not None:
        con.execute("set temp_directory = ?", [os.path.join(work_dir, "duckdb_tmp")])
    return con


def duckdb_error(e: Exception, *, what: str) -> CsvError:
    """Turn a DuckDB CSV error into a CsvError without echoing the offending line."""
    text = str(e)
    first = text.split("\n", 1)[0]
    m = re.search(r"CSV Error on Line: (\d+)", text)
    detail = None
    if m:
        detail = f"DuckDB stopped at line {m.group(1)} of the file."
    reason = ""
    for key, say in (
        ("Expected Number of Columns", "a row has a different number of fields than the header"),
        ("Invalid unicode", "the file is not valid UTF-8"),
        ("Value with unterminated quote", "a quoted field is never closed"),
        ("unterminated quote", "a quoted field is never closed"),
        ("Maximum line size", "a record is longer than the reader accepts"),
        ("maximum line size", "a record is longer than the reader accepts"),
        ("quoted value", "a quoted field is followed by more characters"),
        ("UNQUOTED", "a quoted field is followed by more characters"),
    ):
        if key in text:
            reason = say
            break
    if not reason:
        reason = first.replace("Invalid Input Error: ", "")[:200]
        if "Original Line" in reason:
            reason = "the csv reader failed"
    return CsvError(
        f"{what}: {reason}",
        detail=detail,
        hint="Check the dialect (delimiter, quote, escape, header), or skip bad rows.",
        sqlstate="22P04",
    )


# --------------------------------------------------------------------------------------------
# The structure check
# --------------------------------------------------------------------------------------------


@dataclass
class _Scan:
    plain: bool = True
    reasons: list[str] = field(default_factory=list)
    cp1252_undefined: bool = False
    not_utf8: bool = False
    quote_substitute: bytes | None = None
    bytes: int = 0

    def fail(self, reason: str) -> None:
        if self.plain or reason not in self.reasons:
            self.reasons.append(reason)
        self.plain = False


def _structure_patterns(
    delim: bytes, quote: bytes, escape: bytes | None, nl: bytes, k: int
) -> tuple[re.Pattern[bytes], re.Pattern[bytes], re.Pattern[bytes]]:
    """(header record, records + a partial record at the end of a chunk, records at EOF)."""
    d = re.escape(delim)
    q = re.escape(quote)
    unq = rb"[^" + d + q + rb"\r\n\x00]*+"
    if escape is None or escape == quote:
        inq = rb"(?:[^" + q + rb"\x00]++|" + q + q + rb")*+"
        open_tail = q + inq + q + rb"?"
    else:
        e = re.escape(escape)
        inq = rb"(?:[^" + q + e + rb"\x00]++|" + e + rb"[" + q + e + rb"])*+"
        open_tail = q + inq + rb"(?:" + q + rb"|" + e + rb")?"
    fld = rb"(?:" + q + inq + q + rb"|" + unq + rb")"
    guard = rb"(?!\\\.[\r\n])"  # PostgreSQL 15 ends the data at a record starting with \. + newline
    if k > 1:
        guard += rb"(?!" + re.escape(nl) + rb")"  # a blank line: COPY refuses it, DuckDB skips it
    rest = rb"(?:" + d + fld + rb"){" + str(k - 1).encode() + rb"}"
    record = guard + fld + rest + re.escape(nl)
    partial = (
        rb"(?:"
        + fld
        + d
        + rb"){0,"
        + str(k - 1).encode()
        + rb"}(?:"
        + open_tail
        + rb"|"
        + unq
        + rb")"
        + (rb"\r?" if nl == b"\r\n" else b"")
    )
    last = rb"(?:" + guard + fld + rest + rb")?"
    body = rb"(?:" + record + rb")*+"
    head = re.compile(guard + fld + rb"(?:" + d + fld + rb")*+" + re.escape(nl), re.DOTALL)
    chunk = re.compile(body + rb"(?P<tail>" + partial + rb")", re.DOTALL)
    final = re.compile(body + last, re.DOTALL)
    return head, chunk, final


def _unquoted_region_problem(region: bytes, nl: bytes, k: int) -> str | None:
    """Check complete records holding no quote byte at all, at memchr speed (no regex)."""
    if nl == b"\n":
        if b"\r" in region:
            return "a carriage return outside quotes in a file of LF lines"
    elif nl == b"\r":
        if b"\n" in region:
            return "a line feed outside quotes in a file of CR lines"
    else:
        crlf = region.count(b"\r\n")
        if region.count(b"\r") != crlf or region.count(b"\n") != crlf:
            return "a lone CR or LF outside quotes in a file of CRLF lines"
    if k > 1 and (region.startswith(nl) or nl + nl in region):
        return "a blank line"
    first = nl[:1]
    if region.startswith(b"\\." + first) or (nl[-1:] + b"\\." + first) in region:
        return "a line holding only \\. (PostgreSQL's end-of-data marker)"
    return None


def _scan_structure(
    path: str, offset: int, dialect: dict[str, Any], scan: _Scan, encoding: str, *, exact_counts: bool = False
) -> None:
    """Stream the file from ``offset`` and decide whether COPY reads it as DuckDB does.

    Regions without a quote byte are checked with substring searches; regions with quotes by
    the regular language of RFC 4180 records (which also checks ``k`` fields per record). With
    ``exact_counts`` every region takes the regular-expression path.
    """
    delim_s: str = dialect["delimiter"]
    quote_s: str | None = dialect.get("quote")
    escape_s: str | None = dialect.get("escape")
    nl_s: str = dialect.get("newline") or "\n"
    k = int(dialect.get("column_count") or 1)
    if len(delim_s) != 1 or ord(delim_s) > 127 or delim_s in "\r\n\x00":
        scan.fail("the delimiter is not a single ASCII byte")
        return
    if quote_s is not None and (len(quote_s) != 1 or ord(quote_s) > 127 or quote_s == delim_s):
        scan.fail("the quote is not a single ASCII byte")
        return
    if (
        escape_s is not None
        and quote_s is not None
        and escape_s != quote_s
        and (len(escape_s) != 1 or ord(escape_s) > 127)
    ):
        scan.fail("the escape is not a single ASCII byte")
        return
    delim = delim_s.encode("ascii")
    nl = nl_s.encode("ascii")
    with open(path, "rb") as fh:
        fh.seek(offset)
        first = fh.read(_CHUNK)
    if quote_s is None:
        # COPY needs a quote byte: take one the file never uses (checked below on every chunk).
        for cand in _QUOTE_SUBSTITUTES:
            if cand != delim and cand not in first:
                scan.quote_substitute = cand
                break
        if scan.quote_substitute is None:
            scan.fail("no byte is free to serve as COPY's quote character")
            return
        quote = scan.quote_substitute
    else:
        quote = quote_s.encode("ascii")
    escape = escape_s.encode("ascii") if escape_s else None
    substitute = scan.quote_substitute
    head_re, chunk_re, final_re = _structure_patterns(delim, quote, escape, nl, k)
    header_pending = bool(dialect.get("header"))
    carry = b""
    undefined = _CP1252_UNDEFINED if encoding == "cp1252" else b""
    utf8 = codecs.getincrementaldecoder("utf-8")() if encoding in ("utf-8", "utf-8-sig") else None
    with open(path, "rb") as fh:
        fh.seek(offset)
        lineno_base = 0
        while True:
            chunk = fh.read(_CHUNK)
            scan.bytes += len(chunk)
            if utf8 is not None:
                try:
                    utf8.decode(chunk, final=not chunk)
                except UnicodeDecodeError:
                    # COPY would stop here; the profile read such a file as CP-1252, so will we.
                    scan.not_utf8 = True
                    scan.fail("the file is not valid UTF-8 throughout")
                    return
            if b"\x00" in chunk:
                at = chunk.index(b"\x00")
                line = lineno_base + carry.count(b"\n") + chunk.count(b"\n", 0, at) + 1
                raise CsvError(
                    "csv file contains a NUL byte",
                    detail=f"PostgreSQL text cannot hold NUL (0x00); the first is near data line {line}.",
                    hint="Remove the NUL bytes, or check the encoding (UTF-16 files are full of them).",
                    sqlstate="22021",
                )
            if substitute is not None and substitute in chunk:
                scan.fail("the byte chosen as COPY's quote character occurs in the file")
                return
            if undefined and not scan.cp1252_undefined and any(bytes([b]) in chunk for b in undefined):
                scan.cp1252_undefined = True
            if not chunk:
                if header_pending and carry:  # a header and nothing else, without a final newline
                    if head_re.fullmatch(carry + nl) is None:
                        scan.fail("the header line is not plain RFC 4180 csv")
                    return
                if carry and not exact_counts and quote not in carry:
                    problem = _unquoted_region_problem(carry, nl, k)
                    if problem is not None:
                        scan.fail(f"not plain csv for PostgreSQL's COPY: {problem}")
                elif carry and final_re.fullmatch(carry) is None:
                    scan.fail(f"the file is not plain RFC 4180 csv of {k} fields per record")
                return
            buf = carry + chunk if carry else chunk
            if header_pending:
                # The header may have another field count (rows ending in a delimiter): COPY
                # skips it whole, so it only has to be a well-formed record.
                hm = head_re.match(buf)
                if hm is None:
                    if len(buf) < _MAX_CARRY and len(chunk) == _CHUNK:
                        carry = buf
                        continue
                    scan.fail("the header line is not plain RFC 4180 csv")
                    return
                header_pending = False
                buf = buf[hm.end() :]
            if not exact_counts and quote not in buf:
                cut = buf.rfind(nl[-1:]) + 1
                problem = _unquoted_region_problem(buf[:cut], nl, k)
                if problem is not None:
                    scan.fail(f"not plain csv for PostgreSQL's COPY: {problem}")
                    return
                lineno_base += buf.count(b"\n", 0, cut)
                carry = buf[cut:]
                if len(carry) > _MAX_CARRY:
                    scan.fail("a record is too long to check")
                    return
                continue
            m = chunk_re.fullmatch(buf)
            if m is None:
                scan.fail(f"the file is not plain RFC 4180 csv of {k} fields per record")
                return
            tail_at = m.start("tail")
            lineno_base += buf.count(b"\n", 0, tail_at)
            carry = buf[tail_at:]
            if len(carry) > _MAX_CARRY:
                scan.fail("a record is too long to check")
                return


# --------------------------------------------------------------------------------------------
# prepare_for_copy
# --------------------------------------------------------------------------------------------


def copy_with_clause(copy_options: dict[str, Any]) -> str:
    """Render ``copy_options`` as the ``with (...)`` clause of COPY (literals properly quoted)."""

    def lit(v: str) -> str:
        return "'" + v.replace("'", "''") + "'"

    parts = ["format csv"]
    for key in ("delimiter", "quote", "escape", "encoding"):
        v = copy_options.get(key)
        if v is not None:
            parts.append(f"{key} {lit(str(v))}")
    parts.append("header " + ("true" if copy_options.get("header") else "false"))
    return "(" + ", ".join(parts) + ")"


def _duckdb_rewrite(
    src: str,
    dialect: dict[str, Any],
    out_path: str,
    *,
    skip: int,
    header: bool,
    encoding: str,
    work_dir: str,
    skip_bad_rows: bool,
    line_shift: int,
) -> dict[str, Any]:
    k = int(dialect["column_count"])
    con = duckdb_connect(work_dir)
    try:
        rel, params = read_csv_sql(
            src,
            dialect,
            column_count=k,
            skip=skip,
            header=header,
            encoding=encoding,
            store_rejects=skip_bad_rows,
        )
        try:
            rows = con.execute(
                f"copy (select * from {rel}) to ? (format csv, header false, delimiter ',', quote '\"', "
                "escape '\"', force_quote *)",
                params + [out_path],
            ).fetchone()
        except Exception as e:  # duckdb.Error and its subclasses
            if _STATE_MACHINE in str(e):
                raise _MixedNewlinesError() from None
            raise duckdb_error(e, what="could not read the csv file") from None
        skipped: list[dict[str, Any]] = []
        if skip_bad_rows:
            for line, err_type in con.execute(
                "select line, error_type::varchar from reject_errors order by line limit 100"
            ).fetchall():
                skipped.append({"line": int(line) + line_shift, "error": str(err_type).lower()})
        return {"rows": int(rows[0]) if rows else 0, "skipped": skipped}
    finally:
        con.close()


class _MixedNewlinesError(Exception):
    """DuckDB's reader stopped on a file that mixes line-break styles."""


_STATE_MACHINE: Final = "state machine reached an invalid state"


def prepare_for_copy(
    path: str,
    dialect: dict[str, Any],
    work_dir: str,
    *,
    skip_bad_rows: bool = False,
) -> dict[str, Any]:
    """Return the file and options with which ``COPY t FROM file WITH (FORMAT csv, ...)`` loads
    every value of ``path`` exactly. See the module docstring for when the file is rewritten.

    Returns ``{"path", "copy_options": {"format", "delimiter", "quote", "escape", "header",
    "encoding"}, "transcoded", "rewritten", "temporary", "reasons", "column_count",
    "line_numbers", "skipped"}``; ``temporary`` says the caller should delete ``path`` after
    the load. ``line_numbers`` explains how COPY's "line N" maps back to the original file.
    With ``skip_bad_rows``, records DuckDB cannot read as ``column_count`` fields are left out
    and listed in ``skipped`` (line numbers of the original file).
    """
    if "column_count" not in dialect or "delimiter" not in dialect:
        raise CsvError("dialect is incomplete", hint="Pass the dict csv_sniff.sniff() returned.")
    k = int(dialect["column_count"])
    if k < 1:
        raise CsvError("csv file has no columns")
    path = os.path.abspath(path)
    os.makedirs(work_dir, exist_ok=True)
    d = dict(dialect)
    enc = normalise_encoding(d.get("encoding") or "utf-8")
    header = bool(d.get("header"))
    skip_rows = int(d.get("skip_rows") or 0)
    can_normalise = d.get("escape") in (None, d.get("quote"))
    mixed = bool(d.get("mixed_newlines")) and can_normalise
    reasons: list[str] = []
    temps: list[str] = []

    def temp() -> str:
        fd, name = tempfile.mkstemp(prefix="dbagent_csv_", suffix=".csv", dir=work_dir)
        os.close(fd)
        temps.append(name)
        return name

    def utf8_copy(normalise: bool) -> str:
        out = temp()
        transcode_to_utf8(path, d, out, normalise_newlines=normalise)
        return out

    final_path = path
    transcoded = rewritten = False
    skipped: list[dict[str, Any]] = []
    try:
        # 1. Bytes COPY can read: the original, or a UTF-8 copy without BOM and preamble.
        bom = _bom_len(path, enc) if enc in _ASCII_COMPATIBLE else 0
        needs_copy = enc not in _ASCII_COMPATIBLE or skip_rows > 0 or (bom > 0 and not header) or mixed
        src, src_enc = path, enc
        scan = _Scan()
        if not needs_copy:
            with open(path, "rb") as fh:
                offset = _skip_lines_bytes(fh, bom, skip_rows)
            _scan_structure(path, offset, d, scan, enc, exact_counts=skip_bad_rows)
            if enc == "cp1252" and scan.cp1252_undefined:
                needs_copy = True
                reasons.append("bytes undefined in CP-1252 occur: transcoded to UTF-8")
            elif scan.not_utf8:
                needs_copy = True
                enc = "cp1252"
                d["encoding"] = enc
                reasons.append("the file is not valid UTF-8 throughout: read as CP-1252, as the profile does")
        if needs_copy:
            if enc not in _ASCII_COMPATIBLE:
                reasons.append(f"{enc} is not an encoding COPY reads: transcoded to UTF-8")
            if skip_rows:
                reasons.append(f"{skip_rows} preamble line(s) removed")
            if bom and not header:
                reasons.append("byte-order mark removed")
            if mixed:
                reasons.append("mixed line breaks outside quotes made LF")
                d["newline"] = "\n"
            src, src_enc = utf8_copy(mixed), "utf-8"
            transcoded = enc not in ("utf-8", "utf-8-sig")
            scan = _Scan()
            _scan_structure(src, 0, d, scan, "utf-8", exact_counts=skip_bad_rows)
            if scan.not_utf8 and enc in ("utf-8", "utf-8-sig"):
                enc = "cp1252"
                d["encoding"] = enc
                reasons.append("the file is not valid UTF-8 throughout: read as CP-1252, as the profile does")
                os.unlink(src)
                temps.remove(src)
                src = utf8_copy(mixed)
                transcoded = True
                scan = _Scan()
                _scan_structure(src, 0, d, scan, "utf-8", exact_counts=skip_bad_rows)

        # 2. Not plain: DuckDB rewrites it, reading it as the profile did.
        if not scan.plain:
            reasons.extend(scan.reasons)
            if src_enc != "utf-8" and src_enc != "utf-8-sig":
                src, src_enc = utf8_copy(mixed), "utf-8"
                transcoded = True
            out = temp()
            try:
                info = _duckdb_rewrite(
                    src,
                    d,
                    out,
                    skip=skip_rows if src == path else 0,
                    header=header,
                    encoding="utf-8",
                    work_dir=work_dir,
                    skip_bad_rows=skip_bad_rows,
                    line_shift=0 if src == path else skip_rows,
                )
            except _MixedNewlinesError:
                if mixed or not can_normalise:
                    raise CsvError(
                        "could not read the csv file: its line breaks are inconsistent", sqlstate="22P04"
                    ) from None
                reasons.append("mixed line breaks outside quotes made LF")
                mixed = True
                d["newline"] = "\n"
                src, src_enc = utf8_copy(True), "utf-8"
                transcoded = enc not in ("utf-8", "utf-8-sig")
                info = _duckdb_rewrite(
                    src,
                    d,
                    out,
                    skip=0,
                    header=header,
                    encoding="utf-8",
                    work_dir=work_dir,
                    skip_bad_rows=skip_bad_rows,
                    line_shift=skip_rows,
                )
            skipped = info["skipped"]
            rewritten = True
            transcoded = transcoded or enc not in ("utf-8", "utf-8-sig")
            final_path = out
            options: dict[str, Any] = {
                "format": "csv",
                "delimiter": ",",
                "quote": '"',
                "escape": '"',
                "header": False,
                "encoding": "UTF8",
            }
        else:
            final_path = src
            quote_c = scan.quote_substitute.decode("ascii") if scan.quote_substitute else d.get("quote")
            esc = d.get("escape") if d.get("quote") else None
            options = {
                "format": "csv",
                "delimiter": d["delimiter"],
                "quote": quote_c,
                "escape": esc or quote_c,
                "header": header,
                "encoding": _PG_ENCODING.get(src_enc, "UTF8") if src == path else "UTF8",
            }
            if scan.quote_substitute is not None:
                reasons.append(
                    f"no quoting in the file: COPY gets the unused byte {scan.quote_substitute!r} as quote"
                )
    finally:
        for t in temps:
            if t != final_path and os.path.exists(t):
                os.unlink(t)

    # PostgreSQL's COPY reports "line N" of the copied file, counting physical lines: a line
    # break inside a quoted field counts (one of the file's newline style), and the line named
    # is the one where the failing record ends.
    if rewritten:
        offset = skip_rows + (1 if header else 0)
        exact = False
        how = (
            "the copied file was rewritten without the header"
            + (" and preamble" if skip_rows else "")
            + "; blank lines and odd line breaks of the original are not in it"
        )
    else:
        offset = skip_rows if final_path != path else 0
        exact = True
        how = (
            "the copied file is the original"
            if final_path == path
            else "the copied file has the original's lines" + (" minus the preamble" if skip_rows else "")
        )
    return {
        "path": final_path,
        "copy_options": options,
        "transcoded": transcoded,
        "rewritten": rewritten,
        "temporary": final_path != path,
        "reasons": reasons,
        "column_count": k,
        "skipped": skipped,
        "line_numbers": {
            "original_line_offset": offset,
            "exact": exact,
            "note": (
                "COPY's error context names a physical line of the copied file (a line break inside "
                "a quoted field counts; for a record spanning lines, its last line); the original "
                f"file's line is that number + {offset}: {how}"
                + (" (approximately)" if not exact else "")
                + "."
            ),
        },
    }
