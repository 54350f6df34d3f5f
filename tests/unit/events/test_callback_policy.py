"""Which callback hosts the embedded and production policies accept."""

from __future__ import annotations

import pytest

from component.domain.kernel.errors import ValidationFailed
from component.events.callback_policy import CallbackPolicy


def fake_dns(table: dict[str, list[str]]):  # noqa: ANN201
    return lambda host: table.get(host, [])


EMBEDDED = CallbackPolicy.from_config("embedded", resolver=fake_dns({}))
PRODUCTION = CallbackPolicy.from_config("production", resolver=fake_dns({
    "billing.example.com": ["93.184.216.34"], "sneaky.example.com": ["93.184.216.34", "10.0.0.7"],
    "billing.svc.cluster.local": ["10.20.1.5"]}))


@pytest.mark.parametrize("callback", ["http://127.0.0.1:9/cb", "http://localhost/cb", "http://[::1]:8080/cb",
                                      "http://10.0.0.1/cb", "https://billing.example.com/cb"])
def test_embedded_accepts_loopback_private_and_any_name(callback: str) -> None:
    EMBEDDED.check(callback)


@pytest.mark.parametrize("callback", ["http://169.254.169.254/latest", "http://[fe80::1]/cb", "http://0.0.0.0/cb",
                                      "http://224.0.0.1/cb"])
def test_embedded_refuses_link_local_unspecified_and_multicast(callback: str) -> None:
    with pytest.raises(ValidationFailed):
        EMBEDDED.check(callback)


@pytest.mark.parametrize("callback", ["ftp://example.com/x", "/relative", "not a url", "http:///nohost"])
def test_every_policy_refuses_what_is_not_an_absolute_http_url(callback: str) -> None:
    with pytest.raises(ValidationFailed, match="callback"):
        EMBEDDED.check(callback)


def test_production_accepts_a_name_resolving_to_public_addresses() -> None:
    PRODUCTION.check("https://billing.example.com/listener")
    PRODUCTION.check("http://93.184.216.34/listener")


@pytest.mark.parametrize("callback", ["http://127.0.0.1/cb", "http://10.1.2.3/cb", "http://172.16.0.1/cb",
                                      "http://192.168.1.1/cb", "http://100.64.0.1/cb", "http://[fd00::1]/cb",
                                      "http://[::ffff:127.0.0.1]/cb", "http://169.254.169.254/cb"])
def test_production_refuses_loopback_private_shared_and_link_local_addresses(callback: str) -> None:
    with pytest.raises(ValidationFailed, match="refused"):
        PRODUCTION.check(callback)


def test_production_refuses_a_name_with_any_private_address() -> None:
    with pytest.raises(ValidationFailed, match="10.0.0.7"):
        PRODUCTION.check("http://sneaky.example.com/cb")


def test_production_refuses_a_name_that_does_not_resolve() -> None:
    with pytest.raises(ValidationFailed, match="does not resolve"):
        PRODUCTION.check("http://nowhere.invalid/cb")


def test_the_allow_list_admits_named_hosts_and_networks_in_production() -> None:
    policy = CallbackPolicy.from_config("production", ["billing.svc.cluster.local", "10.20.0.0/16"],
                                        resolver=fake_dns({"billing.svc.cluster.local": ["10.20.1.5"]}))
    policy.check("http://billing.svc.cluster.local/listener")
    policy.check("http://10.20.9.9/listener")
    with pytest.raises(ValidationFailed):
        policy.check("http://10.21.0.1/listener")


def test_an_unknown_mode_is_a_configuration_error() -> None:
    with pytest.raises(ValueError, match="lenient"):
        CallbackPolicy.from_config("lenient")
