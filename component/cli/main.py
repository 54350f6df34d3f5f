"""`oda-cms`: serve the APIs, run background workers, migrate the database, run CTKs."""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import threading
import warnings
from dataclasses import replace
from typing import Any

from component.bootstrap.environment import settings_from_env
from component.settings import ConfigurationError, Settings

# connexion imports starlette's test client at import time, which warns about httpx: not the user's concern
warnings.filterwarnings("ignore", message=".*starlette.testclient.*")

EVENT_COMMANDS = {"dead-letters": "dead_letters", "billing-sink": "billing_sink", "reconcile": "reconcile"}
# They read the component's data; serve migrates SQLite.
NEEDS_DATABASE = {"dead-letters", "reconcile", "worker", "catalogue"}


def configure_logging(level: str, fmt: str = "text") -> None:
    from component import logs

    logs.configure(level, fmt)


def build_parser() -> argparse.ArgumentParser:
    """The command line (also what tests check the container commands of the manifests against)."""
    parser = argparse.ArgumentParser(prog="oda-cms", description=__doc__,
                                     epilog="Settings are environment variables (README, Configuration), e.g. "
                                            "DATABASE_URL; `oda-cms COMMAND --help` describes each command.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    serve = commands.add_parser("serve", help="serve the TMF APIs (and, by default, the background workers)",
                                formatter_class=_DefaultsHelp)
    serve.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"),
                       help="address to listen on (env HOST); 0.0.0.0 for every interface")
    serve.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8080")),
                       help="port to listen on (env PORT)")
    serve.add_argument("--workers", type=int, default=1, help="HTTP worker processes")
    serve.add_argument("--api", action="append", default=[], metavar="NAME",
                       help="serve only this API (repeatable; env APIS); default: all")

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
    catalogue = commands.add_parser("catalogue", help="import a catalogue file into the stored TMF620 catalogue, "
                                                       "or export the stored one in that format")
    catalogue.add_argument("action", choices=["import", "export"])
    catalogue.add_argument("file", nargs="?", metavar="FILE", help="import: the catalogue file (YAML)")
    catalogue.add_argument("--output", metavar="FILE", help="export: write here instead of standard output")
    catalogue.add_argument("--catalog", metavar="ID", help="export: the catalog to write (default: the first)")
    commands.add_parser("ctk", help="run TM Forum CTK folders (official or ctk/kits/) with newman; "
                        "oda-cms ctk --help for its options")
    return parser


class _DefaultsHelp(argparse.ArgumentDefaultsHelpFormatter):
    """Shows each flag's default, except an empty one."""

    def _get_help_string(self, action: argparse.Action) -> str:
        return str(action.help) if action.default in ([], None) else super()._get_help_string(action)


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("oda-cms")
    except PackageNotFoundError:
        return "unknown (not installed)"


def main(argv: list[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else argv
    if arguments[:1] == ["ctk"]:  # delegated whole, imported only when used (it loads its HTTP client)
        from ctk.oda_cms_ctk import official

        return official.main(arguments[1:])
    args = build_parser().parse_args(arguments)
    stop = _stop_on_signals() if args.command == "worker" else None  # heeded from the start, imports included
    try:
        settings = settings_from_env()
        if args.command == "serve":
            from component.api.registry import select

            settings = replace(settings, apis=tuple(args.api) or settings.apis)
            select(settings.apis)  # an unknown API name is a configuration error, before anything starts
    except (ConfigurationError, ValueError) as error:
        return _refuse(error)
    configure_logging(settings.log_level, settings.log_format)
    try:
        if args.command == "migrate":
            return _migrate(settings)
        if args.command == "serve":
            return _serve(settings, args)
        if args.command in NEEDS_DATABASE:
            _require_migrated(settings)
        if args.command == "catalogue":
            from component.cli.catalogue import catalogue

            return catalogue(settings, args)
        if args.command in EVENT_COMMANDS:
            from component.cli import events as event_commands

            return int(getattr(event_commands, EVENT_COMMANDS[args.command])(settings, args))
        return _worker(settings, stop or threading.Event())
    except ConfigurationError as error:  # a file the settings name is unusable (catalogue, policy, simulator)
        return _refuse(error)
    except DatabaseMissing as error:
        print(f"oda-cms: {error}", file=sys.stderr)
        return 2


class DatabaseMissing(RuntimeError):
    """A command that works on the component's data found no database, or one not migrated."""


def _require_migrated(settings: Settings) -> None:
    """Refuse, creating nothing, when DATABASE_URL names no database or one whose schema is not at head."""
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import SQLAlchemyError

    from component.store.migrations import SchemaNotAtHead, schema_at_head_check

    url = make_url(settings.database_url)
    hint = f"(DATABASE_URL={url.render_as_string(hide_password=True)}): set DATABASE_URL to the component's " \
           "database, or run `oda-cms migrate` first"
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        if not os.path.exists(url.database):
            raise DatabaseMissing(f"no database at {os.path.abspath(url.database)} {hint}")
    engine = create_engine(url)
    try:
        schema_at_head_check(engine)()
    except (SchemaNotAtHead, SQLAlchemyError) as error:
        raise DatabaseMissing(f"the database is not usable: {str(error).splitlines()[0]} {hint}") from None
    finally:
        engine.dispose()


def _refuse(error: Exception) -> int:
    print(f"oda-cms: configuration error: {error}", file=sys.stderr)
    return 2


def _migrate(settings: Settings) -> int:
    from component.store.migrations import upgrade_to_head

    upgrade_to_head(settings.database_url)
    logging.getLogger("oda-cms").info("database at head")
    return 0


def warn_if_open(settings: Settings, host: str) -> bool:
    """Log a warning when every endpoint is open (AUTH_MODE=none) to more than this machine."""
    loopback = host in {"localhost", "::1"} or host.startswith("127.")
    if settings.auth_mode == "none" and not loopback:
        logging.getLogger("oda-cms").warning(
            "AUTH_MODE=none while listening on %s: every endpoint is open to anyone who can reach it; "
            "set AUTH_MODE=oidc or apikey (docs/security.md)", host)
        return True
    return False


def _serve(settings: Settings, args: argparse.Namespace) -> int:
    import uvicorn

    from component.bootstrap.app import create_component

    if settings.migrates_on_start:
        _migrate(settings)
    settings = replace(settings, auto_migrate=False)  # done once here, not by every HTTP worker process
    warn_if_open(settings, args.host)
    options: dict[str, Any] = {"host": args.host, "port": args.port, "log_config": None,  # our handlers
                               "log_level": settings.log_level.lower(),
                               "access_log": False}
    if args.workers == 1:
        uvicorn.run(create_component(settings).asgi, **options)
        return 0
    # Several HTTP worker processes each build the component from the environment: hand them what the
    # command line changed.
    os.environ["AUTO_MIGRATE"] = "false"
    if settings.apis:
        os.environ["APIS"] = ",".join(settings.apis)
    uvicorn.run("component.bootstrap.app:asgi_app", factory=True, workers=args.workers, **options)
    return 0


def _stop_on_signals() -> threading.Event:
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    return stop


def _worker(settings: Settings, stop: threading.Event) -> int:
    from component.bootstrap.root import build
    from component.workers import run_loop

    root = build(settings)
    root.start()
    try:
        workers = root.workers()
        logging.getLogger("oda-cms").info("worker started: %s", ", ".join(worker.name for worker in workers))
        run_loop(workers, stop)
    finally:
        root.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
