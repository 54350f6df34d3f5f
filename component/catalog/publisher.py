"""Publishing the built-in catalogue as TMF620 resources: an idempotent upsert keyed by catalogue id.

`publish(registry, catalogue)` makes the stored catalogue resources equal to the file in one
transaction: new entries are inserted, changed ones replaced, entries no longer in the file deleted,
unchanged ones left alone (no write, no event). Two processes publishing at once are harmless: the
loser of an insert race retries and finds the rows there. `CataloguePublisher` is the worker that does
it once when `serve` or `worker` starts.
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
    """Store the catalogue's TMF620 documents; the number of resources inserted, replaced or deleted."""
    for attempt in range(ATTEMPTS):
        try:
            return _publish_once(registry, catalogue)
        except IntegrityError:
            if attempt == ATTEMPTS - 1:
                raise
            log.info("catalogue published concurrently by another process; comparing again")
    return 0


def _publish_once(registry: Registry, catalogue: YamlCatalog) -> int:
    hrefs = {kind: registry[kind].collection_href for kind in CATALOG_KINDS}
    changes = 0
    with registry.database.write() as connection:
        work = Transaction(registry, connection, isoformat(registry.clock.now()))
        for kind, documents in catalogue.documents().items():
            wanted = {document["id"]: with_hrefs(kind, document, hrefs) for document in documents}
            stored = {document["id"] for document in work.find_all(kind, limit=MAX_ENTRIES)}
            for key, document in wanted.items():
                current = work.find(kind, key, for_update=True) if key in stored else None
                if current is None:
                    work.insert(kind, {**document, "lastUpdate": work.now})
                    changes += 1
                elif {name: value for name, value in current.items() if name != "lastUpdate"} != document:
                    work.save(kind, document)  # stamps lastUpdate (the type's update date attribute)
                    changes += 1
            for key in sorted(stored - set(wanted)):
                gone = work.find(kind, key, for_update=True)
                if gone is not None:
                    work.delete(kind, gone)
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


class CataloguePublisher:
    """Publishes the configured catalogue once per process, at the first run of the worker loop."""

    name = "catalogue-publisher"

    def __init__(self, registry: Registry, catalogue: YamlCatalog) -> None:
        self.registry = registry
        self.catalogue = catalogue
        self.published = False

    def run_once(self) -> bool:
        if self.published:
            return False
        changes = publish(self.registry, self.catalogue)
        self.published = True
        log.info("catalogue %s published: %d resource(s) changed", self.catalogue.source, changes)
        return False
