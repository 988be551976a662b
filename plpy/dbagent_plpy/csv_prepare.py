"""Make a CSV file that PostgreSQL's ``COPY ... (FORMAT csv)`` loads exactly as analysed.

``prepare_for_copy(path, dialect, work_dir, reading=...)`` returns the file to give to COPY and
its options.

*Exactly as analysed* means: the values PostgreSQL stores are the values DuckDB read when
``csv_profile`` analysed the file (``all_varchar``, ``allow_quoted_nulls = false``), so a quoted
``""`` is an empty string, an unquoted empty field is NULL, text is byte-for-byte the decoded
text, and embedded line breaks stay; and the number of rows COPY reads is the number of
records the analysis counted.

PostgreSQL and DuckDB agree on every RFC 4180 file, but not elsewhere. The analysis
(``csv_profile``: DuckDB's reading plus ``csv_scan``'s byte checks) says whether the file is
*plain*, and only a plain file goes to COPY as it is:

* an encoding COPY reads itself the way Python does (UTF-8; UTF-8 with a BOM when a header line,
  which COPY skips, carries it; LATIN1; WIN1252 when none of the five bytes CP-1252 leaves
  undefined occurs), a single-byte ASCII delimiter and quote, the escape the quote itself;
* no preamble, a header of at most one record, no comment lines, no blank lines (COPY refuses
  them or reads a NULL; DuckDB skips them), one line-break style outside quotes;
* no record DuckDB could not read, no quote character inside an unquoted field;
* no line holding only ``\\.``: PostgreSQL 15 takes it for the end of the data and stops there;
* no NUL byte (an error before anything else).

Otherwise DuckDB re-reads the file exactly as the analysis did (the same ``read_csv`` call on
the same working copy) and writes canonical CSV (``,``, ``"``, every non-NULL value quoted, so
``""`` stays an empty string, NULL an unquoted empty field and ``\\.`` is quoted), leaving out
the records it cannot read when asked to (``skip_bad_rows``).

``working_copy`` streams a UTF-8 copy whose physical lines are the original's one for one
(transcoded, line breaks outside quotes made LF, comment lines blanked, spaces before quoted
fields dropped), so every line number DuckDB reports is the original file's.

``read_csv_sql`` builds the DuckDB ``read_csv`` call both this module and ``csv_profile`` use, so
the two read every file the same way.
"""

from __future__ import annotations

import codecs
import os
import re
import tempfile
from collections.abc import Callable
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

_CHUNK: Final = 4 << 20  # memory: a chunk, its decoded text and its UTF-8 at a time
_MAX_CARRY: Final = 256 << 20  # a record longer than this is not checked, it is rewritten
MAX_LINE_BYTES: Final = 16 << 20  # the longest record DuckDB is asked to accept
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
    alias = _ALIASES.get(low)
    if alias is not None:
        return alias
    try:
        info = codecs.lookup(low)
    except LookupError:
        raise CsvError(
            f'unknown encoding "{name}"',
            hint="Use e.g. utf-8, utf-16-le, cp1252, latin-1, cp1250, cp1251, koi8-r, shift_jis, euc-jp, gb18030, "
                 "big5 or euc-kr."
        ) from None
    canonical = {"iso8859-1": "latin-1", "utf-16": "utf-16", "utf-32": "utf-32", "shift_jis": "cp932",
                 "euc_kr": "cp949", "gbk": "gb18030", "gb2312": "gb18030", "big5": "cp950",
                 "euc_jp": "euc-jp", "koi8-r": "koi8-r"}.get(info.name, info.name)
    return canonical


