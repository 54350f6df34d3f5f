"""Per API: the payloads the kit creates and the chains of prerequisites they need, then the checks.

Every resource the kit creates is named with the run's tag ("CTK <tag> ..."), so it can be told apart
from the deployment's own data. Prerequisites (a Customer before a BillingAccount, a customer and a
prepaid billing account before a ProductOrder, ...) are created through the component's own APIs; when
one cannot be created the report says so as a FAIL and the checks depending on it are not run.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from . import resources as r
from .checks import CollectionChecks, Resource, check_hub, check_read_only, check_writable
from .client import ApiClient
from .config import Config
from .report import FAIL, PASS, SKIP, Report

POLL_INTERVAL_SECONDS = 0.2


def _moment(days: int = 0) -> str:
    return (datetime.now(UTC) + timedelta(days=days)).strftime("%Y-%m-%dT%H:%M:%S.000Z")


@dataclass
class Context:
    """One run against one deployment: its clients, the report and the prerequisites made so far."""

    config: Config
    report: Report
    tag: str
    clients: dict[str, ApiClient] = field(default_factory=dict)
    _customer: Resource | None = None
    _account: Resource | None = None

    def client(self, api: str) -> ApiClient:
        if api not in self.clients:
            self.clients[api] = ApiClient(self.config.api_root(api), timeout=self.config.timeout_seconds)
        return self.clients[api]

    def checks(self, api: str, collection: r.Collection) -> CollectionChecks:
        return CollectionChecks(api, self.client(api), collection, self.report)

    def hub(self, api: str) -> None:
        check_hub(api, self.client(api), self.report, self.config.hub_callback)

    def setup(self, api: str, what: str, path_api: str, path: str, body: dict[str, Any]) -> Resource | None:
        """Create a prerequisite; a failure is reported (FAIL) and answered None."""
        exchange = self.client(path_api).post(path, body)
        created = exchange.body()
        if exchange.response.status_code == 201 and isinstance(created, dict) and created.get("id"):
            return created
        self.report.record(FAIL, api, f"prerequisite: {what}", exchange.request,
                           "expected 201; " + exchange.summary())
        return None

    def customer(self, api: str) -> Resource | None:
        """The Customer owning the kit's accounts, orders and products (made once per run)."""
        if self._customer is None:
            self._customer = self.setup(api, "create the Customer of the prerequisites", "customer", "customer",
                                        customer_body(self.tag, "holder"))
        return self._customer

    def prepaid_account(self, api: str) -> Resource | None:
        """A prepaid BillingAccount of that customer (made once per run)."""
        if self._account is None:
            holder = self.customer(api)
            if holder is not None:
                self._account = self.setup(api, "create a prepaid BillingAccount", "account", "billingAccount",
                                           billing_account_body(self.tag, holder))
        return self._account

    def wait_for(self, api: str, path: str, done: Callable[[Resource], bool]) -> Resource | None:
        """Poll GET <path> until `done` holds or the fulfilment deadline passes; the last answer seen."""
        client = self.client(api)
        deadline = time.monotonic() + self.config.fulfilment_timeout_seconds
        last: Resource | None = None
        while True:
            body = client.get(path).body()
            last = body if isinstance(body, dict) else last
            if (last is not None and done(last)) or time.monotonic() >= deadline:
                return last
            time.sleep(POLL_INTERVAL_SECONDS)


# --- payloads -----------------------------------------------------------------------------------------------

def customer_body(tag: str, role: str) -> dict[str, Any]:
    """TMF629 Customer_Create: name and engagedParty."""
    return {"name": f"CTK {tag} {role}", "status": "Initialized",
            "engagedParty": {"id": f"ctk-{tag}-{role}", "name": f"CTK {tag} {role}", "@referredType": "Individual"}}


def customer_ref(customer: Resource, role: str = "customer") -> dict[str, Any]:
    """A RelatedParty naming a Customer (with its name: TMF666's RelatedParty requires one)."""
    ref = {"id": customer["id"], "role": role, "@referredType": "Customer"}
    if customer.get("name"):
        ref["name"] = customer["name"]
    return ref


def billing_account_body(tag: str, customer: Resource) -> dict[str, Any]:
    """A prepaid BillingAccount of an existing Customer (prepaid: no credit limit)."""
    return {"name": f"CTK {tag} prepaid account", "accountType": "prepaid", "relatedParty": [customer_ref(customer)]}


