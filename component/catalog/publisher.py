"""Seeding the stored TMF620 catalogue from the catalogue file, once, and importing a catalogue file.

The catalogue is data: what can be ordered is read from the stored TMF620 resources, which the API
creates, changes and retires. `publish(registry, catalogue)` seeds them from the file in one transaction
when the database does not hold the file's catalog yet (first start): every entry of the file missing from
the database is inserted (with its Create event). Once the catalog is stored it changes nothing, so what
was changed, retired or deleted through the API stays so across restarts. Two processes seeding at once
are harmless: the loser of an insert race retries and finds the rows there. The composition root runs it
when `serve` or `worker` starts (`Root.start`), before the first request is served, retrying in the
background while the database is not ready yet.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.exc import IntegrityError

from component.catalog.yaml_catalog import CATALOG_KINDS, YamlCatalog
from component.domain.catalog.resources import CATALOG_LIFECYCLE
from component.domain.kernel.clock import isoformat
from component.domain.kernel.errors import DomainError
from component.service import Registry, Transaction

log = logging.getLogger(__name__)
ATTEMPTS = 3


@dataclass
class ImportReport:
    """What an import changed: ids inserted and replaced, by TMF620 resource name, and entries left alone."""

    inserted: dict[str, list[str]] = field(default_factory=dict)
    replaced: dict[str, list[str]] = field(default_factory=dict)
    unchanged: int = 0

    @property
    def changes(self) -> int:
        return sum(len(ids) for ids in (*self.inserted.values(), *self.replaced.values()))

    def render(self) -> str:
        lines = [f"{verb} {kind} {key}" for verb, found in (("inserted", self.inserted), ("replaced", self.replaced))
                 for kind, ids in found.items() for key in ids]
        return "\n".join([*lines, f"{self.changes} changed, {self.unchanged} unchanged"])


def publish(registry: Registry, catalogue: YamlCatalog) -> int:
    """Seed the catalogue's TMF620 documents unless its catalog is stored; the number of resources inserted."""
    changes = _retried(lambda: _import_once(registry, catalogue, seed=True)).changes
    if changes:
        log.info("catalogue %s seeded: %d resource(s) inserted", catalogue.source, changes)
    return changes


def import_catalogue(registry: Registry, catalogue: YamlCatalog) -> ImportReport:
    """`oda-cms catalogue import FILE`: make every entry of the file stored as the file has it, in one
    transaction (new ones inserted, changed ones replaced with their events, equal ones untouched; entries
    the file does not name are kept). A lifecycleStatus move the TMF620 lifecycle forbids refuses the whole
    import (IllegalTransition naming the entry). Importing the same file again changes nothing."""
    return _retried(lambda: _import_once(registry, catalogue, seed=False))


def _retried(attempt_import: Callable[[], ImportReport]) -> ImportReport:
    for attempt in range(ATTEMPTS):
        try:
            return attempt_import()
        except IntegrityError:
            if attempt == ATTEMPTS - 1:
                raise
            log.info("catalogue imported concurrently by another process; comparing again")
    return ImportReport()


def _import_once(registry: Registry, catalogue: YamlCatalog, *, seed: bool) -> ImportReport:
    hrefs = {kind: registry[kind].collection_href for kind in CATALOG_KINDS}
    documents = catalogue.documents()
    report = ImportReport()
    with registry.database.write() as connection:
        work = Transaction(registry, connection, isoformat(registry.clock.now()))
        if seed and work.find("Catalog", documents["Catalog"][0]["id"]) is not None:
            return report  # seeded before: the stored catalogue is the one in force
        for kind, entries in documents.items():
            for entry in entries:
                document = with_hrefs(kind, entry, hrefs)
                current = work.find(kind, document["id"], for_update=True)
                if current is None:
                    work.insert(kind, {**document, "lastUpdate": work.now})
                    report.inserted.setdefault(kind, []).append(document["id"])
                elif seed or {name: value for name, value in current.items() if name != "lastUpdate"} == document:
                    report.unchanged += 1
                else:
                    try:
                        CATALOG_LIFECYCLE.check(current.get("lifecycleStatus"), document.get("lifecycleStatus"))
                    except DomainError as error:
                        raise type(error)(f"{kind} {document['id']!r}: {error.message}") from None
                    work.save(kind, document)  # stamps lastUpdate, raises the change events
                    report.replaced.setdefault(kind, []).append(document["id"])
    return report


def with_hrefs(kind: str, document: Mapping[str, Any], hrefs: Mapping[str, str]) -> dict[str, Any]:
    """The `kind` document with its own href and the href of every reference to a catalogue resource."""

    def complete(node: Any) -> Any:
        if isinstance(node, Mapping):
            result = {key: complete(value) for key, value in node.items()}
            referred = node.get("@referredType")
            if referred in hrefs and "id" in node:
                result.setdefault("href", f"{hrefs[referred]}/{node['id']}")
            return result
        if isinstance(node, list):
            return [complete(item) for item in node]
        return node

    result = complete(document)
    result["href"] = f"{hrefs[kind]}/{document['id']}"
    return result
