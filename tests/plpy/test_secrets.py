"""dbagent_plpy.secrets: secret column names and secret values, both sides of every decision."""

from __future__ import annotations

import base64
import json
import time

import pytest

from dbagent_plpy.secrets import SECRET_KINDS, name_words, sensitive_name, sensitive_value


def test_name_words_split_snake_camel_kebab_and_spaces() -> None:
    assert name_words("OrderID") == ["order", "id"]
    assert name_words("clientSecret") == ["client", "secret"]
    assert name_words("api-key") == ["api", "key"]
    assert name_words("Card Number") == ["card", "number"]
    assert name_words("HTTPServerURL") == ["http", "server", "url"]


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("password", "password"),
        ("passwd", "password"),
        ("pwd", "password"),
        ("password_hash", "password"),
        ("hashed_password", "password"),
        ("encrypted_password", "password"),
        ("userPassword", "password"),
        ("passphrase", "password"),
        ("secret", "secret"),
        ("client_secret", "secret"),
        ("webhook_secret", "secret"),
        ("otp_secret", "otp"),
        ("mfa_secret", "secret"),
        ("secret_key", "secret"),
        ("secret_answer", "secret"),
        ("api_key", "api_key"),
        ("apikey", "api_key"),
        ("ApiKey", "api_key"),
        ("stripe_api_key", "api_key"),
        ("access_token", "access_token"),
        ("refresh_token", "access_token"),
        ("auth_token", "access_token"),
        ("invite_token", "access_token"),
        ("token", "access_token"),
        ("token_hash", "access_token"),
        ("api_tokens", "access_token"),
        ("id_token", "access_token"),
        ("jwt", "access_token"),
        ("private_key", "private_key"),
        ("ssh_private_key", "private_key"),
        ("secret_access_key", "api_key"),
        ("card_number", "card_number"),
        ("credit_card", "card_number"),
        ("creditCardNumber", "card_number"),
        ("cc_number", "card_number"),
        ("cvv", "cvv"),
        ("cvc", "cvv"),
        ("security_code", "cvv"),
        ("ssn", "ssn"),
        ("social_security_number", "ssn"),
        ("recovery_codes", "otp"),
        ("license_key", "license_key"),
        ("credentials", "secret"),
    ],
)
def test_secret_names(name: str, kind: str) -> None:
    assert sensitive_name(name) == kind
    assert kind in SECRET_KINDS


@pytest.mark.parametrize(
    "name",
    [
        "token_count",
        "max_tokens",
        "tokens",
        "prompt_tokens",
        "total_tokens",
        "token_type",
        "token_expires_at",
        "next_page_token",
        "password_policy_id",
        "password_changed_at",
        "password_expires_at",
        "password_min_length",
        "password_hint",
        "passwordless_login",
        "has_password",
        "is_secret",
        "secret_santa_group",
        "passport_number",
        "driver_license",
        "national_id",
        "tax_id",
        "iban",
        "bank_account",
        "account_number",
        "session_id",
        "pin",
        "pin_code",
        "salt",
        "password_salt",
        "public_key",
        "ssh_key",
        "key",
        "primary_key",
        "access_key_id",
        "api_key_name",
        "card_last4",
        "card_brand",
        "credit_card_id",
        "ssn_last4",
        "otp_enabled",
        "customer_name",
        "email",
        "",
        "___",
    ],
)
def test_honest_names(name: str) -> None:
    assert sensitive_name(name) is None


