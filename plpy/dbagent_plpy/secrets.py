"""Recognise secrets by a column's name and by a value's shape.

dbagent refuses columns that hold secrets (DESIGN.md invariant 4) and never echoes a sensitive
value (invariant 5). Two checks serve both the CSV analysis and the SQL parse wall:

``sensitive_name(name)``
    The kind of secret a column name denotes, or ``None``. The name is split into snake_case
    words (``CamelCase``, ``kebab-case`` and spaces are split too) and matched word by word, so
    ``token_count`` is not ``access_token``. The starting point is the name list of Supabase
    splinter lint 0023 ("sensitive columns exposed"), narrowed to *credentials and payment-card
    data*, the things an application must not keep in a plain column.

    Decisions, each covered by a test:

    * Credentials: ``password`` (also ``passwd``, ``pwd``, ``passphrase``, ``passcode``,
      ``password_hash``, ``hashed_password``, ``encrypted_password``, ``password_digest``: a
      password hash is still credential material), ``secret`` when it is the noun
      (``client_secret``, ``webhook_secret``, ``otp_secret``, ``mfa_secret``, ``secret``,
      ``secret_key``, ``secret_answer``), keys (``api_key``, ``apikey``, ``private_key``,
      ``secret_key``, ``access_key``, ``signing_key``, ``encryption_key``, ``master_key``,
      ``auth_key``, ``license_key``, ``activation_key``), tokens (any name whose last word is
      ``token``: ``access_token``, ``refresh_token``, ``auth_token``, ``invite_token``, bare
      ``token``; ``token_hash`` too; ``jwt``), one-time codes (``otp``, ``otp_code``,
      ``recovery_code(s)``, ``backup_code(s)``, ``verification_code``, ``auth_code``,
      ``2fa_code``), ``session_token``/``session_key``/``session_secret``, ``credentials``.
    * Payment cards: ``card_number``, ``credit_card``, ``cc_number``, ``card_no``, ``pan``
      is *not* matched (a frying pan, India's PAN). ``cvv``/``cvc``/``cvn``/``csc``/
      ``security_code``: storing these is forbidden outright by PCI DSS.
    * ``ssn``/``social_security_number``: a US SSN works as an authenticator, so it is treated
      as a secret.
    * Metadata *about* a secret is not a secret: a name with a qualifier word such as
      ``policy``, ``id``, ``at``, ``expires``, ``length``, ``count``, ``type``, ``last4``,
      ``hint``, ``salt``, ``enabled``, ``required``, ``changed``... is left alone
      (``password_policy_id``, ``password_changed_at``, ``token_type``, ``card_last4``,
      ``access_key_id``), and so is a boolean flag (``is_secret``, ``has_password``).
    * ``secret`` as an adjective is not a secret: ``secret_santa_group`` is an honest name
      (``secret`` counts only as the last word or before ``key``/``token``/``value``/
      ``hash``/``answer``/``phrase``/``code``).
    * ``token`` counts only as the last word: ``token_count``, ``max_tokens``, ``tokens``,
      ``token_type``, ``token_expires_at`` are not secrets.
    * Not secrets (personal data an application may legitimately keep behind RLS):
      ``passport_number``, ``driver_license``, ``national_id``, ``tax_id``, ``iban``,
      ``bank_account``, ``account_number``, ``session_id``, ``pin`` (also a map pin, and
      India's postal ``pin_code``), ``salt`` (stored next to a hash by design), public
      ``ssh_key``/``pgp_key``.

``sensitive_value(value)``
    The kind of secret a value *contains*, or ``None``: a Luhn-valid card number with a known
    issuer prefix (13-19 digits, spaces or dashes between groups, standing alone: never part of
    a decimal number such as ``11.4338163852692`` or ``1,4111111111111111``), a PEM private key block, a
    JWT (three base64url segments whose header is JSON naming ``alg``), a US SSN written
    ``AAA-GG-SSSS`` (the whole value), a URL with an embedded password, and the published
    prefixes of API keys (Stripe ``sk_live_``/``sk_test_``/``rk_live_``/``whsec_``, AWS
    ``AKIA``/``ASIA``, GitHub ``ghp_``/``gho_``/``ghu_``/``ghs_``/``ghr_``/``github_pat_``,
    Slack ``xoxb-``/``xoxp-``/..., Google ``AIza``, OpenAI ``sk-``/``sk-proj-``, Anthropic
    ``sk-ant-``, GitLab ``glpat-``, SendGrid, npm, PyPI, Hugging Face, Shopify, Supabase,
    Azure ``AccountKey=``). It runs per value, so values shorter than any secret return at
    once. Neither function returns, logs or raises with the value itself.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from types import MappingProxyType
from typing import Final

__all__ = ["SECRET_KINDS", "name_words", "sensitive_name", "sensitive_value"]

#: Every kind either function may return.
SECRET_KINDS: Final = frozenset(
    {
        "password",
        "secret",
        "api_key",
        "access_token",
        "private_key",
        "card_number",
        "cvv",
        "ssn",
        "otp",
        "license_key",
    }
)

# --------------------------------------------------------------------------------------------
# Names
# --------------------------------------------------------------------------------------------

_CAMEL_1: Final = re.compile(r"([A-Z]+)([A-Z][a-z])")
_CAMEL_2: Final = re.compile(r"([a-z0-9])([A-Z])")
_NON_WORD: Final = re.compile(r"[^a-z0-9]+")

# Words that make a name describe a secret rather than hold it.
_QUALIFIERS: Final = frozenset(
    {
        "policy",
        "policies",
        "id",
        "ids",
        "at",
        "on",
        "date",
        "time",
        "ts",
        "timestamp",
        "expires",
        "expiry",
        "expiration",
        "expired",
        "expire",
        "ttl",
        "age",
        "length",
        "len",
        "size",
        "strength",
        "complexity",
        "min",
        "max",
        "count",
        "counts",
        "num",
        "attempts",
        "attempt",
        "tries",
        "retries",
        "failures",
        "type",
        "kind",
        "format",
        "algorithm",
        "algo",
        "scheme",
        "version",
        "status",
        "state",
        "changed",
        "updated",
        "created",
        "set",
        "rotated",
        "rotation",
        "used",
        "required",
        "enabled",
        "disabled",
        "enforced",
        "allowed",
        "page",
        "pagination",
        "cursor",
        "last4",
        "last",
        "first6",
        "bin",
        "brand",
        "mask",
        "masked",
        "prefix",
        "hint",
        "question",
        "salt",
        "fingerprint",
        "name",
        "label",
        "description",
        "url",
        "endpoint",
        "issuer",
        "audience",
        "scope",
        "scopes",
        "provider",
        "reference",
        "ref",
        "location",
        "path",
        "vault",
        "exists",
        "present",
        "needed",
    }
)
_FLAG_PREFIXES: Final = frozenset(
    {
        "is",
        "has",
        "use",
        "uses",
        "requires",
        "require",
        "needs",
        "allow",
        "allows",
        "enable",
        "enables",
        "should",
        "can",
        "with",
        "without",
    }
)

# Single words that are a credential by themselves.
_WORD_KIND: Final = MappingProxyType(
    {
        "password": "password",
        "passwords": "password",
        "passwd": "password",
        "pwd": "password",
        "passphrase": "password",
        "passcode": "password",
        "passwordhash": "password",
        "passworddigest": "password",
        "apikey": "api_key",
        "apikeys": "api_key",
        "apisecret": "secret",
        "api_secret": "secret",
        "accesstoken": "access_token",
        "refreshtoken": "access_token",
        "authtoken": "access_token",
        "bearertoken": "access_token",
        "idtoken": "access_token",
        "jwt": "access_token",
        "secretkey": "secret",
        "clientsecret": "secret",
        "privatekey": "private_key",
        "creditcard": "card_number",
        "cardnumber": "card_number",
        "ccnumber": "card_number",
        "ccnum": "card_number",
        "creditcardnumber": "card_number",
        "cvv": "cvv",
        "cvv2": "cvv",
        "cvc": "cvv",
        "cvc2": "cvv",
        "cvn": "cvv",
        "csc": "cvv",
        "ssn": "ssn",
        "otp": "otp",
        "totp": "otp",
        "credentials": "secret",
        "credential": "secret",
    }
)

# Word sequences (anywhere in the name) and their kind.
_SEQ_KIND: Final = (
    (("private", "key"), "private_key"),
    (("secret", "key"), "secret"),
    (("signing", "key"), "secret"),
    (("encryption", "key"), "secret"),
    (("master", "key"), "secret"),
    (("access", "key"), "api_key"),
    (("api", "key"), "api_key"),
    (("api", "keys"), "api_key"),
    (("auth", "key"), "api_key"),
    (("session", "key"), "secret"),
    (("license", "key"), "license_key"),
    (("licence", "key"), "license_key"),
    (("activation", "key"), "license_key"),
    (("product", "key"), "license_key"),
    (("card", "number"), "card_number"),
    (("card", "num"), "card_number"),
    (("card", "no"), "card_number"),
    (("credit", "card"), "card_number"),
    (("cc", "number"), "card_number"),
    (("cc", "num"), "card_number"),
    (("cc", "no"), "card_number"),
    (("security", "code"), "cvv"),
    (("card", "verification"), "cvv"),
    (("social", "security"), "ssn"),
    (("recovery", "code"), "otp"),
    (("recovery", "codes"), "otp"),
    (("backup", "code"), "otp"),
    (("backup", "codes"), "otp"),
    (("verification", "code"), "otp"),
    (("auth", "code"), "otp"),
    (("otp", "code"), "otp"),
    (("mfa", "code"), "otp"),
    (("2fa", "code"), "otp"),
    (("two", "factor", "code"), "otp"),
    (("one", "time", "password"), "otp"),
)
_TOKEN_STORES: Final = frozenset(
    {
        "api",
        "access",
        "auth",
        "refresh",
        "bearer",
        "session",
        "oauth",
        "invite",
        "reset",
        "personal",
        "device",
        "id",
        "jwt",
        "security",
    }
)
_SECRET_NOUN_AFTER: Final = frozenset(
    {"key", "keys", "token", "value", "hash", "answer", "phrase", "code", "string", "digest"}
)


def name_words(name: str) -> list[str]:
    """Split a column name into lower-case snake_case words (``OrderID`` → ``order``, ``id``)."""
    s = _CAMEL_2.sub(r"\1_\2", _CAMEL_1.sub(r"\1_\2", name))
    return [w for w in _NON_WORD.split(s.lower()) if w]


def _has_seq(words: list[str], seq: tuple[str, ...]) -> bool:
    n = len(seq)
    return any(tuple(words[i : i + n]) == seq for i in range(len(words) - n + 1))


def sensitive_name(name: str) -> str | None:
    """Return the kind of secret a column named ``name`` would hold, or ``None``.

    >>> sensitive_name("client_secret"), sensitive_name("token_count")
    ('secret', None)
    """
    words = name_words(name)
    if not words:
        return None
    if words[0] in _FLAG_PREFIXES:
        return None
    if words[-2:] == ["id", "token"]:  # an OpenID Connect ID token, despite the word "id"
        return "access_token"
    joined = "_".join(words)
    if any(w in _QUALIFIERS for w in words) or any(q in joined for q in ("last_4", "last_four", "number_of")):
        return None
    for seq, kind in _SEQ_KIND:
        if _has_seq(words, seq):
            return kind
    for w in words:
        word_kind = _WORD_KIND.get(w)
        if word_kind is not None:
            return word_kind
        if w.endswith("password") or w.endswith("passwd"):
            return "password"
    last = words[-1]
    if last == "token" or (last == "tokens" and len(words) > 1 and words[-2] in _TOKEN_STORES):
        # ``tokens`` is usually a count (``prompt_tokens``); ``api_tokens`` is a credential store.
        return "access_token"
    if "token" in words[:-1] and last in ("hash", "digest", "value", "secret"):
        return "access_token"
    for i, w in enumerate(words):
        if w in ("secret", "secrets") and (i == len(words) - 1 or words[i + 1] in _SECRET_NOUN_AFTER):
            return "secret"
    return None


# --------------------------------------------------------------------------------------------
# Values
# --------------------------------------------------------------------------------------------

_MIN_SECRET_LEN: Final = 11  # "123-45-6789"; every other detected shape is longer

# Published key shapes: (literal anchors, pattern, kind). A pattern runs only when one of its
# anchors occurs in the value (a substring search), so long texts cost a few memchr scans. Each
# pattern starts with a literal; the "not preceded by a word character" test is done after.
_SHAPES: Final = (
    (
        ("-----BEGIN",),
        re.compile(r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----"),
        "private_key",
        False,
    ),
    (("_live_", "_test_"), re.compile(r"(?:sk|rk)_(?:live|test)_[0-9A-Za-z]{10,}"), "api_key", True),
    (("whsec_",), re.compile(r"whsec_[0-9A-Za-z+/=]{20,}"), "secret", True),
    (
        ("AKIA", "ASIA", "AGPA", "AIDA", "AROA", "ANPA", "ANVA", "AIPA"),
        re.compile(r"(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[0-9A-Z]{16}(?![0-9A-Z])"),
        "api_key",
        True,
    ),
    (("ghp_", "gho_", "ghu_", "ghs_", "ghr_"), re.compile(r"gh[pousr]_[A-Za-z0-9]{30,}"), "api_key", True),
    (("github_pat_",), re.compile(r"github_pat_[A-Za-z0-9_]{22,}"), "api_key", True),
    (("xox",), re.compile(r"xox[abprse]-[A-Za-z0-9-]{10,}"), "api_key", True),
    (
        ("hooks.slack.com",),
        re.compile(r"https://hooks\.slack\.com/services/[A-Za-z0-9/_-]{20,}"),
        "api_key",
        False,
    ),
    (("AIza",), re.compile(r"AIza[0-9A-Za-z_-]{35}"), "api_key", True),
    (("sk-",), re.compile(r"sk-(?:ant-|proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}"), "api_key", True),
    (
        ("glpat-", "gldt-", "glrt-", "glptt-", "glcbt-", "gloas-"),
        re.compile(r"gl(?:pat|dt|rt|ptt|cbt|oas)-[A-Za-z0-9_-]{20,}"),
        "api_key",
        True,
    ),
    (("SG.",), re.compile(r"SG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}"), "api_key", True),
    (("npm_",), re.compile(r"npm_[A-Za-z0-9]{36}"), "api_key", True),
    (("pypi-",), re.compile(r"pypi-[A-Za-z0-9_-]{50,}"), "api_key", True),
    (("hf_",), re.compile(r"hf_[A-Za-z0-9]{30,}"), "api_key", True),
    (
        ("shpat_", "shpss_", "shpca_", "shppa_"),
        re.compile(r"shp(?:at|ss|ca|pa)_[a-fA-F0-9]{32}"),
        "api_key",
        True,
    ),
    (
        ("sbp_", "sb_secret_"),
        re.compile(r"(?:sbp_[a-f0-9]{40}|sb_secret_[A-Za-z0-9_-]{20,})"),
        "api_key",
        True,
    ),
    (("AccountKey=",), re.compile(r"AccountKey=[A-Za-z0-9+/=]{40,}"), "api_key", False),
)
# scheme://user:password@host (a URL with an embedded password)
_URL_PASSWORD: Final = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://[^\s/:@]+:[^\s/@]+@[A-Za-z0-9.\[\]-]")
_JWT: Final = re.compile(r"(?<![A-Za-z0-9_-])(eyJ[A-Za-z0-9_-]{8,})\.([A-Za-z0-9_-]{2,})\.([A-Za-z0-9_-]*)")
# A card number is a run of digits standing alone: no digit, and no decimal point or comma with a
# digit, right before or after it (11.4338163852692 is a number, not a card).
_CARD: Final = re.compile(r"(?<![0-9])(?<![0-9][.,])[0-9](?:[ -]?[0-9]){11,22}(?![0-9])(?![.,][0-9])")
_SSN: Final = re.compile(r"\s*([0-9]{3})-([0-9]{2})-([0-9]{4})\s*")


def _luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def _card_issuer_ok(d: str) -> bool:
    n = len(d)
    p2, p3, p4, p6 = int(d[:2]), int(d[:3]), int(d[:4]), int(d[:6])
    if d[0] == "4":  # Visa
        return n in (13, 16, 19)
    if 51 <= p2 <= 55 or 2221 <= p4 <= 2720:  # Mastercard
        return n == 16
    if p2 in (34, 37):  # American Express
        return n == 15
    if p4 == 6011 or 644 <= p3 <= 649 or p2 == 65 or 622126 <= p6 <= 622925:  # Discover
        return 16 <= n <= 19
    if 3528 <= p4 <= 3589:  # JCB
        return 16 <= n <= 19
    if 300 <= p3 <= 305 or p2 in (36, 38, 39) or p4 == 3095:  # Diners Club
        return 14 <= n <= 19
    if p2 == 62 or p2 == 81:  # UnionPay
        return 16 <= n <= 19
    if p4 in (5018, 5020, 5038, 5893, 6304, 6759, 6761, 6762, 6763):  # Maestro
        return 12 <= n <= 19
    return False


def _is_card(candidate: str) -> bool:
    groups = re.split(r"[ -]", candidate)
    # Separators must sit between digit groups of sensible size, as people write card numbers.
    if len(groups) > 1 and any(len(g) < 3 for g in groups[:-1]):
        return False
    digits = "".join(groups)
    return 13 <= len(digits) <= 19 and _card_issuer_ok(digits) and _luhn_ok(digits)


def _b64url_json(segment: str) -> object:
    padded = segment + "=" * (-len(segment) % 4)
    try:
        raw = base64.urlsafe_b64decode(padded)
        return json.loads(raw)
    except (binascii.Error, ValueError, UnicodeDecodeError, RecursionError):
        return None


def sensitive_value(value: str) -> str | None:
    """Return the kind of secret ``value`` contains, or ``None``. Never echoes the value.

    >>> sensitive_value("4111 1111 1111 1111"), sensitive_value("hello")
    ('card_number', None)
    """
    if len(value) < _MIN_SECRET_LEN:
        return None
    for anchors, rx, kind, word_boundary in _SHAPES:
        if any(a in value for a in anchors):
            for m in rx.finditer(value):
                at = m.start()
                if not word_boundary or at == 0 or not (value[at - 1].isalnum() or value[at - 1] in "_-"):
                    return kind
    if "://" in value and "@" in value and _URL_PASSWORD.search(value) is not None:
        return "password"
    if "eyJ" in value:
        for jm in _JWT.finditer(value):
            header = _b64url_json(jm.group(1))
            if isinstance(header, dict) and "alg" in header:
                return "access_token"
    ssn = _SSN.fullmatch(value)
    if ssn is not None:
        area, group_no, serial = ssn.groups()
        if area not in ("000", "666") and area[0] != "9" and group_no != "00" and serial != "0000":
            return "ssn"
    for cm in _CARD.finditer(value):
        if _is_card(cm.group(0)):
            return "card_number"
    return None
