"""A local OIDC identity provider for the tests: RSA key pairs, a real HTTP server for discovery and JWKS,
and token minting (valid ones and every kind of forgery)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

AUDIENCE = "oda-cms"


class KeyPair:
    def __init__(self, kid: str) -> None:
        self.kid = kid
        self.private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.public_pem = self.private.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)

    def jwk(self) -> dict[str, Any]:
        key = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.private.public_key()))
        return {**key, "kid": self.kid, "use": "sig", "alg": "RS256"}


class IdentityProvider:
    """Serves `/.well-known/openid-configuration` and `/jwks` with the keys in `published`."""

    def __init__(self) -> None:
        self.published: list[KeyPair] = []
        self.jwks_requests = 0
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                if self.path == "/.well-known/openid-configuration":
                    body = {"issuer": provider.issuer, "jwks_uri": f"{provider.issuer}/jwks"}
                elif self.path == "/jwks":
                    provider.jwks_requests += 1
                    body = {"keys": [key.jwk() for key in provider.published]}
                else:
                    self.send_response(404)
                    self.end_headers()
                    return
                raw = json.dumps(body).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

            def log_message(self, *_args: object) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.issuer = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def start(self) -> IdentityProvider:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def claims(self, roles: list[str] = (), client_roles: list[str] = (), **overrides: Any) -> dict[str, Any]:
        now = int(time.time())
        claims: dict[str, Any] = {"iss": self.issuer, "aud": AUDIENCE, "sub": "user-1", "azp": "test-client",
                                  "iat": now, "nbf": now, "exp": now + 300,
                                  "realm_access": {"roles": list(roles)},
                                  "resource_access": {AUDIENCE: {"roles": list(client_roles)}}}
        claims.update(overrides)
        return claims

    def token(self, key: KeyPair, roles: list[str] = (), client_roles: list[str] = (), **overrides: Any) -> str:
        return jwt.encode(self.claims(roles, client_roles, **overrides), key.private, algorithm="RS256",
                          headers={"kid": key.kid})


def _segment(value: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()


def unsigned_token(claims: dict[str, Any], kid: str) -> str:
    """`alg: none`: no signature at all."""
    return f"{_segment({'alg': 'none', 'typ': 'JWT', 'kid': kid})}.{_segment(claims)}."


def hmac_with_public_key(claims: dict[str, Any], key: KeyPair) -> str:
    """HS256 keyed with the RSA public key's PEM (the algorithm-confusion forgery)."""
    signing_input = f"{_segment({'alg': 'HS256', 'typ': 'JWT', 'kid': key.kid})}.{_segment(claims)}"
    signature = hmac.new(key.public_pem, signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{base64.urlsafe_b64encode(signature).rstrip(b'=').decode()}"


def tampered(token: str) -> str:
    """The same header and signature over a changed payload (more roles)."""
    header, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["realm_access"] = {"roles": ["oda-cms-admin"]}
    return f"{header}.{_segment(claims)}.{signature}"
