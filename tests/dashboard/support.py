"""Helpers of the dashboard tests: a browser-like client of the dashboard's pages and forms (cookies,
CSRF field), reading elements of the served HTML by id, and orders and subscriptions set up through the
TMF APIs as a client would."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

import requests

from component.dashboard.access import CSRF_COOKIE, CSRF_FIELD
from component.events.delivery import DeliveryWorker
from component.service import Registry
from component.store.work_queue import Backoff
from tests.api.product_ordering.bodies import new_subscription, numbers
from tests.api.product_ordering.conftest import INVENTORY_ROOT, open_account, place_order
from tests.support.api_roots import ACCOUNT_ROOT, CUSTOMER_ROOT, ORDERING_ROOT
from tests.support.factories import new_customer
from tests.support.live_server import ApiClient


class DashboardClient:
    """A requests session on `{root}/dashboard` that keeps its cookies and fills in the CSRF field."""

    def __init__(self, server_root: str) -> None:
        self.root = f"{server_root}/dashboard"
        self.session = requests.Session()

    def get(self, path: str = "/", **kwargs: Any) -> requests.Response:
        kwargs.setdefault("timeout", 30)
        return self.session.get(f"{self.root}{path}", **kwargs)

    def submit(self, path: str, data: dict[str, Any], **kwargs: Any) -> requests.Response:
        """POST a form as the page would: the CSRF cookie (fetched with a page first) repeated in the form."""
        if not self.session.cookies.get(CSRF_COOKIE):
            self.get("/")
        kwargs.setdefault("timeout", 30)
        kwargs.setdefault("allow_redirects", True)
        return self.session.post(f"{self.root}{path}", data={CSRF_FIELD: self.session.cookies.get(CSRF_COOKIE),
                                                             **data}, **kwargs)


class _ById(HTMLParser):
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self, wanted: str) -> None:
        super().__init__()
        self.wanted = wanted
        self.depth = 0
        self.found = False
        self.attributes: dict[str, str | None] = {}
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.depth:
            if tag not in self.VOID:
                self.depth += 1
        elif dict(attrs).get("id") == self.wanted and not self.found:
            self.found, self.attributes = True, dict(attrs)
            self.depth = 0 if tag in self.VOID else 1

    def handle_endtag(self, _tag: str) -> None:
        if self.depth:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.parts.append(data)


def element(html: str, element_id: str) -> tuple[dict[str, str | None], str]:
    """The attributes and the whitespace-normalised text of the element with this id (AssertionError if none)."""
    parser = _ById(element_id)
    parser.feed(html)
    assert parser.found, f"no element with id {element_id!r} in the page"
    return parser.attributes, re.sub(r"\s+", " ", "".join(parser.parts)).strip()


def text_of(html: str, element_id: str) -> str:
    return element(html, element_id)[1]


def rows_with(html: str, attribute: str) -> list[str]:
    """The values of `attribute` on every element carrying it, in page order (e.g. data-order-id)."""
    return re.findall(rf'{attribute}="([^"]*)"', html)


class Shop:
    """Customers, accounts and orders made through the TMF APIs of one running component."""

    def __init__(self, server_root: str) -> None:
        self.customers = ApiClient(server_root + CUSTOMER_ROOT)
        self.accounts = ApiClient(server_root + ACCOUNT_ROOT)
        self.ordering = ApiClient(server_root + ORDERING_ROOT)
        self.inventory = ApiClient(server_root + INVENTORY_ROOT)

    def customer(self, tag: str, name: str | None = None) -> dict[str, Any]:
        response = self.customers.post("customer", json=new_customer(tag, **({"name": name} if name else {})))
        assert response.status_code == 201, response.text
        return response.json()

    def account(self, customer: dict[str, Any], tag: str, account_type: str = "prepaid") -> dict[str, Any]:
        return open_account(self.accounts, customer, tag, account_type)

    def new_line(self, customer: dict[str, Any], account: dict[str, Any], tag: str, salt: str = "", *,
                 plan_chars: dict[str, str] | None = None, **extra: Any) -> dict[str, Any]:
        """A new-subscription order (plan + SIM) placed for the customer; `extra` goes into the order."""
        body = new_subscription(customer, account, *numbers(tag, salt), **(plan_chars or {}))
        body.update(extra)
        return place_order(self.ordering, body)

    def order(self, order_id: str) -> dict[str, Any]:
        response = self.ordering.get(f"productOrder/{order_id}")
        assert response.status_code == 200, response.text
        return response.json()


def dead_lettering_worker(registry: Registry) -> DeliveryWorker:
    """A delivery worker that gives up on a delivery at its first failure (retry horizon 0)."""
    return DeliveryWorker(registry.database, registry.clock, timeout=5.0,
                          retry=Backoff(1.0, 60.0, 0.0, jitter=lambda: 1.0))
