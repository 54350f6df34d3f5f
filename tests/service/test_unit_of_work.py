"""The unit of work owns copying: what `find` returns is the caller's to change, nested parts included, and
`save` writes (and raises events) exactly when the document differs from what the transaction last saw."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from component.domain.kernel.clock import isoformat
from component.events.outbox import read_after
from component.service import Registry, Transaction
from component.store.tables import outbox
from tests.support.factories import new_customer

CUSTOMER = "Customer"
MEDIUM = [{"mediumType": "email", "preferred": True, "characteristic": {"emailAddress": "first@example.com"}}]


def transaction(registry: Registry, connection: Any) -> Transaction:
    return Transaction(registry, connection, isoformat(registry.clock.now()))


def stored(registry: Registry, customer_id: str) -> tuple[dict[str, Any], int]:
    with registry.database.read() as connection:
        found = registry[CUSTOMER].repository.get(connection, customer_id)
    assert found is not None
    return found.document, found.version


def events_since(registry: Registry, sequence: int, customer_id: str) -> list[str]:
    with registry.database.read() as connection:
        return [row["event_type"] for row in read_after(connection, sequence, limit=10_000)
                if row["resource_id"] == customer_id]


def last_sequence(registry: Registry) -> int:
    with registry.database.read() as connection:
        return connection.execute(select(func.max(outbox.c.sequence))).scalar_one() or 0


def created(registry: Registry, tag: str) -> str:
    with registry.database.write() as connection:
        return transaction(registry, connection).create(CUSTOMER, new_customer(tag, contactMedium=MEDIUM))["id"]


def test_a_nested_change_is_saved_and_raises_its_event(registry: Registry, tag: str) -> None:
    customer_id = created(registry, tag)
    _, version = stored(registry, customer_id)
    mark = last_sequence(registry)
    with registry.database.write() as connection:
        work = transaction(registry, connection)
        customer = work.find(CUSTOMER, customer_id, for_update=True)
        customer["contactMedium"][0]["characteristic"]["emailAddress"] = "second@example.com"
        assert work.save(CUSTOMER, customer) is True
    document, after = stored(registry, customer_id)
    assert document["contactMedium"][0]["characteristic"]["emailAddress"] == "second@example.com"
    assert after == version + 1
    assert events_since(registry, mark, customer_id) == ["CustomerAttributeValueChangeEvent"]


def test_a_document_saved_then_changed_again_is_saved_again_without_copying(registry: Registry, tag: str) -> None:
    customer_id = created(registry, tag)
    _, version = stored(registry, customer_id)
    with registry.database.write() as connection:
        work = transaction(registry, connection)
        customer = work.find(CUSTOMER, customer_id, for_update=True)
        customer["contactMedium"][0]["characteristic"]["emailAddress"] = "second@example.com"
        work.save(CUSTOMER, customer)
        customer["contactMedium"][0]["characteristic"]["emailAddress"] = "third@example.com"
        work.save(CUSTOMER, customer)
    document, after = stored(registry, customer_id)
    assert document["contactMedium"][0]["characteristic"]["emailAddress"] == "third@example.com"
    assert after == version + 2


def test_a_save_without_changes_writes_nothing_and_raises_no_event(registry: Registry, tag: str) -> None:
    customer_id = created(registry, tag)
    before, version = stored(registry, customer_id)
    mark = last_sequence(registry)
    with registry.database.write() as connection:
        work = transaction(registry, connection)
        customer = work.find(CUSTOMER, customer_id, for_update=True)
        assert work.save(CUSTOMER, customer) is False
    assert stored(registry, customer_id) == (before, version)
    assert events_since(registry, mark, customer_id) == []


def test_a_held_event_carries_the_document_as_it_was_when_emitted(registry: Registry, tag: str) -> None:
    customer_id = created(registry, tag)
    mark = last_sequence(registry)
    with registry.database.write() as connection:
        work = transaction(registry, connection)
        work.hold_events()
        customer = work.find(CUSTOMER, customer_id, for_update=True)
        customer["contactMedium"][0]["characteristic"]["emailAddress"] = "held@example.com"
        work.save(CUSTOMER, customer)
        customer["contactMedium"][0]["characteristic"]["emailAddress"] = "later@example.com"
        work.release_events()
    with registry.database.read() as connection:
        rows = [row for row in read_after(connection, mark, limit=10_000) if row["resource_id"] == customer_id]
    assert [row["payload"]["event"]["customer"]["contactMedium"][0]["characteristic"]["emailAddress"]
            for row in rows] == ["held@example.com"]
