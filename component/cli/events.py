"""The `oda-cms` subcommands of event delivery and billing replication (main.py stays a thin parser):
`dead-letters list|replay`, `billing-sink`, `reconcile`."""

from __future__ import annotations

import argparse
import json
import sys

from component.domain.kernel.clock import SystemClock, isoformat
from component.events import dead_letters as dead
from component.settings import Settings
from component.store.database import Database


def dead_letters(settings: Settings, args: argparse.Namespace) -> int:
    database = Database(settings.database_url)
    try:
        if args.action == "list":
            with database.read() as connection:
                for item in dead.list_dead(connection, limit=args.limit):
                    print(json.dumps(item))
            return 0
        with database.write() as connection:
            replayed = dead.replay(connection, isoformat(SystemClock().now()), args.ids or None)
        print(f"replayed {replayed} dead letter(s)")
        return 0
    finally:
        database.dispose()


def billing_sink(settings: Settings, args: argparse.Namespace) -> int:
    from component.billing.sink import BillingSink

    sink = BillingSink(args.database, host=args.host, port=args.port, secret=settings.billing_secret)
    try:
        sink.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


def reconcile(settings: Settings, args: argparse.Namespace) -> int:
    from component.billing.reconcile import reconcile as compare

    database = Database(settings.database_url)
    try:
        found = compare(database, args.billing)
    finally:
        database.dispose()
    for difference in found:
        print(difference)
    print(f"{len(found)} difference(s)", file=sys.stderr)
    return 1 if found else 0
