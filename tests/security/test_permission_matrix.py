"""Roles -> permissions, table-driven over every operation of every served document: each operation has a
rule (an operation without one fails here and at start-up), and the rule agrees with the HTTP method's
meaning (GET reads, every other method writes)."""

from __future__ import annotations

from typing import Any

import pytest

from component.api.registry import APIS
from component.api.security.api_keys import ApiKeys
from component.api.security.guard import AccessDenied, AccessGuard, StaticKeys, api_routes
from component.api.security.permissions import Requirement, RoleMap, UnknownOperation, required_level
from component.bootstrap.root import load_documents

DOCUMENTS = load_documents()
EXPECTED_LEVEL = {"get": "read", "post": "write", "patch": "write", "put": "write", "delete": "write"}
ROLES = RoleMap.load(None)
GRANTS = {  # role -> (API level it grants on every API or None)
    "oda-cms-reader": "read", "oda-cms-writer": "write", "oda-cms-admin": "admin", "oda-cms-downstream": None,
    "oda-cms-monitoring": None,
}
LEVELS = ("read", "write", "admin")


def operations() -> list[tuple[str, str, str, str]]:
    found = []
    for api in APIS.values():
        for path, item in DOCUMENTS[api.name]["paths"].items():
            for method, operation in item.items():
                if isinstance(operation, dict) and "operationId" in operation:
                    found.append((api.name, method, api.base_path + path.replace("{id}", "some-id"),
                                  operation["operationId"]))
    return found


OPERATIONS = operations()


def test_every_api_has_operations() -> None:
    assert {api for api, *_ in OPERATIONS} == set(APIS)
    assert len(OPERATIONS) > 40


@pytest.mark.parametrize(("api", "method", "path", "operation_id"), OPERATIONS,
                         ids=[f"{api}.{op}" for api, _m, _p, op in OPERATIONS])
def test_each_operation_needs_its_level_and_each_role_gets_what_it_grants(api: str, method: str, path: str,
                                                                         operation_id: str) -> None:
    level = required_level(operation_id)
    assert level == EXPECTED_LEVEL[method], operation_id
    guard = _guard()
    requirement = guard.requirement(method.upper(), path)
    assert requirement == Requirement(api, level)
    for role, granted in GRANTS.items():
        allowed = granted is not None and LEVELS.index(granted) >= LEVELS.index(level)
        assert ROLES.allows([role], requirement) is allowed, (role, requirement)


def test_an_operation_without_a_rule_is_refused_at_start_up() -> None:
    document: dict[str, Any] = {"paths": {"/thing": {"put": {"operationId": "replaceThing"}}}}
    with pytest.raises(UnknownOperation, match="replaceThing"):
        api_routes([("x", "/x", document)])


@pytest.mark.parametrize(("method", "path", "expected"), [
    ("GET", "/health/live", None), ("GET", "/health/ready", None), ("GET", "/metrics", None),
    ("GET", "/tmf-api/customerManagement/v4/openapi.json", None),
    ("POST", "/listener/ServiceOrderStateChangeEvent", Requirement("listener", "write")),
    ("POST", "/tmf-api/serviceOrdering/v4/listener/X", Requirement("listener", "write")),
    ("GET", "/admin/events/dead-letters", Requirement("admin", "admin")),
    ("GET", "/dashboard", Requirement("dashboard", "admin")),
    ("GET", "/nowhere", Requirement("", "")),
])
def test_routes_beside_the_documents(method: str, path: str, expected: Requirement | None) -> None:
    assert _guard().requirement(method, path) == expected


def test_metrics_can_be_closed() -> None:
    assert _guard(metrics_public=False).requirement("GET", "/metrics") == Requirement("metrics", "read")


def test_the_wildcard_does_not_cover_listener_admin_or_dashboard() -> None:
    everything = RoleMap.load(None)
    for target in ("listener", "admin", "dashboard", "metrics"):
        assert not everything.allows(["oda-cms-writer"], Requirement(target, "read"))


def test_authorise_is_the_function_the_dashboard_calls(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from component.api.security.api_keys import digest
    keys = tmp_path / "keys.yaml"
    keys.write_text(f"keys:\n  - name: ops\n    sha256: {digest('s3cret')}\n    roles: [oda-cms-admin]\n"
                    f"  - name: app\n    sha256: {digest('other')}\n    roles: [oda-cms-writer]\n")
    guard = AccessGuard(None, StaticKeys(ApiKeys.load(keys)), ROLES, [])  # type: ignore[arg-type]
    assert guard.authorise({"x-api-key": "s3cret"}, Requirement("dashboard", "admin")).subject == "ops"
    with pytest.raises(AccessDenied) as forbidden:
        guard.authorise({"x-api-key": "other"}, Requirement("dashboard", "admin"))
    assert forbidden.value.status == 403
    with pytest.raises(AccessDenied) as unknown:
        guard.authorise({"x-api-key": "guess"}, Requirement("dashboard", "admin"))
    assert unknown.value.status == 401 and "WWW-Authenticate" in unknown.value.headers
    assert "s3cret" not in keys.read_text()


def _guard(metrics_public: bool = True) -> AccessGuard:
    routes = api_routes((api.name, api.base_path, DOCUMENTS[api.name]) for api in APIS.values())
    return AccessGuard(None, None, ROLES, routes, metrics_public=metrics_public)  # type: ignore[arg-type]
