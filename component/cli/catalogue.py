"""`oda-cms catalogue import FILE` and `oda-cms catalogue export [--output FILE]` (main.py stays a thin parser)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

from component.bootstrap.root import build
from component.catalog.export import export_catalogue
from component.catalog.publisher import import_catalogue
from component.catalog.yaml_catalog import DEFAULT_CATALOG_FILE, CatalogError, YamlCatalog
from component.domain.kernel.errors import DomainError
from component.settings import Settings


def catalogue(settings: Settings, args: argparse.Namespace) -> int:
    root = build(settings)
    try:
        if args.action == "import":
            if not args.file:
                print("oda-cms: catalogue import needs the FILE to import", file=sys.stderr)
                return 2
            report = import_catalogue(root.registry, YamlCatalog.from_file(args.file))
            print(report.render())
            return 0
        mapping = yaml.safe_load(Path(settings.catalog_file or DEFAULT_CATALOG_FILE).read_text(encoding="utf-8"))
        text = yaml.safe_dump(export_catalogue(root.registry, args.catalog, mapping), sort_keys=False,
                              allow_unicode=True)
        if args.output:
            Path(args.output).write_text(text, encoding="utf-8")
        else:
            sys.stdout.write(text)
        return 0
    except (CatalogError, DomainError) as error:
        print(f"oda-cms: catalogue {args.action}: {error}", file=sys.stderr)
        return 1
    finally:
        root.database.dispose()
