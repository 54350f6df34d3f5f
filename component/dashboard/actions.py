"""The support actions of Customer 360 and the ticket page, each a TMF operation with its rules:

- suspend / resume a line: a TMF622 product order modifying the plan's status;
- SIM change: a product order modifying the SIM's ICCID;
- add / remove a value-added service: a product order adding the offering relying on the plan, or
  deleting the VAS product;
- raise a service request: a TMF621 trouble ticket about the customer;
- move a ticket: a TMF621 merge patch of its status.

Bodies are checked against the API's `<Resource>_Create` schema as connexion checks a client's, then go
through the same unit of work as the API, so a refused action raises the DomainError a client would
get (shown on the page as the TMF Error).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from openapi_schema_validator import OAS30Validator

from component.dashboard.context import Dashboard
from component.domain.kernel.errors import ValidationFailed

MERGE_PATCH = "application/merge-patch+json"


class Actions:
    def __init__(self, dashboard: Dashboard, documents: Mapping[str, dict[str, Any]]) -> None:
        self.dashboard = dashboard
        self._validators: dict[str, OAS30Validator] = {}
        for kind in ("ProductOrder", "TroubleTicket"):
            api = dashboard.service(kind).served.api
            schema = {"$ref": f"#/components/schemas/{kind}_Create",
                      "components": documents[api].get("components", {})}
            self._validators[kind] = OAS30Validator(schema)

    def create(self, kind: str, body: dict[str, Any]) -> dict[str, Any]:
        errors = sorted(self._validators[kind].iter_errors(body), key=lambda error: list(error.path))
        if errors:
            where = "/".join(str(part) for part in errors[0].path)
            raise ValidationFailed(f"{where + ': ' if where else ''}{errors[0].message}")
        return self.dashboard.service(kind).create(body, self.dashboard.collection_href(kind)).document

    # --- product orders (TMF622) ----------------------------------------------------------------

    def set_line_status(self, customer_id: str, plan_id: str, status: str) -> dict[str, Any]:
        return self._order(customer_id, {"id": "1", "action": "modify", "product": {"id": plan_id, "status": status}})

    def change_sim(self, customer_id: str, sim_id: str, iccid: str) -> dict[str, Any]:
        return self._order(customer_id, {"id": "1", "action": "modify", "product": {
            "id": sim_id, "productCharacteristic": [{"name": "ICCID", "value": iccid}]}})

    def add_service(self, customer_id: str, plan_id: str, offering_id: str,
                    characteristics: Mapping[str, str]) -> dict[str, Any]:
        relies_on = {"relationshipType": "reliesOn", "product": {"id": plan_id}}
        product: dict[str, Any] = {"productRelationship": [relies_on]}
        chosen = [{"name": name, "value": value} for name, value in characteristics.items() if value]
        if chosen:
            product["productCharacteristic"] = chosen
        return self._order(customer_id, {"id": "1", "action": "add", "productOffering": {"id": offering_id},
                                         "product": product})

    def remove_service(self, customer_id: str, product_id: str) -> dict[str, Any]:
        return self._order(customer_id, {"id": "1", "action": "delete", "product": {"id": product_id}})

    def _order(self, customer_id: str, item: dict[str, Any]) -> dict[str, Any]:
        return self.create("ProductOrder", {
            "channel": [{"id": "dashboard", "name": "oda-cms dashboard"}],
            "relatedParty": [{"id": customer_id, "role": "customer", "@referredType": "Customer"}],
            "productOrderItem": [item],
        })

    # --- service requests (TMF621) --------------------------------------------------------------

    def raise_ticket(self, customer: Mapping[str, Any], form: Mapping[str, str]) -> dict[str, Any]:
        body: dict[str, Any] = {
            "description": form.get("description", "").strip(),
            "severity": form.get("severity", ""),
            "ticketType": form.get("ticketType", ""),
            "channel": {"id": "dashboard", "name": "oda-cms dashboard"},
            "relatedEntity": [{"id": customer["id"], "href": customer.get("href"), "role": "complainant",
                               "@referredType": "Customer"}],
        }
        if form.get("category"):
            body["category"] = form["category"]
        if not body["description"]:
            raise ValidationFailed("description: a service request needs a description")
        return self.create("TroubleTicket", body)

    def move_ticket(self, ticket_id: str, status: str, note: str = "") -> dict[str, Any]:
        """Resolving needs the resolution details (the note); other moves keep the note as the reason."""
        patch: dict[str, Any] = {"status": status}
        if status == "resolved":
            patch["resolution"] = note.strip()
        elif note.strip():
            patch["statusChangeReason"] = note.strip()
        return self.dashboard.service("TroubleTicket").patch(ticket_id, patch, MERGE_PATCH).document
