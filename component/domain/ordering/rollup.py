"""Rolling service order progress up to the product order: pure functions, no database.

Per product order item (its service items found through the decomposition's map):
- a service item failed or cancelled -> the item failed (with the network's reason);
- all its service items completed (or it needed none) -> completed, but only once every item it
  relies on in the same order completed too; one that relies on a failed item fails with it;
- otherwise held or pending when a service item is (with the reason), else inProgress.
Order: completed when every item completed, failed when none did, partial otherwise; not before every
item is final.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

COMPLETED, FAILED, CANCELLED, PARTIAL = "completed", "failed", "cancelled", "partial"
HELD, PENDING, IN_PROGRESS = "held", "pending", "inProgress"
FINAL_ITEM = (COMPLETED, FAILED, CANCELLED)


@dataclass(frozen=True)
class ItemProgress:
    state: str
    reason: str | None = None


def item_progress(order: Mapping[str, Any], item_of: Mapping[str, str],
                  service_order: Mapping[str, Any] | None) -> dict[str, ItemProgress]:
    """What each product order item's state should be now."""
    services: dict[str, list[Mapping[str, Any]]] = {}
    for service_item in (service_order or {}).get("serviceOrderItem") or []:
        owner = item_of.get(str(service_item.get("id")))
        if owner is not None:
            services.setdefault(owner, []).append(service_item)
    expected = {key for key in item_of.values()}
    progress: dict[str, ItemProgress] = {}
    for item in order.get("productOrderItem", []):
        mine = services.get(item["id"], [])
        if item.get("state") in FINAL_ITEM:  # decided earlier (e.g. the installed base refused it)
            progress[item["id"]] = ItemProgress(item["state"])
        elif item["id"] in expected and not mine:
            progress[item["id"]] = ItemProgress(IN_PROGRESS)  # its service order is not visible yet
        else:
            progress[item["id"]] = _network_progress(mine)
    return _after_dependencies(order, progress)


def order_outcome(states: Iterable[str]) -> str | None:
    """completed / partial / failed once every item is final, None before."""
    values = list(states)
    if not values or any(state not in FINAL_ITEM for state in values):
        return None
    completed = sum(state == COMPLETED for state in values)
    return COMPLETED if completed == len(values) else PARTIAL if completed else FAILED


def _network_progress(service_items: list[Mapping[str, Any]]) -> ItemProgress:
    states = [str(service_item.get("state")) for service_item in service_items]
    for service_item in service_items:
        if service_item.get("state") in (FAILED, CANCELLED):
            return ItemProgress(FAILED, f"{_name(service_item)} {service_item.get('state')}: "
                                        f"{_last_reason(service_item) or 'no reason given'}")
    if all(state == COMPLETED for state in states):
        return ItemProgress(COMPLETED)
    for stopped in (HELD, PENDING):
        for service_item in service_items:
            if service_item.get("state") == stopped:
                return ItemProgress(stopped, f"{_name(service_item)} {stopped}: {_last_reason(service_item)}")
    return ItemProgress(IN_PROGRESS)


def _after_dependencies(order: Mapping[str, Any], progress: dict[str, ItemProgress]) -> dict[str, ItemProgress]:
    relies = {item["id"]: [str(link.get("id")) for link in item.get("productOrderItemRelationship", [])]
              for item in order.get("productOrderItem", [])}
    changed = True
    while changed:
        changed = False
        for key, needed in relies.items():
            if progress[key].state != COMPLETED:
                continue
            failed = [other for other in needed if progress.get(other, ItemProgress(COMPLETED)).state == FAILED]
            waiting = [other for other in needed if progress.get(other, ItemProgress(COMPLETED)).state != COMPLETED]
            if failed:
                progress[key] = ItemProgress(FAILED, f"it relies on item {failed[0]!r}, which failed")
                changed = True
            elif waiting:
                progress[key] = ItemProgress(IN_PROGRESS)
                changed = True
    return progress


def _name(service_item: Mapping[str, Any]) -> str:
    return str((service_item.get("service") or {}).get("name") or service_item.get("id"))


def _last_reason(service_item: Mapping[str, Any]) -> str | None:
    messages = service_item.get("errorMessage") or []
    return str(messages[-1].get("reason") or messages[-1].get("message")) if messages else None
