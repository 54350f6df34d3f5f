"""TMF666 requires only `name` and `relatedParty` of a billing account: accounts of parties that are not this
component's Customers (Organization, Individual, PartyRole references) are accepted as references, checked
against a TMF632 Party Management API when the operator wired one (DEPENDENT_APIS_FILE); a stand-in TMF632
listener on a real socket plays that API here."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from component.bootstrap.environment import settings_from_env
from tests.api.account.bodies import holder
from tests.events.support import wait_until
from tests.support.api_roots import ACCOUNT_ROOT
from tests.support.live_server import ApiClient, LiveServer

KNOWN = {"/tmf-api/party/v4/organization/org-known", "/tmf-api/party/v4/individual/ind-known"}


class PartyApi(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        status = 200 if self.path in KNOWN else 503 if "broken" in self.path else 404
        body = json.dumps({"id": self.path.rsplit("/", 1)[-1]} if status == 200 else
                          {"code": str(status), "reason": "stand-in"}).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_: Any) -> None:
        pass


@pytest.fixture(scope="module")
def wired_accounts(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ApiClient]:
    """TMF666 of an instance whose dependent-API file wires a TMF632 provider `partyManagement` (found by its
    API id TMF632), played by a stand-in listener."""
    listener = ThreadingHTTPServer(("127.0.0.1", 0), PartyApi)
    threading.Thread(target=listener.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{listener.server_address[1]}/tmf-api/party/v4"
    wiring = tmp_path_factory.mktemp("party-wiring") / "dependentApis.json"
    document = {"partyManagement": {"apiId": "TMF632", "url": url, "ready": True}}
    wiring.write_text(json.dumps(document))
    settings = settings_from_env(database_url=database_url, auto_migrate=False, run_workers=False,
                                 billing_listener_url=None, dependent_apis_file=wiring, dependent_apis_poll=0.05)
    server = LiveServer(settings).start()
    dependencies = server.component.root.dependencies
    wait_until(lambda: dependencies.all() == document, timeout=10)
    yield ApiClient(server.root + ACCOUNT_ROOT)
    server.stop()
    listener.shutdown()
    listener.server_close()


def account_of(tag: str, *parties: dict[str, Any]) -> dict[str, Any]:
    return {"name": f"Home {tag}", "relatedParty": list(parties)}


def organization(party_id: str) -> dict[str, Any]:
    return {"id": party_id, "name": "Richard Cole", "@referredType": "Organization"}


def test_an_account_of_an_organization_only_is_created_as_tmf666_allows(accounts: ApiClient, tag: str) -> None:
    response = accounts.post("billingAccount", json=account_of(tag, organization(f"org-{tag}")))

    assert response.status_code == 201, response.text
    created = response.json()
    assert created["relatedParty"] == [organization(f"org-{tag}")]
    assert "accountType" not in created
    assert accounts.get(f"billingAccount/{created['id']}").json()["relatedParty"] == [organization(f"org-{tag}")]


def test_other_parties_beside_the_customer_are_kept(accounts: ApiClient, customer: dict[str, Any], tag: str) -> None:
    role = {"id": f"role-{tag}", "name": "Payer", "role": "payer", "@referredType": "PartyRole"}
    response = accounts.post("billingAccount", json={**account_of(tag, holder(customer), role),
                                                     "accountType": "prepaid"})

    assert response.status_code == 201, response.text
    assert role in response.json()["relatedParty"]


def test_a_related_party_without_a_name_is_400_as_tmf666_requires_it(accounts: ApiClient, tag: str) -> None:
    nameless = {"id": f"org-{tag}", "@referredType": "Organization"}
    response = accounts.post("billingAccount", json=account_of(tag, nameless))

    assert response.status_code == 400, response.text
    assert "name" in response.json()["message"]


def test_a_party_claiming_to_be_a_customer_must_be_one(accounts: ApiClient, tag: str) -> None:
    response = accounts.post("billingAccount", json=account_of(tag, holder({"id": f"ghost-{tag}"})))

    assert response.status_code == 400, response.text
    assert f"ghost-{tag}" in response.json()["message"]


def test_with_a_party_api_wired_known_parties_are_accepted(wired_accounts: ApiClient, tag: str) -> None:
    individual = {"id": "ind-known", "name": "Ada", "@referredType": "Individual"}
    response = wired_accounts.post("billingAccount", json=account_of(tag, organization("org-known"), individual))

    assert response.status_code == 201, response.text


def test_with_a_party_api_wired_an_unknown_organization_is_400(wired_accounts: ApiClient,
                                                                tag: str) -> None:
    response = wired_accounts.post("billingAccount", json=account_of(tag, organization(f"org-{tag}")))

    assert response.status_code == 400, response.text
    assert response.json()["code"] == "INVALID_REFERENCE"
    assert f"org-{tag}" in response.json()["message"]


def test_with_a_party_api_wired_a_patch_adding_an_unknown_party_is_400(wired_accounts: ApiClient,
                                                                        tag: str) -> None:
    created = wired_accounts.post("billingAccount", json=account_of(tag, organization("org-known"))).json()

    response = wired_accounts.patch(f"billingAccount/{created['id']}",
                              json={"relatedParty": [organization("org-known"), organization(f"org-{tag}")]})

    assert response.status_code == 400, response.text
    assert wired_accounts.get(f"billingAccount/{created['id']}").json()["relatedParty"] == created["relatedParty"]


def test_with_a_party_api_that_fails_the_answer_is_503(wired_accounts: ApiClient, tag: str) -> None:
    response = wired_accounts.post("billingAccount", json=account_of(tag, organization("broken")))

    assert response.status_code == 503, response.text
    assert response.json()["code"] == "PARTY_DIRECTORY_UNAVAILABLE"


def test_party_role_references_are_not_looked_up(wired_accounts: ApiClient, tag: str) -> None:
    role = {"id": f"role-{tag}", "name": "Payer", "@referredType": "PartyRole"}
    response = wired_accounts.post("billingAccount", json=account_of(tag, role))

    assert response.status_code == 201, response.text
