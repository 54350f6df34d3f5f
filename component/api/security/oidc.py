"""OIDC bearer tokens: JWTs verified with PyJWT against the issuer's JWKS.

- signature with a key of the JWKS chosen by `kid`; only the configured algorithms (asymmetric ones:
  `alg: none` and HMAC are refused whatever the configuration says, so a public key can never serve as an
  HMAC secret);
- `iss`, `aud`, `exp` required and checked; `nbf` and `exp` with a small leeway;
- key rotation: a token whose `kid` is not in the cached JWKS makes one refetch, at most once every
  `min_refresh` seconds (a stream of forged kids cannot make the component hammer the IdP);
- the JWKS URL is the configured one, else the issuer's discovery document's `jwks_uri`.
Roles are read from Keycloak's shapes: `realm_access.roles` and `resource_access.<client>.roles`.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import jwt
import requests

ASYMMETRIC = frozenset({"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"})


class InvalidToken(Exception):
    """The token cannot be accepted; the message says why (safe to return to the client)."""


class Jwks:
    """The issuer's signing keys by `kid`, fetched lazily and refetched (rate-limited) for an unknown kid."""

    def __init__(self, url: str | None, issuer: str, *, min_refresh: float = 30.0, timeout: float = 5.0,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        self.url = url
        self.issuer = issuer
        self.min_refresh = min_refresh
        self.timeout = timeout
        self.monotonic = monotonic
        self.fetches = 0
        self._keys: dict[str, jwt.PyJWK] = {}
        self._fetched_at: float | None = None
        self._lock = threading.Lock()

    def key(self, kid: str) -> jwt.PyJWK:
        with self._lock:
            if kid not in self._keys and self._may_fetch():
                self._fetch()
            found = self._keys.get(kid)
        if found is None:
            raise InvalidToken(f"no signing key {kid!r} at the issuer")
        return found

    def _may_fetch(self) -> bool:
        return self._fetched_at is None or self.monotonic() - self._fetched_at >= self.min_refresh

    def _fetch(self) -> None:
        self._fetched_at = self.monotonic()
        self.fetches += 1
        try:
            url = self.url or self._discover()
            document = requests.get(url, timeout=self.timeout).json()
            keys = {}
            for entry in document.get("keys", []):
                if isinstance(entry, dict) and entry.get("kid") and entry.get("use", "sig") == "sig":
                    try:
                        keys[str(entry["kid"])] = jwt.PyJWK(entry)
                    except (jwt.PyJWKError, jwt.InvalidKeyError):
                        continue  # a key type or algorithm PyJWT does not support
        except (requests.RequestException, ValueError, AttributeError) as error:
            raise InvalidToken(f"the issuer's keys cannot be read: {type(error).__name__}") from None
        self._keys = keys

    def _discover(self) -> str:
        document = requests.get(f"{self.issuer.rstrip('/')}/.well-known/openid-configuration",
                                timeout=self.timeout).json()
        self.url = str(document["jwks_uri"])
        return self.url


class OidcVerifier:
    def __init__(self, jwks: Jwks, *, issuer: str, audience: str, algorithms: tuple[str, ...] = ("RS256",),
                 leeway: float = 30.0, client_id: str | None = None) -> None:
        self.jwks = jwks
        self.issuer = issuer
        self.audience = audience
        self.algorithms = tuple(algorithm for algorithm in algorithms if algorithm in ASYMMETRIC)
        if not self.algorithms:
            raise ValueError(f"OIDC algorithms must include one of {', '.join(sorted(ASYMMETRIC))}")
        self.leeway = leeway
        self.client_id = client_id or audience

    def verify(self, token: str) -> tuple[str, frozenset[str]]:
        """The token's subject and roles; InvalidToken when it must be refused."""
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError:
            raise InvalidToken("the token is not a JWT") from None
        algorithm, kid = header.get("alg"), header.get("kid")
        if algorithm not in self.algorithms:
            raise InvalidToken(f"tokens signed with {algorithm!r} are not accepted")
        if not isinstance(kid, str) or not kid:
            raise InvalidToken("the token names no signing key (kid)")
        key = self.jwks.key(kid)
        try:
            claims = jwt.decode(token, key=key.key, algorithms=[algorithm], audience=self.audience,
                                issuer=self.issuer, leeway=self.leeway,
                                options={"require": ["exp", "iss", "aud"]})
        except jwt.ExpiredSignatureError:
            raise InvalidToken("the token has expired") from None
        except jwt.ImmatureSignatureError:
            raise InvalidToken("the token is not valid yet") from None
        except jwt.InvalidAudienceError:
            raise InvalidToken("the token is for another audience") from None
        except jwt.InvalidIssuerError:
            raise InvalidToken("the token is from another issuer") from None
        except jwt.PyJWTError as error:
            raise InvalidToken(f"the token is invalid: {type(error).__name__}") from None
        return str(claims.get("azp") or claims.get("sub") or ""), frozenset(self.roles(claims))

    def roles(self, claims: dict[str, Any]) -> list[str]:
        found: list[str] = []
        realm = claims.get("realm_access")
        if isinstance(realm, dict) and isinstance(realm.get("roles"), list):
            found += [str(role) for role in realm["roles"]]
        clients = claims.get("resource_access")
        client = clients.get(self.client_id) if isinstance(clients, dict) else None
        if isinstance(client, dict) and isinstance(client.get("roles"), list):
            found += [str(role) for role in client["roles"]]
        return found
