"""Who may use the dashboard, and CSRF protection of its forms.

Access follows the `/admin` operations' setting (ADMIN_TOKEN, checked by
`component.events.admin_access`): without a token the dashboard is open like `/admin`; with one, a
request needs `Authorization: Bearer <token>` or the session cookie the login form sets after the
token was typed in. The cookie holds an HMAC of the token, never the token itself, and is HttpOnly and
SameSite=Strict.

Forms carry a CSRF token (double submit): a random value in a SameSite=Strict cookie, repeated in a
hidden field; a POST whose field does not match the cookie is refused with 403.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from starlette.requests import Request
from starlette.responses import Response

from component.domain.kernel.errors import DomainError
from component.events.admin_access import bearer_authorised

SESSION_COOKIE = "odacms_dashboard"
CSRF_COOKIE = "odacms_csrf"
CSRF_FIELD = "csrf"


class Unauthorized(DomainError):
    status, code, reason = 401, "UNAUTHORIZED", "Unauthorized"


class Forbidden(DomainError):
    status, code, reason = 403, "FORBIDDEN", "Forbidden"


class DashboardAccess:
    def __init__(self, admin_token: str | None, root: str) -> None:
        self.admin_token = admin_token
        self.root = root

    @property
    def protected(self) -> bool:
        return bool(self.admin_token)

    def allows(self, request: Request) -> bool:
        if bearer_authorised(self.admin_token, request.headers.get("authorization", "")):
            return True
        presented = request.cookies.get(SESSION_COOKIE, "")
        return bool(presented) and hmac.compare_digest(presented, self._session_value())

    def token_matches(self, presented: str) -> bool:
        return bool(self.admin_token) and hmac.compare_digest(presented.encode(), str(self.admin_token).encode())

    def start_session(self, response: Response, secure: bool) -> None:
        response.set_cookie(SESSION_COOKIE, self._session_value(), path=self.root, httponly=True,
                            samesite="strict", secure=secure)

    def end_session(self, response: Response) -> None:
        response.delete_cookie(SESSION_COOKIE, path=self.root)

    def _session_value(self) -> str:
        return hmac.new(str(self.admin_token).encode(), b"oda-cms dashboard session", hashlib.sha256).hexdigest()


def csrf_token(request: Request) -> str:
    """The request's CSRF token: the cookie's, or a new one (`remember_csrf` then sets the cookie)."""
    existing = request.cookies.get(CSRF_COOKIE)
    if existing:
        return existing
    created = getattr(request.state, "new_csrf", None)
    if created is None:
        created = secrets.token_urlsafe(24)
        request.state.new_csrf = created
    return str(created)


def remember_csrf(request: Request, response: Response, root: str) -> None:
    created = getattr(request.state, "new_csrf", None)
    if created:
        response.set_cookie(CSRF_COOKIE, created, path=root, httponly=True, samesite="strict",
                            secure=request.url.scheme == "https")


def csrf_valid(request: Request, submitted: str | None) -> bool:
    cookie = request.cookies.get(CSRF_COOKIE, "")
    return bool(cookie) and bool(submitted) and hmac.compare_digest(cookie, str(submitted))
