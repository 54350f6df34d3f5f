"""The orders board: product orders counted by state and listed newest first, filtered by order id,
customer (id or name), MSISDN, order date range, state and MACD operation, one page at a time.

Everything is a TMF630 query on the ProductOrder service: the state counts are one GROUP BY on the
indexed state column with the same filters (except the state itself), the page one LIMIT/OFFSET query
ordered by the indexed creation date; no rows are loaded to count or to page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from starlette.datastructures import QueryParams

from component.dashboard.context import Dashboard
from component.domain.kernel.errors import InvalidQuery
from component.store.repository import Page

PAGE_SIZE = 25
CUSTOMER_MATCHES = 50  # customers a name search may match
ORDER = "ProductOrder"
# The board's columns, in the order an order moves through them.
STATES = ("acknowledged", "pending", "held", "inProgress", "assessingCancellation", "pendingCancellation",
          "completed", "partial", "failed", "cancelled", "rejected")
OPERATIONS = ("add", "modify", "delete", "noChange")
SEARCH_FIELDS = ("orderId", "customer", "msisdn", "from", "to", "state", "operation")


@dataclass(frozen=True)
class BoardSearch:
    order_id: str = ""
    customer: str = ""
    msisdn: str = ""
    date_from: date | None = None
    date_to: date | None = None
    state: str = ""
    operation: str = ""
    page: int = 1

    @classmethod
    def from_query(cls, params: QueryParams) -> BoardSearch:
        state = params.get("state", "").strip()
        if state and state not in STATES:
            raise InvalidQuery(f"state must be one of {', '.join(STATES)}, got {state!r}")
        operation = params.get("operation", "").strip()
        if operation and operation not in OPERATIONS:
            raise InvalidQuery(f"operation must be one of {', '.join(OPERATIONS)}, got {operation!r}")
        page = params.get("page", "1").strip() or "1"
        if not page.isdigit() or int(page) < 1:
            raise InvalidQuery(f"page must be a positive integer, got {page!r}")
        return cls(order_id=params.get("orderId", "").strip(), customer=params.get("customer", "").strip(),
                   msisdn=params.get("msisdn", "").strip(), date_from=_day(params.get("from", ""), "from"),
                   date_to=_day(params.get("to", ""), "to"), state=state, operation=operation, page=int(page))

    def values(self) -> dict[str, str]:
        """The form's fields as typed (for the form and for paging links)."""
        return {"orderId": self.order_id, "customer": self.customer, "msisdn": self.msisdn,
                "from": self.date_from.isoformat() if self.date_from else "",
                "to": self.date_to.isoformat() if self.date_to else "", "state": self.state,
                "operation": self.operation}

    @property
    def active(self) -> bool:
        return any(self.values().values())


@dataclass(frozen=True)
class Board:
    search: BoardSearch
    counts: dict[str, int]
    page: Page
    customers: dict[str, dict[str, Any]]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def pages(self) -> int:
        return max(1, -(-self.page.total // PAGE_SIZE))


def load_board(dashboard: Dashboard, search: BoardSearch) -> Board:
    filters = _filters(dashboard, search)
    if filters is None:  # a customer search that matches no customer
        return Board(search, dict.fromkeys(STATES, 0), Page([], 0), {})
    counts = dict.fromkeys(STATES, 0) | dashboard.service(ORDER).state_counts(dashboard.query(ORDER, filters))
    listed = [*filters, *([("state", search.state)] if search.state else []), ("sort", "-orderDate"),
              ("offset", str((search.page - 1) * PAGE_SIZE))]
    # The page's total is the state counts' sum (or the chosen state's count): no second count query.
    total = counts[search.state] if search.state else sum(counts.values())
    items = dashboard.service(ORDER).list(dashboard.query(ORDER, listed, limit=PAGE_SIZE), count=False).items
    page = Page(items, total)
    return Board(search, counts, page, _customers_of(dashboard, page.items))


def _filters(dashboard: Dashboard, search: BoardSearch) -> list[tuple[str, str]] | None:
    pairs: list[tuple[str, str]] = []
    if search.order_id:
        pairs.append(("id", search.order_id))
    if search.customer:
        ids = _customer_ids(dashboard, search.customer)
        if not ids:
            return None
        pairs += [("relatedParty.id", customer_id) for customer_id in ids]
    if search.msisdn:
        pairs.append(("productOrderItem.product.productCharacteristic.value", search.msisdn))
    if search.date_from:
        pairs.append(("orderDate.gte", search.date_from.isoformat()))
    if search.date_to:
        pairs.append(("orderDate.lt", (search.date_to + timedelta(days=1)).isoformat()))
    if search.operation:
        pairs.append(("productOrderItem.action", search.operation))
    return pairs


def _customer_ids(dashboard: Dashboard, text: str) -> list[str]:
    """The customer with this id, else the customers whose name contains the text (any case)."""
    if dashboard.find("Customer", text) is not None:
        return [text]
    found = dashboard.list("Customer", [("name*", _any_case(text)), ("fields", "id")],
                           limit=CUSTOMER_MATCHES)
    return [customer["id"] for customer in found.items]


def _any_case(text: str) -> str:
    """A portable case-insensitive pattern for `text` (`[aA][dD][aA]`): (?i) is refused as not portable."""
    return "".join(f"[{char.lower()}{char.upper()}]" if char.lower() != char.upper() else re.escape(char)
                   for char in text)


def _customers_of(dashboard: Dashboard, orders: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The customers of a page of orders, by id, read in one query."""
    ids = sorted({party["id"] for order in orders for party in order.get("relatedParty") or []
                  if party.get("id") and str(party.get("@referredType", "Customer")) == "Customer"})
    if not ids:
        return {}
    found = dashboard.list("Customer", [("id", ",".join(ids))], limit=len(ids))
    return {customer["id"]: customer for customer in found.items}


def _day(raw: str, name: str) -> date | None:
    raw = raw.strip()
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError as error:
        raise InvalidQuery(f"{name} must be a date (YYYY-MM-DD), got {raw!r}") from error
