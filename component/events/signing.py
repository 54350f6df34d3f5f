"""HMAC-SHA256 signatures of delivered notifications, for subscriptions that have a secret.

The delivery worker sends `X-Hub-Signature-256: sha256=<hex digest>`, the HMAC-SHA256 of the exact
request body bytes keyed with the subscription's secret (UTF-8). A receiver recomputes it over the raw
body it read and compares in constant time (`verify`). The event id (`X-Event-Id` and the body's
`eventId`) lets it reject a replayed request as a duplicate.
"""

from __future__ import annotations

import hashlib
import hmac

SIGNATURE_HEADER = "X-Hub-Signature-256"
PREFIX = "sha256="


def sign(secret: str, body: bytes) -> str:
    """The header value for `body`: `sha256=<64 hex digits>`."""
    return PREFIX + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def verify(secret: str, body: bytes, header: str | None) -> bool:
    """Whether `header` is the signature of `body` under `secret`."""
    if not header or not header.startswith(PREFIX):
        return False
    return hmac.compare_digest(sign(secret, body), header.strip())