def new_subscription_body(tag: str, customer: Resource, account: Resource, offerings: dict[str, str],
                          start: str | None = None) -> dict[str, Any]:
    """A new subscription (docs/macd/01): a prepaid plan with a fresh MSISDN and a SIM relying on it."""
    msisdn = "4479" + "".join(random.choices("0123456789", k=8))
    iccid = "89" + "".join(random.choices("0123456789", k=17))
    body: dict[str, Any] = {
        "description": f"CTK {tag} new subscription",
        "relatedParty": [customer_ref(customer)],
        "productOrderItem": [
            {"id": "1", "action": "add", "productOffering": {"id": offerings["plan"]},
             "product": {"productCharacteristic": [{"name": "MSISDN", "value": msisdn}]},
             "billingAccount": {"id": account["id"]}},
            {"id": "2", "action": "add", "productOffering": {"id": offerings["sim"]},
             "product": {"productCharacteristic": [{"name": "ICCID", "value": iccid}]},
             "productOrderItemRelationship": [{"id": "1", "relationshipType": "reliesOn"}]},
        ],
    }
    if start is not None:
        body["requestedStartDate"] = start
    return body


def _changed(tag: str) -> dict[str, str]:
    return {"description": f"CTK {tag} changed by PATCH"}


# --- the APIs -----------------------------------------------------------------------------------------------

def customer_api(ctx: Context) -> None:
    """TMF629: a Customer through the whole cycle (deleted at the end: it holds no account)."""
    api = "customer"
    check_writable(ctx.checks(api, r.CUSTOMER), customer_body(ctx.tag, "checked"),
                   {"name": f"CTK {ctx.tag} checked (renamed)"})
    ctx.hub(api)


def account_api(ctx: Context) -> None:
    """TMF666: the seven resources; the accounts naming a Customer need one first. New accounts are `defined`,
    which may be deleted."""
    api, tag = "account", ctx.tag
    plain = [(r.BILL_FORMAT, {"name": f"CTK {tag} bill format"}),
             (r.BILL_PRESENTATION_MEDIA, {"name": f"CTK {tag} presentation media"}),
             (r.BILLING_CYCLE_SPECIFICATION, {"name": f"CTK {tag} cycle", "frequency": "monthly"}),
             (r.FINANCIAL_ACCOUNT, {"name": f"CTK {tag} financial account"})]
    for collection, body in plain:
        check_writable(ctx.checks(api, collection), body, _changed(tag))
    holder = ctx.customer(api)
    if holder is not None:
        check_writable(ctx.checks(api, r.BILLING_ACCOUNT), billing_account_body(tag, holder), _changed(tag))
        for collection in (r.PARTY_ACCOUNT, r.SETTLEMENT_ACCOUNT):
            body = {"name": f"CTK {tag} {collection.name}", "relatedParty": [customer_ref(holder, "owner")]}
            check_writable(ctx.checks(api, collection), body, _changed(tag))
    ctx.hub(api)


def product_ordering_api(ctx: Context) -> None:
    """TMF622: an order starting in 30 days (so no worker fulfils it while it is checked), its cancellation,
    and its deletion once the cancellation made it final (only final orders may be deleted)."""
    api = "productOrdering"
    customer, account = ctx.customer(api), ctx.prepaid_account(api)
    orders = ctx.checks(api, r.PRODUCT_ORDER)
    if customer is None or account is None:
        orders.list()
        orders.unknown_id()
        ctx.hub(api)
        return
    body = new_subscription_body(ctx.tag, customer, account, ctx.config.offerings, start=_moment(days=30))
    order = check_writable(orders, body, _changed(ctx.tag), delete=False)
    cancels = ctx.checks(api, r.CANCEL_PRODUCT_ORDER)
    if order is None:
        cancels.list()
        cancels.unknown_id()
    else:
        cancel_body = {"productOrder": {"id": order["id"], "href": order["href"], "@referredType": "ProductOrder"},
                       "cancellationReason": f"CTK {ctx.tag}"}
        check_writable(cancels, cancel_body, None, delete=False)
        final = ctx.wait_for(api, f"productOrder/{order['id']}",
                             lambda found: found.get("state") in r.ORDER_FINAL) or {}
        if final.get("state") in r.ORDER_FINAL:
            orders.delete(order)
        else:
            orders.skip("DELETE 204", f"DELETE {orders.client.url('productOrder/' + order['id'])}",
                        f"a product order can be deleted only once final; this one is still {final.get('state')} "
                        f"after {ctx.config.fulfilment_timeout_seconds:g}s (the deployment's workers did not "
                        "complete its cancellation)")
    ctx.hub(api)


