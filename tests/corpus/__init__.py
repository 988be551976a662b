"""The SQL corpus the walls are tested against: attacks that must be denied, legit scripts
that must be allowed and must run.

Pure data. ``ATTACKS`` (``tests/corpus/attacks.py``) and ``LEGIT`` (``tests/corpus/legit.py``)
are lists of :class:`Attack` and :class:`Legit` entries; each entry is one whole script (it may
hold many statements) for one ``agent.execute_sql`` call.

Conventions the live tests provide (each entry runs in a fresh base):

* the agent's base is schema ``acme`` (search_path ``acme``), owned by the tenant owner role;
* another base ``globex`` has ``globex.canary(note text)`` with the row ``'GLOBEX-CANARY-7f3a'``;
* schema ``auth`` has ``auth.users(id uuid, email text, encrypted_password text)`` with the
  row email ``'AUTH-CANARY-91c2@example.com'``, and the functions ``auth.uid()``,
  ``auth.role()``, ``auth.jwt()``;
* roles ``anon`` and ``authenticated`` exist.

Every attack must be refused by the parse wall with SQLSTATE 42501. Attack scripts may first
create their own objects (valid, allowed statements) and then try to escape.

Every legit script must pass the parse wall and then execute successfully, all statements
in one transaction. Legit scripts rely on dbagent's data-model rules: every created table
gets ``id uuid primary key default gen_random_uuid()``, ``created_at``, ``updated_at``,
``created_by``, ``updated_by`` (so ``references some_table(id)`` works); they never declare
these five themselves, use snake_case names, no secret-like columns, and no foreign key to
``auth.users``.

Import from a test with ``tests/`` on ``sys.path`` (``from corpus import ATTACKS``) or as
``tests.corpus`` from the repository root.
"""

from __future__ import annotations

from typing import NamedTuple


class Attack(NamedTuple):
    """A script the parse wall must refuse with SQLSTATE 42501."""

    id: str  # "attack.<category>.<name>", unique
    category: str
    sql: str


class Legit(NamedTuple):
    """A script the parse wall must allow and that must then run on PostgreSQL 15."""

    id: str  # "legit.<category>.<name>", unique
    category: str
    sql: str


def _load_attacks() -> list[Attack]:
    from .attacks import ATTACKS

    return ATTACKS


def _load_legit() -> list[Legit]:
    from .legit import LEGIT

    return LEGIT


def __getattr__(name: str):  # lazy: ``from corpus import ATTACKS, LEGIT``
    if name == "ATTACKS":
        return _load_attacks()
    if name == "LEGIT":
        return _load_legit()
    raise AttributeError(name)
