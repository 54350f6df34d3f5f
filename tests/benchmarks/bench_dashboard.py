"""How fast the dashboard's orders board opens with 100,000 product orders (SQLite and PostgreSQL).

Not part of the test suite (speed is measured, never asserted in tests). Run:
    .venv/bin/python -m tests.benchmarks.bench_dashboard [--orders 100000] [--repeat 20]
        [--database-url postgresql+psycopg://postgres@127.0.0.1:5432/test]
Default database: a fresh SQLite file (WAL). With a PostgreSQL URL, a throw-away database is created on
that server and dropped afterwards.

Set-up: one real order per customer is created through the ProductOrder service (as the API would);
the rest are copies of those documents with new ids, order dates spread over 90 days and states spread
over the board's states, bulk-inserted into the resource table (setting 100,000 orders up through the
rules would take longer than the measurement is worth). PostgreSQL gets a VACUUM (ANALYZE), as autovacuum
would after such a load.
Then the component is served by uvicorn and the board is fetched over HTTP: the first page (state
counts + 25 newest orders + their customers), a state lane, and one customer's orders. Figures: the
median and the 95th percentile of `--repeat` requests after two warm-ups, and the board's SQL alone.
"""

from __future__ import annotations

import argparse
import copy
import os
import random
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import requests
from sqlalchemy import insert, text

from component.bootstrap.environment import settings_from_env
from component.bootstrap.root import build
from component.dashboard.access import DashboardAccess
from component.dashboard.board import STATES, BoardSearch, load_board
from component.dashboard.context import Dashboard
from component.domain.kernel.clock import isoformat
from component.service import Registry, ResourceService
from component.store.database import Database
from component.store.migrations import upgrade_to_head
from component.store.tables import resource
from tests.support.backends import postgres_database
from tests.support.live_server import LiveServer

CUSTOMERS = 1000
BATCH = 5000
WEIGHTS = {"completed": 70, "inProgress": 8, "acknowledged": 6, "held": 4, "pending": 3, "failed": 3, "partial": 3,
           "cancelled": 3}


def load_orders(registry: Registry, orders: int) -> str:
    """`orders` product orders of CUSTOMERS customers; the id of one customer to search for."""
    customers = ResourceService(registry, "Customer")
    ordering = ResourceService(registry, "ProductOrder")
    accounts = ResourceService(registry, "BillingAccount")
    templates = []
    for index in range(CUSTOMERS):
        customer = customers.create({"name": f"Bench customer {index:04d}", "engagedParty": {
            "id": f"bench-{index}", "@referredType": "Individual"}}, "/customer").document
        account = accounts.create({"name": f"Prepaid {index}", "accountType": "prepaid", "state": "active",
                                   "relatedParty": [{"id": customer["id"], "role": "customer",
                                                     "@referredType": "Customer"}]}, "/billingAccount").document
        templates.append(ordering.create({
            "relatedParty": [{"id": customer["id"], "role": "customer", "@referredType": "Customer"}],
            "productOrderItem": [
                {"id": "1", "action": "add", "productOffering": {"id": "prepaid-start"},
                 "billingAccount": {"id": account["id"]},
                 "product": {"productCharacteristic": [{"name": "MSISDN", "value": f"44791{index:08d}"}]}},
                {"id": "2", "action": "add", "productOffering": {"id": "sim-card"},
                 "productOrderItemRelationship": [{"id": "1", "relationshipType": "reliesOn"}],
                 "product": {"productCharacteristic": [{"name": "ICCID", "value": f"8944{index:015d}"}]}},
            ],
        }, "/productOrder").document)
    rows: list[dict[str, Any]] = []
    generator = random.Random(12)
    states, weights = list(WEIGHTS), list(WEIGHTS.values())
    start = datetime.now(UTC) - timedelta(days=90)
    for index in range(orders - CUSTOMERS):
        document = copy.deepcopy(templates[index % CUSTOMERS])
        document["id"] = str(uuid.uuid4())
        document["href"] = f"/productOrder/{document['id']}"
        document["state"] = generator.choices(states, weights)[0]
        moment = isoformat(start + timedelta(seconds=generator.uniform(0, 90 * 86400)))
        document["orderDate"] = moment
        rows.append({"kind": "ProductOrder", "id": document["id"], "href": document["href"], "version": 1,
                     "state": document["state"], "name": None, "created_at": moment, "updated_at": moment,
                     "document": document})
        if len(rows) == BATCH:
            _insert(registry.database, rows)
    _insert(registry.database, rows)
    if registry.database.dialect == "postgresql":
        # What autovacuum does after a bulk load: statistics, and the visibility map index-only scans need.
        with registry.database.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM (ANALYZE) resource"))
    return str(templates[CUSTOMERS // 2]["relatedParty"][0]["id"])


def _insert(database: Database, rows: list[dict[str, Any]]) -> None:
    if rows:
        with database.write() as connection:
            connection.execute(insert(resource), rows)
        rows.clear()


def timed(action: Callable[[], Any], repeat: int) -> tuple[float, float]:
    """Median and 95th percentile in milliseconds of `repeat` runs after two warm-ups."""
    for _ in range(2):
        action()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return statistics.median(samples), samples[min(len(samples) - 1, int(len(samples) * 0.95))]


def run(database_url: str, orders: int, repeat: int) -> None:
    upgrade_to_head(database_url)
    settings = settings_from_env(database_url=database_url, auto_migrate=False, run_workers=False, admin_token=None)
    registry = build(settings).registry
    started = time.perf_counter()
    customer = load_orders(registry, orders)
    print(f"loaded {orders} orders in {time.perf_counter() - started:.0f} s ({registry.database.dialect})")

    board_only = Dashboard(settings, registry, "/dashboard", DashboardAccess(None, "/dashboard"))
    board = load_board(board_only, BoardSearch())
    assert board.total == orders and sum(board.counts[state] for state in STATES) == orders
    median, p95 = timed(lambda: load_board(board_only, BoardSearch()), repeat)
    print(f"board SQL (state counts + first page + its customers): median {median:.1f} ms, p95 {p95:.1f} ms")

    live = LiveServer(settings).start()
    try:
        session = requests.Session()
        for label, params in (("first page", {}), ("state lane 'held'", {"state": "held"}),
                              ("one customer's orders", {"customer": customer})):
            def fetch(params: dict[str, str] = params) -> None:
                response = session.get(f"{live.root}/dashboard/", params=params, timeout=60)
                assert response.status_code == 200, response.text[:500]
            median, p95 = timed(fetch, repeat)
            print(f"GET /dashboard/ {label}: median {median:.1f} ms, p95 {p95:.1f} ms")
    finally:
        live.stop()
        registry.database.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--orders", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--database-url", help="a PostgreSQL server URL (a throw-away database is made on it)")
    arguments = parser.parse_args()
    if arguments.database_url:
        os.environ["TEST_POSTGRES_URL"] = arguments.database_url
        with postgres_database() as url:
            run(url, arguments.orders, arguments.repeat)
        return
    with tempfile.TemporaryDirectory() as folder:
        run(f"sqlite:///{Path(folder) / 'bench.db'}", arguments.orders, arguments.repeat)


if __name__ == "__main__":
    main()