def service_ordering_api(ctx: Context) -> None:
    """TMF641: a client's service order, its cancellation (when the simulator has not finished it first) and
    its deletion once final."""
    api = "serviceOrdering"
    body = {"description": f"CTK {ctx.tag} service order", "externalId": f"ctk-{ctx.tag}",
            "serviceOrderItem": [{"id": "1", "action": "add",
                                  "service": {"name": f"CTK {ctx.tag}", "serviceType": "featureProvisioning"}}]}
    orders = ctx.checks(api, r.SERVICE_ORDER)
    order = check_writable(orders, body, _changed(ctx.tag), delete=False)
    cancels = ctx.checks(api, r.CANCEL_SERVICE_ORDER)
    now = orders.current(order) if order is not None else None
    if order is None or now is None:
        cancels.list()
        cancels.unknown_id()
    elif now.get("state") in r.ORDER_FINAL:
        cancels.skip("POST 201 and the cancellation cycle", f"POST {cancels.client.url('cancelServiceOrder')}",
                     f"the deployment's simulator already made the order {now.get('state')}")
        cancels.list()
        cancels.unknown_id()
    else:
        cancel_body = {"serviceOrder": {"id": order["id"], "href": order["href"], "@referredType": "ServiceOrder"},
                       "cancellationReason": f"CTK {ctx.tag}"}
        check_writable(cancels, cancel_body, None, delete=False)
    if order is not None:
        final = ctx.wait_for(api, f"serviceOrder/{order['id']}",
                             lambda found: found.get("state") in r.ORDER_FINAL) or {}
        if final.get("state") in r.ORDER_FINAL:
            orders.delete(order)
        else:
            orders.skip("DELETE 204", f"DELETE {orders.client.url('serviceOrder/' + order['id'])}",
                        f"a service order can be deleted only once final; this one is {final.get('state')}")
    ctx.hub(api)


def trouble_ticket_api(ctx: Context) -> None:
    """TMF621: a service request through the whole cycle."""
    api = "troubleTicket"
    body = {"description": f"CTK {ctx.tag} my bill is wrong", "severity": "minor", "ticketType": "complaint",
            "category": "billing"}
    check_writable(ctx.checks(api, r.TROUBLE_TICKET), body, _changed(ctx.tag))
    ctx.hub(api)


def product_catalog_api(ctx: Context) -> None:
    """TMF620 (read-only): every collection listed, its first item read, filtered and projected."""
    api = "productCatalog"
    for collection in (r.CATALOG, r.CATEGORY, r.PRODUCT_SPECIFICATION, r.PRODUCT_OFFERING, r.PRODUCT_OFFERING_PRICE):
        check_read_only(ctx.checks(api, collection))
    ctx.hub(api)


def product_inventory_api(ctx: Context) -> None:
    """TMF637 (read-only): after a new subscription has been fulfilled, its products; without workers
    fulfilling orders that part is not exercised and whatever the inventory holds is checked."""
    api = "productInventory"
    products = ctx.checks(api, r.PRODUCT)
    sample = _fulfilled_product(ctx, api, products)
    check_read_only(products, sample)
    ctx.hub(api)


def _fulfilled_product(ctx: Context, api: str, products: CollectionChecks) -> Resource | None:
    """Order a new subscription and wait for it; the plan product it installed, or None (reported)."""
    customer, account = ctx.customer(api), ctx.prepaid_account(api)
    if customer is None or account is None:
        return None
    order = ctx.setup(api, "order a new subscription", "productOrdering", "productOrder",
                      new_subscription_body(ctx.tag, customer, account, ctx.config.offerings))
    if order is None:
        return None
    ordering = ctx.client("productOrdering")
    final = ctx.wait_for("productOrdering", f"productOrder/{order['id']}",
                         lambda found: found.get("state") in r.ORDER_FINAL) or {}
    if final.get("state") != "completed":
        ctx.report.record(SKIP, api, "product: products of a completed order",
                          f"GET {ordering.url('productOrder/' + order['id'])}",
                          f"not exercised: order {order['id']} is {final.get('state')} after "
                          f"{ctx.config.fulfilment_timeout_seconds:g}s; the deployment runs no workers "
                          "(RUN_WORKERS=false and no `oda-cms worker`) or they are slow")
        return None
    exchange = products.client.get("product", params={"relatedParty.id": customer["id"]})
    found = exchange.body()
    if exchange.response.status_code != 200 or not isinstance(found, list) or len(found) < 2:
        ctx.report.record(FAIL, api, "product: products of a completed order", exchange.request,
                          "expected the plan and SIM products of the completed order; " + exchange.summary())
        return None
    ctx.report.record(PASS, api, "product: products of a completed order", exchange.request,
                      f"{len(found)} products of order {order['id']}")
    return found[0]


SCENARIOS: dict[str, Callable[[Context], None]] = {
    "customer": customer_api,
    "account": account_api,
    "productOrdering": product_ordering_api,
    "serviceOrdering": service_ordering_api,
    "troubleTicket": trouble_ticket_api,
    "productCatalog": product_catalog_api,
    "productInventory": product_inventory_api,
}