_ALIASES: Final = MappingProxyType({
    "sjis": "cp932", "shift-jis": "cp932", "shiftjis": "cp932", "windows-31j": "cp932", "ms932": "cp932",
    "win1250": "cp1250", "windows-1250": "cp1250", "win1251": "cp1251", "windows-1251": "cp1251",
    "latin2": "iso8859-2", "iso-8859-2": "iso8859-2", "latin9": "iso8859-15", "iso-8859-15": "iso8859-15",
    "iso-8859-5": "iso8859-5", "iso-8859-5:1988": "iso8859-5", "koi8r": "koi8-r", "koi8-r": "koi8-r",
    "euc-jp": "euc-jp", "eucjp": "euc-jp", "euc-kr": "cp949", "euckr": "cp949", "uhc": "cp949",
    "gbk": "gb18030", "gb2312": "gb18030", "gb18030": "gb18030", "big5": "cp950", "cp950": "cp950",
    "latin1": "latin-1", "iso-8859-1": "latin-1", "utf-16le": "utf-16-le", "utf-16be": "utf-16-be",
})


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
    check: Callable[[], None] | None = None,
    collect: dict[str, Any] | None = None,
) -> dict[str, int]:
    """Stream ``path`` into a UTF-8 file without BOM (and without the preamble lines).

    ``collect``: gather the bytes above 0x7F the file holds (``collect["high"]``, a set) and the
    lines where each first occurs (``collect["sample"]``, at most 256 KiB), to confirm a guessed
    legacy encoding over the whole file.

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
                if check is not None:
                    check()
                chunk = src.read(_CHUNK)
                if not chunk:
                    break
                bytes_in += len(chunk)
                if collect is not None:
                    _collect_high(chunk, collect)
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
        lines_out = 0
        while True:
            if check is not None:
                check()
            chunk = src.read(_CHUNK)
            final = not chunk
            bytes_in += len(chunk)
            if collect is not None and chunk:
                _collect_high(chunk, collect)
            try:
                text = dec.decode(chunk, final=final)
            except UnicodeDecodeError as e:
                good = dec.decode(chunk[: e.start], final=False) if e.start else ""
                line = lines_out + good.count("\n") + (good.count("\r") if "\n" not in good else 0) + 1
                raise CsvError(
                    f"csv file is not valid {enc} at line {line}",
                    detail=f"line {line}: bytes that {enc} cannot decode (near byte {bytes_in - len(chunk) + e.start}).",
                    hint="Pass the file's real encoding.",
                    sqlstate="22021",
                ) from None
            lines_out += text.count("\n")
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


_ASCII_BYTES: Final = bytes(range(128))


def _collect_high(chunk: bytes, collect: dict[str, Any]) -> None:
    seen: set[int] = collect.setdefault("high", set())
    sample: bytearray = collect.setdefault("sample", bytearray())
    if chunk.isascii():
        return
    new = set(chunk.translate(None, _ASCII_BYTES)) - seen
    if not new:
        return
    seen.update(new)
    if len(sample) >= 256 << 10:
        return
    for b in sorted(new):
        at = chunk.find(bytes([b]))
        ls = chunk.rfind(b"\n", 0, at) + 1
        le = chunk.find(b"\n", at)
        sample += chunk[ls:(len(chunk) if le < 0 else le + 1)][:4096]
        if len(sample) >= 256 << 10:
            break


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
    rejects_limit: int = 1000,
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
        ("buffer_size", MAX_LINE_BYTES),  # small buffers: DuckDB reads a file in parallel by buffer
    ]
    if store_rejects:
        opts += [("store_rejects", True), ("rejects_table", rejects_table), ("rejects_scan", rejects_scan),
                 ("rejects_limit", rejects_limit)]
    sql = "read_csv(?, " + ", ".join(f"{name} = ?" for name, _ in opts) + ")"
    return sql, [path] + [v for _, v in opts]


def duckdb_connect(work_dir: str | None = None, *, threads: int | None = None) -> Any:
    """A DuckDB connection with the default limits (tests and tools without an Engine)."""
    from .csv_engine import Engine, Limits

    return Engine(Limits(threads=threads or 2), work_dir).connect()


def duckdb_error(e: Exception, *, what: str) -> Exception:
    from .csv_engine import duckdb_error as _de

    return _de(e, what=what)


# --------------------------------------------------------------------------------------------
# The working copy: a UTF-8 file with the original's lines
# --------------------------------------------------------------------------------------------


def working_copy(
    path: str,
    dialect: dict[str, Any],
    out_path: str,
    *,
    transcode: bool,
    normalise_newlines: bool,
    comment: str | None,
    first_comment_line: int,
    initial_space: bool,
    check: Callable[[], None] | None = None,
    collect: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Stream ``path`` into a UTF-8 copy (no BOM) whose physical lines are the original's:
    transcoded, line breaks outside quotes made LF, comment lines from ``first_comment_line``
    on left blank, spaces between a delimiter and a quoted field dropped. Returns
    ``{"comment_count", "comment_lines"}``."""
    if not comment and not initial_space:
        transcode_to_utf8(path, dialect, out_path, strip_preamble=False, normalise_newlines=normalise_newlines,
                          check=check, collect=collect)
        return {}
    import csv as _csv
    import io

    enc = normalise_encoding(dialect.get("encoding") or "utf-8")
    codec = {"utf-8": "utf-8-sig", "utf-16": "utf-16", "utf-32": "utf-32"}.get(enc, enc)
    if enc == "cp1252":
        codec = "latin-1"  # decoded below with CP-1252's table (undefined bytes kept)
    quote = dialect.get("quote")
    comments = 0
    comment_lines: list[int] = []
    with open(path, "rb") as raw, open(out_path, "w", encoding="utf-8", newline="") as dst:
        src = io.TextIOWrapper(raw, encoding=codec, errors="strict", newline="")
        if enc in ("utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be") and _bom_len(path, enc):
            src.read(1)  # the BOM
        line_no = 0
        in_quote = False

        def lines() -> Any:
            nonlocal line_no
            while True:
                try:
                    text = src.readline()
                except UnicodeDecodeError:
                    raise CsvError(f"csv file is not valid {enc} at line {line_no + 1}",
                                   detail=f"line {line_no + 1}: bytes that {enc} cannot decode.",
                                   hint="Pass the file's real encoding.", sqlstate="22021") from None
                if not text:
                    return
                line_no += 1
                if check is not None and line_no % 65536 == 0:
                    check()
                if enc == "cp1252":
                    text = text.encode("latin-1").decode("latin-1").translate(_CP1252_TRANSLATE)
                yield text

        if initial_space:
            kw: dict[str, Any] = {"delimiter": dialect.get("delimiter") or ",", "skipinitialspace": True,
                                  "strict": True}
            if quote is None:
                kw.update(quoting=_csv.QUOTE_NONE, quotechar=None)
            else:
                esc = dialect.get("escape")
                kw.update(quotechar=quote, doublequote=esc in (None, quote), escapechar=None if esc in (None, quote) else esc)
            writer = _csv.writer(dst, delimiter=dialect.get("delimiter") or ",", quotechar=quote or '"',
                                 doublequote=True, lineterminator="\n", quoting=_csv.QUOTE_MINIMAL)
            gen = lines()
            pending: list[str] = []

            def feed() -> Any:
                for text in gen:
                    if comment and line_no >= first_comment_line and text.startswith(comment) and not pending:
                        pending.append(text)
                        continue
                    yield text

            reader = _csv.reader(feed(), **kw)
            with _FieldLimitCtx():
                while True:
                    try:
                        row = next(reader)
                    except StopIteration:
                        break
                    except _csv.Error:
                        raise CsvError(f"line {line_no}: the record does not parse with spaces before quotes",
                                       sqlstate="22P04") from None
                    while pending:
                        pending.pop()
                        comments += 1
                        if len(comment_lines) < 20:
                            comment_lines.append(line_no)
                        dst.write("\n")
                    writer.writerow(row)
            return {"comment_count": comments, "comment_lines": comment_lines}
        for text in lines():
            body = text.rstrip("\r\n")
            end = text[len(body):]
            if not in_quote and comment and line_no >= first_comment_line and body.startswith(comment):
                comments += 1
                if len(comment_lines) < 20:
                    comment_lines.append(line_no)
                dst.write("\n" if normalise_newlines or end else "")
                continue
            if quote:
                if body.count(quote) % 2 == 1:
                    in_quote = not in_quote
            if normalise_newlines and end and not in_quote:
                end = "\n"
            dst.write(body + end)
    return {"comment_count": comments, "comment_lines": comment_lines}


