"""AUTH_MODE=oidc over a real listener, with tokens minted from local key pairs and the JWKS served by a
real local HTTP server: every refusal is a 401 with WWW-Authenticate and a TMF Error; 403 when
authenticated without the permission (issue #13)."""

from __future__ import annotations

import time
from collections.abc import Iterator

import jwt
import pytest
import requests

from component.api.security.oidc import InvalidToken, Jwks
from component.bootstrap.environment import settings_from_env
from component.settings import ConfigurationError
from tests.security.identity_provider import (
    IdentityProvider,
    KeyPair,
    hmac_with_public_key,
    tampered,
    unsigned_token,
)
from tests.support.api_roots import CUSTOMER_ROOT
from tests.support.backends import migrated_database
from tests.support.factories import new_customer
from tests.support.live_server import LiveServer

FIRST, SECOND, NEVER_PUBLISHED = KeyPair("key-1"), KeyPair("key-2"), KeyPair("key-x")


@pytest.fixture(scope="module")
def idp() -> Iterator[IdentityProvider]:
    provider = IdentityProvider().start()
    provider.published = [FIRST]
    yield provider
    provider.stop()


@pytest.fixture(scope="module")
def component(idp: IdentityProvider, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with migrated_database("sqlite", tmp_path_factory.mktemp("oidc")) as url:
        settings = settings_from_env(database_url=url, auto_migrate=False, run_workers=False, auth_mode="oidc",
                                     oidc_issuer=idp.issuer, oidc_audience="oda-cms", oidc_jwks_min_refresh=0)
        live = LiveServer(settings).start()
        yield live
        live.stop()


def call(component: LiveServer, method: str, path: str, token: str | None = None, **kwargs) -> requests.Response:
    headers = kwargs.pop("headers", {})
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    return requests.request(method, component.root + path, headers=headers, timeout=30, **kwargs)


def assert_unauthorised(response: requests.Response, reason: str | None = None) -> None:
    assert response.status_code == 401, response.text
    assert response.headers["WWW-Authenticate"].startswith('Bearer realm="oda-cms"')
    body = response.json()
    assert body["@type"] == "Error" and body["status"] == "401"
    if reason:
        assert reason in body["message"], body


def test_a_valid_token_with_the_read_role_lists_customers(component: LiveServer, idp: IdentityProvider) -> None:
    response = call(component, "GET", f"{CUSTOMER_ROOT}/customer", idp.token(FIRST, ["oda-cms-reader"]))
    assert response.status_code == 200, response.text


def test_client_roles_count_like_realm_roles(component: LiveServer, idp: IdentityProvider) -> None:
    token = idp.token(FIRST, client_roles=["oda-cms-writer"])
    response = call(component, "POST", f"{CUSTOMER_ROOT}/customer", token, json=new_customer("client-role"))
    assert response.status_code == 201, response.text


def test_no_token_is_401_with_a_challenge(component: LiveServer) -> None:
    assert_unauthorised(call(component, "GET", f"{CUSTOMER_ROOT}/customer"))
    assert_unauthorised(call(component, "GET", f"{CUSTOMER_ROOT}/customer", headers={"Authorization": "Basic eDp5"}))


@pytest.mark.parametrize(("case", "reason"), [
    ("expired", "expired"), ("not_yet_valid", "not valid yet"), ("wrong_audience", "audience"),
    ("wrong_issuer", "issuer"), ("unknown_kid", "no signing key"), ("tampered", "invalid"),
    ("alg_none", "'none'"), ("hs256_public_key", "'HS256'"), ("garbage", "not a JWT"), ("no_exp", "invalid"),
])
def test_refused_tokens(component: LiveServer, idp: IdentityProvider, case: str, reason: str) -> None:
    now = int(time.time())
    roles = ["oda-cms-admin"]
    token = {
        "expired": lambda: idp.token(FIRST, roles, exp=now - 120, iat=now - 600, nbf=now - 600),
        "not_yet_valid": lambda: idp.token(FIRST, roles, nbf=now + 600, exp=now + 900),
        "wrong_audience": lambda: idp.token(FIRST, roles, aud="another-component"),
        "wrong_issuer": lambda: idp.token(FIRST, roles, iss="https://evil.example/realms/oda"),
        "unknown_kid": lambda: idp.token(NEVER_PUBLISHED, roles),
        "tampered": lambda: tampered(idp.token(FIRST, ["oda-cms-reader"])),
        "alg_none": lambda: unsigned_token(idp.claims(roles), FIRST.kid),
        "hs256_public_key": lambda: hmac_with_public_key(idp.claims(roles), FIRST),
        "garbage": lambda: "not.a.jwt",
        "no_exp": lambda: jwt.encode({key: value for key, value in idp.claims(roles).items() if key != "exp"},
                                     FIRST.private, algorithm="RS256", headers={"kid": FIRST.kid}),
    }[case]()
    assert_unauthorised(call(component, "GET", f"{CUSTOMER_ROOT}/customer", token), reason)


def test_a_small_clock_skew_is_tolerated(component: LiveServer, idp: IdentityProvider) -> None:
    now = int(time.time())
    token = idp.token(FIRST, ["oda-cms-reader"], nbf=now + 10, exp=now + 300)
    assert call(component, "GET", f"{CUSTOMER_ROOT}/customer", token).status_code == 200


def test_key_rotation_a_new_kid_is_fetched_and_accepted(component: LiveServer, idp: IdentityProvider) -> None:
    idp.published = [FIRST, SECOND]
    try:
        response = call(component, "GET", f"{CUSTOMER_ROOT}/customer", idp.token(SECOND, ["oda-cms-reader"]))
        assert response.status_code == 200, response.text
    finally:
        idp.published = [FIRST]


def test_authenticated_without_the_permission_is_403(component: LiveServer, idp: IdentityProvider) -> None:
    reader = idp.token(FIRST, ["oda-cms-reader"])
    response = call(component, "POST", f"{CUSTOMER_ROOT}/customer", reader, json=new_customer("r"))
    assert response.status_code == 403
    assert response.json()["@type"] == "Error" and "customer:write" in response.json()["message"]
    assert "WWW-Authenticate" not in response.headers


def test_health_and_documents_stay_open_and_metrics_is_open_by_default(component: LiveServer) -> None:
    for path in ("/health/live", "/health/ready", "/metrics", f"{CUSTOMER_ROOT}/openapi.json"):
        assert call(component, "GET", path).status_code == 200, path


def test_the_listener_takes_only_the_downstream_identity(component: LiveServer, idp: IdentityProvider) -> None:
    path = "/tmf-api/serviceOrdering/v4/listener/ServiceOrderStateChangeEvent"
    assert_unauthorised(call(component, "POST", path, json={}))
    writer = idp.token(FIRST, ["oda-cms-writer", "oda-cms-admin"])
    assert call(component, "POST", path, writer, json={}).status_code == 403
    downstream = idp.token(FIRST, ["oda-cms-downstream"])
    assert call(component, "POST", path, downstream, json={}).status_code == 400  # past the guard: bad envelope


def test_admin_needs_the_admin_role(component: LiveServer, idp: IdentityProvider) -> None:
    path = "/admin/events/dead-letters"
    assert_unauthorised(call(component, "GET", path))
    assert call(component, "GET", path, idp.token(FIRST, ["oda-cms-writer"])).status_code == 403
    assert call(component, "GET", path, idp.token(FIRST, ["oda-cms-admin"])).status_code == 200


def test_hostile_input_is_still_a_400_after_authentication(component: LiveServer, idp: IdentityProvider) -> None:
    response = call(component, "POST", f"{CUSTOMER_ROOT}/customer", idp.token(FIRST, ["oda-cms-writer"]),
                    data=b"[" * 5000 + b"]" * 5000, headers={"Content-Type": "application/json"})
    assert response.status_code == 400


def test_unknown_kids_refetch_the_keys_at_most_once_per_interval(idp: IdentityProvider) -> None:
    clock = [1000.0]
    jwks = Jwks(f"{idp.issuer}/jwks", idp.issuer, min_refresh=30, monotonic=lambda: clock[0])
    assert jwks.key(FIRST.kid).key_id == FIRST.kid
    for _ in range(5):
        with pytest.raises(InvalidToken):
            jwks.key("forged-kid")
    assert jwks.fetches == 1  # the first fetch was less than 30 s ago: no refetch for forged kids
    clock[0] += 31
    with pytest.raises(InvalidToken):
        jwks.key("forged-kid")
    assert jwks.fetches == 2


def test_the_jwks_url_comes_from_discovery_when_not_configured(idp: IdentityProvider) -> None:
    jwks = Jwks(None, idp.issuer)
    assert jwks.key(FIRST.kid).key_id == FIRST.kid
    assert jwks.url == f"{idp.issuer}/jwks"


def test_settings_refuse_hmac_and_none_algorithms() -> None:
    for algorithms in ("HS256", "none", "RS256,HS512"):
        with pytest.raises(ConfigurationError, match="OIDC_ALGORITHMS"):
            settings_from_env({"AUTH_MODE": "oidc", "OIDC_ISSUER": "https://i", "OIDC_AUDIENCE": "a",
                               "OIDC_ALGORITHMS": algorithms})


def test_oidc_needs_issuer_and_audience() -> None:
    with pytest.raises(ConfigurationError, match="OIDC_ISSUER"):
        settings_from_env({"AUTH_MODE": "oidc"})
