"""`oda-cms`: serve the APIs, run background workers, migrate the database."""

from __future__ import annotations

import argparse
import logging
import os
import sys

from component.config import Settings

EVENT_COMMANDS = {"dead-letters": "dead_letters", "billing-sink": "billing_sink", "reconcile": "reconcile"}
QUIET_LOGGERS = ("connexion.decorators.parameter", "connexion.operations.abstract", "connexion.decorators.validation")


def configure_logging(level: str) -> None:
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for name in QUIET_LOGGERS:  # per-request chatter about undeclared TMF630 filter parameters
        logging.getLogger(name).setLevel(logging.ERROR)


def build_parser() -> argparse.ArgumentParser:
    """The command line (also what tests check the container commands of the manifests against)."""
    parser = argparse.ArgumentParser(prog="oda-cms", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="serve the TMF APIs (and, by default, the background workers)")
    serve.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    serve.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8080")))
    serve.add_argument("--workers", type=int, default=1, help="HTTP worker processes")
    serve.add_argument("--api", action="append", default=[], metavar="NAME",
                       help="serve only this API (repeatable); default: all")

    commands.add_parser("worker", help="run the background workers alone")
    commands.add_parser("migrate", help="upgrade the database schema to the latest version")

    dead = commands.add_parser("dead-letters", help="list or replay event deliveries given up after retrying")
    dead.add_argument("action", choices=["list", "replay"])
    dead.add_argument("ids", nargs="*", type=int, help="replay: the dead-letter ids (default: all)")
    dead.add_argument("--limit", type=int, default=100, help="list: at most this many")
    sink = commands.add_parser("billing-sink", help="run the reference billing receiver (stores a replica)")
    sink.add_argument("--host", default="127.0.0.1")
    sink.add_argument("--port", type=int, required=True)
    sink.add_argument("--database", default="billing-replica.db", help="the replica's SQLite file")
    reconcile = commands.add_parser("reconcile", help="compare the component's state with the billing replica")
    reconcile.add_argument("--billing", required=True, metavar="URL", help="the billing sink's URL")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)  # before the settings, so --help works with any environment
    settings = Settings.from_env()
    configure_logging(settings.log_level)
    if args.command == "migrate":
        return _migrate(settings)
    if args.command == "serve":
        return _serve(settings, args)
    if args.command in EVENT_COMMANDS:
        from component.events import commands as event_commands

        return int(getattr(event_commands, EVENT_COMMANDS[args.command])(settings, args))
    return _worker(settings)


def _migrate(settings: Settings) -> int:
    from component.store.migrations import upgrade_to_head

    upgrade_to_head(settings.database_url)
    logging.getLogger("oda-cms").info("database at head")
    return 0


def _serve(settings: Settings, args: argparse.Namespace) -> int:
    import uvicorn

    from component.api.registry import select

    select(args.api)  # fail fast on an unknown API name
    if args.api:
        os.environ["APIS"] = ",".join(args.api)
    if settings.migrates_on_start:
        _migrate(settings)
    os.environ["AUTO_MIGRATE"] = "false"  # done once here, not by every HTTP worker process
    uvicorn.run("component.api.app:asgi_app", factory=True, host=args.host, port=args.port,
                workers=args.workers, log_level=settings.log_level.lower(), access_log=False)
    return 0


def _worker(settings: Settings) -> int:
    from component.workers import run_forever

    return run_forever(settings)


if __name__ == "__main__":
    sys.exit(main())
