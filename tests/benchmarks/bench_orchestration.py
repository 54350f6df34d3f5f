"""Product orders per second fulfilled end to end by the orchestrator (simulator delay 0).

Not part of the test suite (speed is measured, never asserted in tests). Run:
    .venv/bin/python tests/benchmarks/bench_orchestration.py [--orders 500] [--workers 1] [--batch 20]
        [--database-url postgresql+psycopg://postgres@127.0.0.1:5432/x]
Default database: a fresh SQLite file (WAL). The orders (new subscriptions: a plan and a SIM, each
decomposed into 4 service items) are created first through the engine, as the API would; then
`--workers` orchestrators in this process (threads, each with its own connection pool) fulfil them:
acceptance and re-check, decomposition, one service order each executed by the network simulator,
roll-up, and the installed base updated. Measured from the first claim to the last order completed.
"""

from __future__ import annotations

import argparse
import tempfile
import threading
import time
import uuid
from pathlib import Path

from sqlalchemy import func, select

from component.bootstrap.environment import settings_from_env
from component.bootstrap.root import build, build_registry
from component.orchestration import Orchestrator
from component.orchestration.simulator import SimulatorConfig
from component.service import Registry, ResourceService
from component.store.database import Database
from component.store.migrations import upgrade_to_head
from component.store.tables import resource


def create_orders(registry: Registry, orders: int) -> None:
    customer = ResourceService(registry, "Customer").create(
        {"name": "Bench", "engagedParty": {"id": "bench", "@referredType": "Individual"}}, "/customer").document
    account = ResourceService(registry, "BillingAccount").create(
        {"name": "Bench prepaid", "accountType": "prepaid", "state": "active",
         "relatedParty": [{"id": customer["id"], "name": "Bench", "role": "customer", "@referredType": "Customer"}]},
        "/billingAccount").document
    service = ResourceService(registry, "ProductOrder")
    for index in range(orders):
        service.create({
            "relatedParty": [{"id": customer["id"], "@referredType": "Customer"}],
            "productOrderItem": [
                {"id": "1", "action": "add", "productOffering": {"id": "prepaid-start"},
                 "billingAccount": {"id": account["id"]},
                 "product": {"productCharacteristic": [{"name": "MSISDN", "value": f"44790{index:08d}"}]}},
                {"id": "2", "action": "add", "productOffering": {"id": "sim-card"},
                 "productOrderItemRelationship": [{"id": "1", "relationshipType": "reliesOn"}],
                 "product": {"productCharacteristic": [{"name": "ICCID", "value": f"8944{index:015d}"}]}},
            ],
        }, "/productOrder")


def completed(database: Database) -> int:
    with database.read() as connection:
        return int(connection.execute(select(func.count()).select_from(resource).where(
            resource.c.kind == "ProductOrder", resource.c.state == "completed")).scalar_one())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=500)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--batch", type=int, default=20)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    url = args.database_url or f"sqlite:///{Path(tempfile.mkdtemp()) / f'bench-{uuid.uuid4().hex[:6]}.db'}"
    upgrade_to_head(url)
    settings = settings_from_env(database_url=url, orchestration_batch=args.batch, run_workers=False)
    database = Database(url)
    create_orders(build_registry(settings, database), args.orders)
    databases = [Database(url) for _ in range(args.workers)]
    workers = [build(settings, database=each).orchestrator(simulator=SimulatorConfig())
               for each in databases]
    done = threading.Event()

    def loop(worker: Orchestrator) -> None:
        while not done.is_set():
            if not worker.run_once():
                time.sleep(0.001)

    threads = [threading.Thread(target=loop, args=(worker,), daemon=True) for worker in workers]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    while completed(database) < args.orders:
        time.sleep(0.05)
    elapsed = time.perf_counter() - started
    done.set()
    for thread in threads:
        thread.join(10)
    backend = database.dialect
    print(f"{args.orders} orders fulfilled in {elapsed:.2f} s on {backend} with {args.workers} worker(s): "
          f"{args.orders / elapsed:.1f} orders/s")


if __name__ == "__main__":
    main()
