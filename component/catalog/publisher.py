"""Seeding the stored TMF620 catalogue from the catalogue file, once.

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
from collections.abc import Mapping
from typing import Any

from sqlalchemy.exc import IntegrityError

from component.catalog.yaml_catalog import CATALOG_KINDS, YamlCatalog
from component.domain.kernel.clock import isoformat
from component.service import Registry, Transaction

log = logging.getLogger(__name__)
ATTEMPTS = 3
MAX_ENTRIES = 10_000


def publish(registry: Registry, catalogue: YamlCatalog) -> int:
    """Seed the catalogue's TMF620 documents unless its catalog is stored; the number of resources inserted."""
    for attempt in range(ATTEMPTS):
        try:
            changes = _publish_once(registry, catalogue)
            if changes:
                log.info("catalogue %s seeded: %d resource(s) inserted", catalogue.source, changes)
            return changes
        except IntegrityError:
            if attempt == ATTEMPTS - 1:
                raise
            log.info("catalogue published concurrently by another process; comparing again")
    return 0


def _publish_once(registry: Registry, catalogue: YamlCatalog) -> int:
    hrefs = {kind: registry[kind].collection_href for kind in CATALOG_KINDS}
    documents = catalogue.documents()
    changes = 0
    with registry.database.write() as connection:
        work = Transaction(registry, connection, isoformat(registry.clock.now()))
        if work.find("Catalog", documents["Catalog"][0]["id"]) is not None:
            return 0  # seeded before: the stored catalogue is the one in force
        for kind, entries in documents.items():
            stored = {document["id"] for document in work.find_all(kind, limit=MAX_ENTRIES)}
            for document in entries:
                if document["id"] not in stored:
                    work.insert(kind, {**with_hrefs(kind, document, hrefs), "lastUpdate": work.now})
                    changes += 1
    return changes


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