class _FieldLimitCtx:
    def __enter__(self) -> None:
        import csv as _csv
        import sys

        self.old = _csv.field_size_limit()
        _csv.field_size_limit(sys.maxsize if sys.maxsize < 2**63 else 2**62)

    def __exit__(self, *exc: object) -> None:
        import csv as _csv

        _csv.field_size_limit(self.old)


_CP1252_TRANSLATE: Final = {i: ord(_CP1252_TABLE[i]) for i in range(0x80, 0xA0)}


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


# --------------------------------------------------------------------------------------------
# prepare_for_copy
# --------------------------------------------------------------------------------------------

_PLAIN_PG_ENCODINGS: Final = MappingProxyType({"utf-8": "UTF8", "utf-8-sig": "UTF8", "latin-1": "LATIN1",
                                               "cp1252": "WIN1252"})


def plain_reasons(dialect: dict[str, Any], reading: dict[str, Any]) -> list[str]:
    """Why COPY cannot be given the original file (empty: it can)."""
    why: list[str] = []
    enc = normalise_encoding(dialect.get("encoding") or "utf-8")
    if enc not in _PLAIN_PG_ENCODINGS:
        why.append(f"{enc} is transcoded to UTF-8")
    if enc == "utf-8-sig" and not dialect.get("header"):
        why.append("the byte-order mark is removed")
    if int(dialect.get("skip_rows") or 0):
        why.append(f"{dialect.get('skip_rows')} line(s) before the table are left out")
    if int(dialect.get("header_rows") or 0) > 1:
        why.append(f"a header of {dialect.get('header_rows')} rows is left out")
    if reading.get("comment_lines"):
        why.append("comment lines are left out")
    if reading.get("blank_lines"):
        why.append("blank lines are left out")
    for r in reading.get("copied") or []:
        if r.endswith("transcoded to UTF-8") and enc in _PLAIN_PG_ENCODINGS:
            continue  # DuckDB needed UTF-8; COPY reads this encoding itself
        if r not in why:
            why.append(r)
    if reading.get("final_lone_cr"):
        why.append("the last line ends with a lone carriage return")
    if reading.get("end_marker_lines"):
        why.append("a line holds only \\. (PostgreSQL's end-of-data marker)")
    if reading.get("bad_records"):
        why.append("records that cannot be read are left out")
    delim = dialect.get("delimiter") or ","
    quote = dialect.get("quote")
    if len(delim) != 1 or ord(delim) > 127 or delim in "\r\n\x00":
        why.append("the delimiter is not a single ASCII byte")
    if quote is not None and (len(quote) != 1 or ord(quote) > 127 or quote == delim):
        why.append("the quote is not a single ASCII byte")
    if quote is not None and dialect.get("escape") not in (None, quote):
        why.append("quotes are escaped with another character than the quote")
    if dialect.get("initial_space"):
        why.append("spaces before quoted fields are dropped")
    return why


