"""Bearer tokens: their form, their hash, and the lookup done on every request.

A token is ``dbat_`` and 64 hex digits, made by ``agent.admin_token_create`` in the database,
which keeps only its SHA-256. The server hashes the presented token and asks
``agent._token_verify`` for the live token with that hash on every request: no cache, so a
revoked or expired token, or one whose agent was dropped, fails on its very next request. A
string that is not of the token's form is refused without a lookup. Tokens are never logged:
the access log names the token_id.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime

TOKEN_FORM = re.compile(r"dbat_[0-9a-f]{64}")
VERIFY_SQL = "select token_id::text, role_name, expires_at, role_oid::int8 from agent._token_verify(%s)"


@dataclass(frozen=True)
class Principal:
    """Who a request acts as: an agent role, through one token."""

    role: str
    token_id: str
    expires_at: datetime | None
    role_oid: int = 0

    @property
    def key(self) -> str:
        """The role as pools know it: a role dropped and made again under its name is another role."""
        return f"{self.role}#{self.role_oid}"


def bearer(header: str | None) -> str | None:
    """The token of an ``Authorization: Bearer <token>`` header, else None."""
    if not header:
        return None
    scheme, _, value = header.strip().partition(" ")
    if scheme.lower() != "bearer":
        return None
    return value.strip() or None


def well_formed(token: str) -> bool:
    return TOKEN_FORM.fullmatch(token) is not None


def digest(token: str) -> bytes:
    return hashlib.sha256(token.encode()).digest()
