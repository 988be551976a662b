"""What runs is what was checked: the statements execute_sql hands to the executor, over
generated scripts full of multi-byte text (2-, 3- and 4-byte characters) in strings, quoted
identifiers, dollar quotes, E'' strings, U& escapes and comments.

pglast counts statement locations in characters of the Python string; dbagent 0.2.0 sliced the
UTF-8 bytes with them, so a statement hidden in a comment after multi-byte text ran unchecked.
Properties, for every generated script:

* the wall splits it into exactly the statements the script holds (each one's tree equal to
  the tree the whole script's parse gives it: nothing hidden in a comment or a string appears,
  nothing is cut short);
* each text handed on parses, on its own, to exactly the tree that was checked;
* the executor's own check (at_most_one_statement) accepts each of them and refuses any two of
  them joined.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
import json
import random
import re

from pglast import parse_sql, parser

from dbagent_plpy.guard import Catalog, Checker, at_most_one_statement, split_statements

# characters of 1, 2, 3 and 4 UTF-8 bytes, and the ones that matter to the lexer
ALPHABET = list("aZ9 _;'\"$-*/\\\n\t") + ["é", "ß", "Ω", "€", "漢", "ア", "😀", "𝄞", "\u00a0", "\u2028"]
HIDDEN = ["; drop table tasks; --", "'; alter table tasks no force row level security; select '",
          "*/ drop table tasks; /*", "$$; drop table tasks; $$", "\n; insert into log values ('HIDDEN')\n", ""]


def _sq(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


def _e_string(s: str) -> str:
    return "E'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _u_string(s: str) -> str:
    # every character as a U& escape (4 or 6 hex digits), apostrophes and backslashes included
    return "U&'" + "".join(f"\\{ord(c):04x}" if ord(c) <= 0xFFFF else f"\\+{ord(c):06x}" for c in s) + "'"


def _dollar(s: str, tag: str) -> str:
    d = f"${tag}$"
    s = s.replace("$", "")
    return f"{d}{s}{d}"


def _ident(s: str) -> str:
    return '"' + (s or "x").replace('"', '""') + '"'


def _line_comment(s: str) -> str:
    return "-- " + s.replace("\n", " ").replace("\u2028", " ") + "\n"


def _block_comment(s: str) -> str:
    return "/* " + s.replace("*/", "* /").replace("/*", "/ *") + " */"


class Script:
    """A script of statements with hostile text in every place the lexer treats specially."""

    def __init__(self, rnd: random.Random) -> None:
        self.r = rnd

    def text(self) -> str:
        s = "".join(self.r.choice(ALPHABET) for _ in range(self.r.randrange(0, 24)))
        return s + (self.r.choice(HIDDEN) if self.r.random() < 0.3 else "")

    def literal(self) -> str:
        kind = self.r.randrange(5)
        t = self.text()
        if kind == 0:
            return _sq(t)
        if kind == 1:
            return _e_string(t)
        if kind == 2:
            return _u_string(t)
        if kind == 3:
            return _dollar(t, self.r.choice(["", "q", "tag_é"]))
        return str(self.r.randrange(-10**6, 10**6))

    def statement(self) -> str:
        v, w, a = self.literal(), self.literal(), _ident(self.text())
        return self.r.choice([
            f"select {v} as {a}",
            f"select {v}, {w}",
            f"insert into log (v) values ({v})",
            f"insert into items (name) values ({v}), ({w}) on conflict (name) do nothing",
            f"update log set v = {v} where v = {w}",
            f"select {a}.v from log {a} where v <> {v}",
        ])

    def trivia(self) -> str:
        out = ""
        for _ in range(self.r.randrange(3)):
            out += self.r.choice([" ", "\n", _line_comment(self.text()), _block_comment(self.text()),
                                  "/* outer /* " + self.text().replace("*", "").replace("/", "") + " */ still */"])
        return out

    def build(self) -> tuple[str, list[str]]:
        stmts = [self.statement() for _ in range(self.r.randrange(1, 6))]
        text = self.trivia()
        for i, st_ in enumerate(stmts):
            text += st_ + self.trivia()
            if i < len(stmts) - 1 or self.r.random() < 0.5:
                text += ";"
            text += self.trivia()
        return text, stmts


scripts = st.integers(0, 2**63).map(lambda seed: Script(random.Random(seed)).build())


_LOCATION = re.compile(r',?"(stmt_location|stmt_len|location)":-?\d+')


def _trees(sql: str) -> list[str]:
    """The parse trees of SQL's statements, without their locations (pglast's JSON, in C)."""
    return [json.dumps(s["stmt"], sort_keys=True)
            for s in json.loads(_LOCATION.sub("", parser.parse_sql_json(sql))).get("stmts", [])]


def _tree(sql: str) -> str:
    (one,) = _trees(sql)
    return one


@settings(max_examples=10_000, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(scripts)
def test_what_runs_is_what_was_checked(script):
    text, generated = script
    pieces = split_statements(text)
    # exactly the statements the script holds, none hidden, none cut (what the script's own parse says)
    assert [_tree(piece) for piece, _ in pieces] == [_tree(s) for s in generated] == _trees(text), text
    for piece, rs in pieces:
        assert at_most_one_statement(piece), piece
    if hash(text) % 10 == 0:  # pglast's Python trees are slow to build: every tenth script
        for piece, rs in pieces:
            # the text handed to the executor parses, alone, to the tree the wall walked
            (again,) = parse_sql(piece)
            assert again.stmt == rs.stmt, (text, piece)  # the same tree, locations and all
    if len(pieces) > 1:
        assert not at_most_one_statement(pieces[0][0] + "\n;\n" + pieces[1][0])


@settings(max_examples=1_000, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(scripts)
def test_the_checker_checks_each_text_it_returns(script):
    """Through the Checker itself (the entry point execute_sql uses): the Statement texts."""
    text, generated = script
    checker = Checker("acme", Catalog.from_snapshot(), own_function=lambda name: False)
    statements = checker.check_script(text)
    assert [_tree(s.sql) for s in statements] == [_tree(s) for s in generated], text
    assert all(at_most_one_statement(s.sql) for s in statements)


def test_the_reproductions_of_the_issue():
    e47 = "é" * 47
    for hidden in ("ALTER TABLE tasks NO FORCE ROW LEVEL SECURITY",
                   "SELECT CAST(string_agg(rolname, ',') AS int) FROM pg_roles"):
        text = f"SELECT '{e47}' --pp{hidden}\n;SELECT 1"
        assert [_tree(t) for t, _ in split_statements(text)] == [_tree(f"SELECT '{e47}'"), _tree("SELECT 1")]
    # a 3-byte character no longer cuts a character in half
    text = "SELECT '" + "€" * 30 + "' --x DROP TABLE tasks\n;SELECT 1"
    assert len(split_statements(text)) == 2
    # the benign insert runs whole
    text = "INSERT INTO items (name) VALUES (U&'caf\\00e9'), ('résumé') ON CONFLICT (name) DO NOTHING"
    ((piece, _),) = split_statements(text)
    assert piece == text
    text2 = "select 1; " + text + ";"
    assert split_statements(text2)[1][0] == text


def test_at_most_one_statement():
    assert at_most_one_statement("select 1")
    assert at_most_one_statement("select 1;")
    assert at_most_one_statement("select 1; -- trailing\n /* and */ ;")
    assert at_most_one_statement("select 'a;b', $$;$$, \"x;y\" from t")
    assert at_most_one_statement(
        "create function f() returns int language sql begin atomic select 1; select 2; end")
    assert at_most_one_statement("")  # nothing runs
    assert at_most_one_statement("-- only a comment")
    assert not at_most_one_statement("select 1; select 2")
    assert not at_most_one_statement("select 1;select 2 -- x")
    assert not at_most_one_statement("select 'unterminated; select 2")
    assert not at_most_one_statement("create function f() returns int language sql begin atomic select 1; end; select 2")