def _absent_byte(path: str, candidates: tuple[bytes, ...], check: Callable[[], None] | None) -> bytes | None:
    """A byte of ``candidates`` that never occurs in the file (memchr per chunk)."""
    left = list(candidates)
    with open(path, "rb") as fh:
        while left:
            if check is not None:
                check()
            chunk = fh.read(_CHUNK)
            if not chunk:
                break
            left = [c for c in left if c not in chunk]
    return left[0] if left else None


def _has_any(path: str, needles: bytes, check: Callable[[], None] | None) -> bool:
    with open(path, "rb") as fh:
        while True:
            if check is not None:
                check()
            chunk = fh.read(_CHUNK)
            if not chunk:
                return False
            if any(bytes([b]) in chunk for b in needles):
                return True


def prepare_for_copy(
    path: str,
    dialect: dict[str, Any],
    work_dir: str,
    *,
    reading: dict[str, Any] | None = None,
    skip_bad_rows: bool = False,
    engine: Any = None,
) -> dict[str, Any]:
    """Return the file and options with which ``COPY t FROM file WITH (FORMAT csv, ...)`` loads
    every value of ``path`` exactly as analysed. See the module docstring.

    ``reading`` is the analysis's account of the file (``csv_profile.profile(...)["reading"]``);
    without it the file is read now (``profile(stats=False)``). Returns ``{"path",
    "copy_options", "transcoded", "rewritten", "temporary", "reasons", "column_count", "rows",
    "skipped", "line_numbers", "reading"}``: ``rows`` is the number of rows COPY will read (the
    caller checks the load against it), ``skipped`` the records left out (``skip_bad_rows``),
    each with its line (and record number).
    """
    from .csv_engine import Engine, Limits
    from .csv_profile import profile, reading_source, _rel_factory

    if "column_count" not in dialect or "delimiter" not in dialect:
        raise CsvError("dialect is incomplete", hint="Pass the dict csv_sniff.sniff() returned.")
    k = int(dialect["column_count"])
    if k < 1:
        raise CsvError("csv file has no columns")
    path = os.path.abspath(path)
    os.makedirs(work_dir, exist_ok=True)
    eng = engine if engine is not None else Engine(Limits(), work_dir)
    check = eng.check
    try:
        if reading is None:
            reading = profile(path, dialect, work_dir=work_dir, engine=eng, stats=False)["reading"]
        if reading.get("encoding"):
            dialect = dict(dialect, encoding=reading["encoding"])  # the whole file may have said more
        if reading.get("quote_error"):
            qe = reading["quote_error"]
            raise CsvError(
                f"line {qe['line']}: {qe['reason']}; nothing was loaded",
                detail=f"line {qe['line']}: {qe['reason']} (PostgreSQL and DuckDB read such a line differently).",
                hint='Fix that line (quote the whole field and double the quotes inside it), or pass {"quote": null} '
                     "if quote characters are data in this file.",
                sqlstate="22P04",
            )
        if reading.get("invalid_encoding_lines"):
            line = reading["invalid_encoding_lines"][0]
            raise CsvError(
                f"line {line} is not valid {dialect.get('encoding') or 'utf-8'}; nothing was loaded",
                detail=f"line {line}: bytes that are not valid UTF-8.",
                hint='Pass the file\'s real encoding, e.g. {"encoding": "cp1252"}.',
                sqlstate="22021",
            )
        if reading.get("bad_records") and not skip_bad_rows:
            bad = reading.get("bad_lines") or []
            n = int(reading["bad_records"])
            first = bad[0] if bad else None
            where = (f"line {first['line']}" + (f" (record {first['record']})" if first.get("record") else "")
                     if first else "")
            raise CsvError(
                (f"{where}: {first['reason']}; " if first else "")
                + f"{n} record(s) cannot be read as {k} fields; nothing was loaded",
                detail="\n".join(f"line {b['line']}" + (f" (record {b['record']})" if b.get("record") else "")
                                  + f": {b['reason']}" for b in bad[:20]) or None,
                hint='Fix those lines, or pass {"on_error": "skip"} to leave them out.',
                sqlstate="22P04",
            )
        why = plain_reasons(dialect, reading)
        enc = normalise_encoding(dialect.get("encoding") or "utf-8")
        substitute: bytes | None = None
        if not why and dialect.get("quote") is None:
            substitute = _absent_byte(path, tuple(c for c in _QUOTE_SUBSTITUTES if c != dialect["delimiter"].encode()),
                                      check)
            if substitute is None:
                why.append("no byte is free to serve as COPY's quote character")
        if not why and enc == "cp1252" and _has_any(path, _CP1252_UNDEFINED, check):
            why.append("bytes undefined in CP-1252 occur: transcoded to UTF-8")
        header = bool(dialect.get("header"))
        skipped: list[dict[str, Any]] = []
        if not why:
            quote_c = substitute.decode("ascii") if substitute is not None else dialect.get("quote")
            options = {
                "format": "csv",
                "delimiter": dialect["delimiter"],
                "quote": quote_c,
                "escape": quote_c,
                "header": header,
                "encoding": _PLAIN_PG_ENCODINGS[enc],
            }
            reasons = [f"no quoting in the file: COPY gets the unused byte {substitute!r} as quote"] if substitute else []
            return {
                "path": path,
                "copy_options": options,
                "transcoded": False,
                "rewritten": False,
                "temporary": False,
                "reasons": reasons,
                "column_count": k,
                "rows": int(reading["records"]),
                "skipped": [],
                "reading": reading,
                "line_numbers": {
                    "original_line_offset": 0,
                    "exact": True,
                    "note": "COPY's error context names a physical line of the original file (a line break inside "
                            "a quoted field counts; for a record spanning lines, its last line).",
                },
            }
        # DuckDB re-reads the file as the analysis did and writes canonical csv.
        temps: list[str] = []
        source = reading_source(path, dict(dialect, mixed_newlines=bool(reading.get("mixed_newlines"))),
                                work_dir, temps, from_offset=bool(reading.get("from_offset")), engine=eng)
        rel = _rel_factory(source, dialect, k)
        fd, out = tempfile.mkstemp(prefix="dbagent_csv_", suffix=".csv", dir=work_dir)
        os.close(fd)
        con = eng.connect()
        try:
            import duckdb

            r_sql, params = rel(store_rejects=True, rejects_table="rj_rewrite", rejects_scan="rs_rewrite",
                                rejects_limit=0)
            con.execute("set preserve_insertion_order = true")
            try:
                row = con.execute(
                    f"copy (select * from {r_sql}) to ? (format csv, header false, delimiter ',', quote '\"', "
                    "escape '\"', force_quote *)",
                    params + [out],
                ).fetchone()
            except duckdb.Error as e:
                raise duckdb_error(e, what="could not read the csv file") from None
            rows = int(row[0]) if row else 0
            rejected = con.execute(
                "select line, min(error_type::varchar), min(line_byte_position) from rj_rewrite group by line "
                "order by line").fetchall()
        finally:
            eng.close(con)
            for t in temps:
                if os.path.exists(t):
                    os.unlink(t)
        if rejected and not skip_bad_rows:
            os.unlink(out)
            raise CsvError(
                f"{len(rejected)} record(s) cannot be read with the dialect; nothing was loaded",
                hint='Fix those lines, or pass {"on_error": "skip"} to leave them out.',
                sqlstate="22P04",
            )
        from . import csv_scan

        where = csv_scan.row_lines(source.path, dict(dialect, encoding="utf-8"), start=source.data_offset,
                                   start_line=source.data_line, rows=[int(r[0]) - source.skip for r in rejected],
                                   check=check) if rejected and dialect.get("escape") in (None, dialect.get("quote")) else {}
        for line, etype, _pos in rejected:
            phys, rec = where.get(int(line) - source.skip, (int(line), None))
            entry: dict[str, Any] = {"line": phys + source.line_shift, "reason": str(etype).lower()}
            if rec is not None:
                entry["record"] = rec
            skipped.append(entry)
        expected = int(reading["records"])
        if not skip_bad_rows and rows != expected:
            os.unlink(out)
            raise CsvError(
                f"the file was read as {rows} records now and {expected} when it was analysed; nothing was loaded",
                hint="The file changed, or its reading is not stable: analyse it again.",
                sqlstate="22P04",
            )
        return {
            "path": out,
            "copy_options": {"format": "csv", "delimiter": ",", "quote": '"', "escape": '"', "header": False,
                             "encoding": "UTF8"},
            "transcoded": enc not in ("utf-8", "utf-8-sig"),
            "rewritten": True,
            "temporary": True,
            "reasons": why,
            "column_count": k,
            "rows": rows,
            "skipped": skipped,
            "reading": reading,
            "line_numbers": {
                "original_line_offset": None,
                "exact": False,
                "note": "the copied file was rewritten (one record per line, without the header, preamble, blank "
                        "and comment lines): its line numbers are not the original's; bad rows are reported with "
                        "the original's line numbers.",
            },
        }
    finally:
        if engine is None:
            eng.close_all()
