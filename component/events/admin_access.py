"""Who may use the operations endpoints (`/admin/...`, and the dashboard, which follows the same setting):
anyone when ADMIN_TOKEN is unset, else a request presenting `Authorization: Bearer <ADMIN_TOKEN>`."""

from __future__ import annotations

import hmac


def bearer_authorised(admin_token: str | None, authorization: str) -> bool:
    """True when no token is configured or `authorization` is exactly `Bearer <admin_token>`."""
    if not admin_token:
        return True
    return hmac.compare_digest(authorization.encode(), f"Bearer {admin_token}".encode())
