"""Request bodies for tests: valid resources with a per-test tag, so filters find only this test's data."""

from __future__ import annotations

from typing import Any


def new_customer(tag: str, **extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": f"Customer {tag}",
        "engagedParty": {"id": f"party-{tag}", "name": f"Party {tag}", "@referredType": "Individual"},
    }
    body.update(extra)
    return body
