"""Command line: `python -m ctk.oda_cms_ctk --config ctk/config.json [--url URL] [--prefix P] [--api NAME ...]`.

Prints the report; the exit status is 0 only when every check passed (2 for a bad configuration).
"""

from __future__ import annotations

import argparse
import dataclasses
import sys

from .config import BASE_PATHS, Config
from .runner import run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ctk.oda_cms_ctk", description=__doc__.splitlines()[0])
    parser.add_argument("--config", help="JSON configuration (see ctk/config.json)")
    parser.add_argument("--url", help="root URL of the deployment, overrides the configuration's url")
    parser.add_argument("--prefix", help="ODA path prefix, e.g. /r1-oda-cms, overrides the configuration's prefix")
    parser.add_argument("--api", action="append", choices=list(BASE_PATHS),
                        help="an API to check (repeatable), overrides the configuration's apis")
    args = parser.parse_args(argv)
    try:
        config = Config.load(args.config) if args.config else Config()
        overrides = {key: value for key, value in
                     (("url", args.url), ("prefix", args.prefix), ("apis", tuple(args.api or ()))) if value}
        config = dataclasses.replace(config, **overrides)
    except (OSError, ValueError) as error:
        print(f"configuration error: {error}", file=sys.stderr)
        return 2
    print(f"oda-cms CTK against {config.api_root('customer').rsplit('/tmf-api', 1)[0]}")
    report = run(config)
    print(report.render())
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
