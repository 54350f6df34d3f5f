"""Time of creating a product order (a new mobile subscription: plan + SIM + MSISDN) through the unit of work,
without HTTP: the request path's domain and storage work, which the composition root took the environment
off. Not part of the test suite (speed is measured, never asserted in tests). Run:

    PYTHONPATH=. .venv/bin/python tests/benchmarks/bench_order_create.py [--orders 300] [--database URL]

Default database: a fresh SQLite file. Prints the median and the 90th percentile in milliseconds, and the
median CPU time of the creating thread (steadier than wall time on a loaded machine).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from component.bootstrap.environment import settings_from_env
from component.bootstrap.root import build
from component.catalog.publisher import publish
from component.service import ResourceService
from component.store.migrations import upgrade_to_head
from tests.api.product_ordering.bodies import new_subscription

HREF = "/tmf-api/productOrderingManagement/v4/productOrder"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=300)
    parser.add_argument("--database", help="SQLAlchemy URL (default: a fresh SQLite file)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.database or f"sqlite:///{Path(folder) / 'bench.db'}"
        upgrade_to_head(url)
        root = build(settings_from_env(database_url=url, run_workers=False))
        publish(root.registry, root.catalogue.local)
        customer = ResourceService(root.registry, "Customer").create(
            {"name": "Bench", "engagedParty": {"id": "p1", "@referredType": "Individual"}}, "/customer").document
        account = ResourceService(root.registry, "BillingAccount").create(
            {"name": "Bench", "accountType": "prepaid", "state": "active",
             "relatedParty": [{"id": customer["id"], "role": "customer", "@referredType": "Customer"}]},
            "/billingAccount").document
        orders = ResourceService(root.registry, "ProductOrder")
        timings, cpu = [], []
        for number in range(args.orders + 20):
            body = new_subscription(customer, account, f"4477{number:09d}", f"8944{number:015d}")
            started, started_cpu = time.perf_counter(), time.thread_time()
            orders.create(body, HREF)
            timings.append((time.perf_counter() - started) * 1000)
            cpu.append((time.thread_time() - started_cpu) * 1000)
        timings, cpu = timings[20:], cpu[20:]  # warm-up
        deciles = statistics.quantiles(timings, n=10)
        print(f"product order create: {args.orders} orders, median {statistics.median(timings):.2f} ms, "
              f"p90 {deciles[8]:.2f} ms; CPU of this thread median {statistics.median(cpu):.2f} ms")
        root.database.dispose()


if __name__ == "__main__":
    main()
