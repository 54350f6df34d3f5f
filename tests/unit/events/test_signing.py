"""HMAC-SHA256 signatures of notification bodies."""

from __future__ import annotations

import hashlib
import hmac

from component.events.signing import sign, verify

BODY = b'{"eventId":"e1","eventType":"CustomerCreateEvent"}'


def test_the_signature_is_the_hex_hmac_sha256_of_the_body_with_a_prefix() -> None:
    assert sign("key", BODY) == "sha256=" + hmac.new(b"key", BODY, hashlib.sha256).hexdigest()


def test_a_matching_signature_verifies() -> None:
    assert verify("key", BODY, sign("key", BODY))


def test_another_secret_or_a_changed_body_does_not_verify() -> None:
    assert not verify("other", BODY, sign("key", BODY))
    assert not verify("key", BODY + b" ", sign("key", BODY))


def test_a_missing_or_unprefixed_header_does_not_verify() -> None:
    assert not verify("key", BODY, None)
    assert not verify("key", BODY, sign("key", BODY).removeprefix("sha256="))