def _jwt(header: dict[str, object], payload: dict[str, object]) -> str:
    def seg(obj: dict[str, object]) -> str:
        return base64.urlsafe_b64encode(json.dumps(obj).encode()).rstrip(b"=").decode()

    return f"{seg(header)}.{seg(payload)}.c2lnbmF0dXJlLXNpZ25hdHVyZQ"


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        ("4111111111111111", "card_number"),
        ("4111 1111 1111 1111", "card_number"),
        ("4111-1111-1111-1111", "card_number"),
        ("5555555555554444", "card_number"),
        ("378282246310005", "card_number"),
        ("3782 822463 10005", "card_number"),
        ("6011111111111117", "card_number"),
        ("paid with 4242 4242 4242 4242 yesterday", "card_number"),
        ("-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBg\n-----END PRIVATE KEY-----", "private_key"),
        ("-----BEGIN RSA PRIVATE KEY-----\nabc", "private_key"),
        ("-----BEGIN OPENSSH PRIVATE KEY-----", "private_key"),
        (_jwt({"alg": "HS256", "typ": "JWT"}, {"sub": "1"}), "access_token"),
        ("Bearer " + _jwt({"alg": "RS256"}, {"sub": "x"}), "access_token"),
        ("sk_live_" + "a1B2c3D4e5F6g7H8i9J0", "api_key"),
        ("sk_test_" + "a1B2c3D4e5F6g7H8i9J0", "api_key"),
        ("rk_live_" + "a1B2c3D4e5F6g7H8i9J0", "api_key"),
        ("whsec_" + "a1B2c3D4e5F6g7H8i9J0a1B2", "secret"),
        ("AKIA" + "IOSFODNN7EXAMPLE", "api_key"),
        ("ghp_" + "a" * 36, "api_key"),
        ("gho_" + "B" * 36, "api_key"),
        ("github_pat_" + "11ABCDEFG0" + "x" * 40, "api_key"),
        ("xoxb-" + "1234567890-abcdefghij", "api_key"),
        ("xoxp-" + "1234567890-abcdefghij", "api_key"),
        ("AIza" + "SyA" + "b" * 32, "api_key"),
        ("sk-proj-" + "A" * 40, "api_key"),
        ("sk-ant-api03-" + "B" * 40, "api_key"),
        ("sk-" + "C" * 48, "api_key"),
        ("glpat-" + "D" * 20, "api_key"),
        ("postgres://app:hunter2@db.example.com:5432/app", "password"),
        ("123-45-6789", "ssn"),
    ],
)
def test_secret_values(value: str, kind: str) -> None:
    assert sensitive_value(value) == kind


@pytest.mark.parametrize(
    "value",
    [
        "",
        "hello world",
        "4111111111111112",  # fails Luhn
        "1234567812345670",  # Luhn-valid, but no issuer starts with 12
        "0000000000000000",
        "2024-01-01 12:00:00",
        "+1 (555) 123-4567",
        "order 20240101123456",
        "9780306406157",  # an ISBN-13
        "550e8400-e29b-41d4-a716-446655440000",
        "eyJhbGciOiJIUzI1NiJ9.notbase64!.x",
        "eyJub3RhbGciOjF9.eyJzdWIiOjF9.c2ln",  # header without "alg"
        "sk_live_short",
        "task-abcdefghijklmnopqrstuvwxyz0123",
        "https://example.com/path?q=1",
        "mailto:someone@example.com",
        "000-12-3456",  # area 000 is never issued
        "666-12-3456",
        "a password is a secret",
        "pk_live_" + "a1B2c3D4e5F6g7H8i9J0",  # a publishable key is public
        "-----BEGIN PUBLIC KEY-----",
        "-----BEGIN CERTIFICATE-----",
    ],
)
def test_honest_values(value: str) -> None:
    assert sensitive_value(value) is None


def test_sensitive_value_is_fast() -> None:
    values = [f"plain text value {i} with some words" for i in range(20000)]
    values += [f"4111 1111 1111 111{i % 10}" for i in range(2000)]
    t = time.perf_counter()
    for v in values:
        sensitive_value(v)
    elapsed = time.perf_counter() - t
    assert elapsed < 20.0, f"{len(values)} values took {elapsed:.2f}s"  # a loose bound: machines are shared


def test_short_values_return_at_once() -> None:
    assert sensitive_value("42") is None
    assert sensitive_value("0123456789") is None


@pytest.mark.parametrize(
    "value",
    [
        "11.4338163852692",  # the float of issue 14: Luhn-valid digits after a decimal point
        "-11.4338163852692",
        "4111111111111111.5",  # digits before a decimal point
        "0.4111111111111111",
        "3,4111111111111111",  # a decimal comma
        "4111111111111111,25",
        "1.4111 1111 1111 1111",
        "12.5 and 3.4111111111111111",
        "lat 48.8566140000000 lon 2.3522219000000",
    ],
)
def test_decimal_numbers_are_not_card_numbers(value: str) -> None:
    assert sensitive_value(value) is None


@pytest.mark.parametrize(
    "value",
    [
        "4111111111111111",
        "4111 1111 1111 1111",
        "4111-1111-1111-1111",
        "card: 4111111111111111.",  # a full stop ending a sentence is not a decimal point
        "paid with 5500 0000 0000 0004, thanks",
        "(378282246310005)",
    ],
)
def test_card_numbers_standing_alone_are_still_found(value: str) -> None:
    assert sensitive_value(value) == "card_number"
