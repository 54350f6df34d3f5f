"""What an official CTK needs in the deployment before it runs, created through the component's APIs.

- TMF622: its ProductOrder payload names a Customer, a prepaid BillingAccount and catalogue offerings: the
  customer and account are created, `${...}` placeholders in the payloads are filled (see ctk/payloads/).
- TMF637: the inventory must hold products: a new subscription is ordered and waited for until completed
  (the deployment's workers fulfil it).
- TMF620, TMF622, TMF637: the catalogue must be published (the catalogue publisher does it as `serve` starts).
"""

from __future__ import annotations

import random
import re
from typing import Any

from .config import Config
from .report import Report
from .resources import ORDER_FINAL
from .scenarios import Context, new_subscription_body

PLACEHOLDER = re.compile(r"\$\{(\w+)\}")
NEEDS: dict[str, tuple[str, ...]] = {
    "productCatalogManagement": ("catalogue",),
    "productOrderingManagement": ("catalogue",),
    "productInventory": ("catalogue", "products"),
}


class SeedError(RuntimeError):
    """A prerequisite could not be created in the deployment."""


class Seeder:
    """Prerequisites in one deployment (`base_url`: its root with the ODA path prefix), made once each."""

    def __init__(self, base_url: str, tag: str, wait_seconds: float = 60.0) -> None:
        config = Config(url=base_url, prefix="", fulfilment_timeout_seconds=wait_seconds)
        self.context = Context(config=config, report=Report(), tag=tag)
        self._values: dict[str, str] = {}
        self._done: set[str] = set()

    def value(self, name: str) -> str:
        if name not in self._values:
            self._values[name] = self._make(name)
        return self._values[name]

    def _created(self, what: str, made: dict[str, Any] | None) -> dict[str, Any]:
        """`made`, or a SeedError with what the deployment answered."""
        if made is None:
            failures = self.context.report.failures()
            raise SeedError(f"{what}: " + "; ".join(f"{f.request}: {f.detail}" for f in failures))
        return made

    def _make(self, name: str) -> str:
        ctx = self.context
        if name in ("CUSTOMER_ID", "CUSTOMER_NAME"):
            customer = self._created("create a Customer", ctx.customer("ctk seed"))
            return str(customer["id"] if name == "CUSTOMER_ID" else customer["name"])
        if name == "PREPAID_ACCOUNT_ID":
            return str(self._created("create a prepaid BillingAccount", ctx.prepaid_account("ctk seed"))["id"])
        if name == "PLAN_OFFERING_ID":
            return ctx.config.offerings["plan"]
        if name == "SIM_OFFERING_ID":
            return ctx.config.offerings["sim"]
        if name == "MSISDN":
            return "4479" + "".join(random.choices("0123456789", k=8))
        if name == "ICCID":
            return "89" + "".join(random.choices("0123456789", k=17))
        raise SeedError(f"unknown placeholder ${{{name}}} (known: CUSTOMER_ID, CUSTOMER_NAME, PREPAID_ACCOUNT_ID, "
                        "PLAN_OFFERING_ID, SIM_OFFERING_ID, MSISDN, ICCID)")

    def fill(self, value: Any) -> Any:
        """`value` with every ${NAME} in its strings replaced by the seeded value."""
        if isinstance(value, dict):
            return {key: self.fill(item) for key, item in value.items()}
        if isinstance(value, list):
            return [self.fill(item) for item in value]
        if isinstance(value, str):
            return PLACEHOLDER.sub(lambda match: self.value(match.group(1)), value)
        return value

    def prepare(self, api_name: str) -> None:
        """Create what the kit of `api_name` (e.g. productInventory) needs."""
        for need in NEEDS.get(api_name, ()):
            if need not in self._done:
                getattr(self, f"_{need}")()
                self._done.add(need)

    def _catalogue(self) -> None:
        offering, waited = self.context.config.offerings["plan"], self.context.config.fulfilment_timeout_seconds
        found = self.context.wait_for("productCatalog", f"productOffering/{offering}",
                                      lambda body: body.get("id") == offering)
        if not found or found.get("id") != offering:
            raise SeedError(f"the catalogue offers no {offering!r} after {waited:g}s (is it published? "
                            "`oda-cms serve` publishes it when its workers run)")

    def _products(self) -> None:
        ctx = self.context
        body = new_subscription_body(ctx.tag, {"id": self.value("CUSTOMER_ID")},
                                     {"id": self.value("PREPAID_ACCOUNT_ID")}, ctx.config.offerings)
        what = "order a new subscription"
        order = self._created(what, ctx.setup("ctk seed", what, "productOrdering", "productOrder", body))
        final = ctx.wait_for("productOrdering", f"productOrder/{order['id']}",
                             lambda found: found.get("state") in ORDER_FINAL) or {}
        if final.get("state") != "completed":
            raise SeedError(f"the seed order {order['id']} is {final.get('state')}, not completed, after "
                            f"{ctx.config.fulfilment_timeout_seconds:g}s: does the deployment run its workers?")
