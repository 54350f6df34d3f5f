"""Executing the component's own TMF641 service orders against the built-in network simulator.

One durable job per service order (`service-order:<id>`). Each step, in one transaction with the job's
next state:
- an acknowledged order starts (inProgress, startDate, milestone `started`);
- an item whose dependencies (serviceOrderItemRelationship) completed starts; its outcome is due after
  the simulator's delay for its serviceType; one whose dependency failed or was cancelled fails;
- a started item whose time came ends as the simulator decides: completed (milestone), failed, held or
  pending (with the reason in its errorMessage and the order's note; pending raises
  ServiceOrderInformationRequiredEvent) and runs again when the stop ends;
- the order follows its items (inProgress / held / pending, then completed, partial or failed) and is
  flagged `late` (ServiceOrderJeopardyEvent) past its expectedCompletionDate;
- a product order this service order fulfils (orderRelationship) has its job woken on every change.
With a delay of 0 a whole order runs in one step. Timers live in the job payload, so a killed worker's
replacement resumes where the last committed step left off.
"""

from __future__ import annotations

from typing import Any

from component.domain.ordering.dates import parse_moment
from component.domain.ordering.milestones import add_milestone, jeopardy_due, later, raise_jeopardy_if_late
from component.domain.service_ordering.rules import dependencies
from component.domain.service_ordering.states import (
    ACKNOWLEDGED,
    CANCELLED,
    COMPLETED,
    FAILED,
    FINAL,
    HELD,
    IN_PROGRESS,
    ITEM_FINAL,
    PENDING,
    items_of,
    move_service_item,
    move_service_order,
    outcome_of,
)
from component.orchestration.simulator import COMPLETE, FAIL, HOLD, SimulatorConfig
from component.service import Transaction
from component.store import jobs

KIND = "service-order"
SERVICE_ORDER = "ServiceOrder"
IDLE_RECHECK_SECONDS = 86_400.0  # a waiting order with no timer is looked at again after a day anyway


def job_key(service_order_id: str) -> str:
    return f"{KIND}:{service_order_id}"


def product_order_ids(order: dict[str, Any]) -> list[str]:
    return [str(relation["id"]) for relation in order.get("orderRelationship") or []
            if relation.get("@referredType") == "ProductOrder" and relation.get("id")]


class ServiceOrderExecution:
    """The step of a `service-order` job."""

    def __init__(self, simulator: SimulatorConfig, jeopardy_after: float, wake_key: Any) -> None:
        self.simulator = simulator
        self.jeopardy_after = jeopardy_after
        self.wake_key = wake_key  # product order id -> job key to wake

    def step(self, work: Transaction, job: jobs.Job, payload: dict[str, Any]) -> jobs.Next:
        found = work.find(SERVICE_ORDER, job.key.removeprefix(f"{KIND}:"), for_update=True)
        if found is None or found.get("state") in FINAL:
            return jobs.Next(payload, done=True)
        order, changed = found, False
        now = work.now
        timers: dict[str, str] = payload.setdefault("due", {})
        resumed: list[str] = payload.setdefault("resumed", [])
        events: list[str] = []
        if order.get("state") not in (ACKNOWLEDGED, IN_PROGRESS, HELD, PENDING):
            return jobs.Next(payload, run_at=later(parse_moment(work.now, "now"), IDLE_RECHECK_SECONDS))
        if order["state"] == ACKNOWLEDGED:
            move_service_order(order, IN_PROGRESS, now)
            order["startDate"] = now
            add_milestone(order, "started", "the network started fulfilling the order", now)
            changed = work.save(SERVICE_ORDER, order)  # inProgress is seen (StateChangeEvent) even if it ends at once
            work.emit(SERVICE_ORDER, "Milestone", order)
        while self._advance(order, timers, resumed, now, events):
            pass
        self._follow_items(order, now)
        if raise_jeopardy_if_late(order, self.jeopardy_after, now, f"service order {order['id']}"):
            events.append("Jeopardy")
        changed = work.save(SERVICE_ORDER, order) or changed
        for change in events:
            work.emit(SERVICE_ORDER, change, order)
        if changed:
            for product_order_id in product_order_ids(order):
                jobs.wake(work.connection, self.wake_key(product_order_id), now)
        if order["state"] in FINAL:
            return jobs.Next(payload, done=True)
        return jobs.Next(payload, run_at=self._next_run(order, timers, work))

    def _advance(self, order: dict[str, Any], timers: dict[str, str], resumed: list[str], now: str,
                 events: list[str]) -> bool:
        """One pass over the items; True when some item moved (a later one may now be ready)."""
        states = {item["id"]: item.get("state") for item in items_of(order)}
        moved = False
        for item in items_of(order):
            state, key = item.get("state"), item["id"]
            if state in ITEM_FINAL:
                continue
            if state in (HELD, PENDING) and timers.get(key, now) <= now:
                move_service_item(item, IN_PROGRESS)
                resumed.append(key)
                timers[key] = now
                moved = True
            elif state == ACKNOWLEDGED:
                needed = [states.get(other) for other in dependencies(item)]
                if any(other in (FAILED, CANCELLED) for other in needed):
                    move_service_item(item, FAILED)
                    _error(item, "DEPENDENCY_FAILED", "an item it depends on did not complete", now)
                    moved = True
                elif all(other == COMPLETED for other in needed):
                    move_service_item(item, IN_PROGRESS)
                    timers[key] = later(parse_moment(now, "now"), self.simulator.delay(item))
                    moved = True
            elif state == IN_PROGRESS and timers.get(key, now) <= now:
                self._finish_item(order, item, timers, key in resumed, now, events)
                moved = True
            if item.get("state") != state:
                states[key] = item.get("state")
        return moved

    def _finish_item(self, order: dict[str, Any], item: dict[str, Any], timers: dict[str, str], resumed: bool,
                     now: str, events: list[str]) -> None:
        decision = self.simulator.decide(order["id"], item, resumed=resumed)
        label = (item.get("service") or {}).get("name") or item["id"]
        reference = [{"id": item["id"], "itemId": item["id"], "serviceOrderId": order["id"],
                      "@referredType": "ServiceOrderItem"}]
        if decision.outcome == COMPLETE:
            move_service_item(item, COMPLETED)
            add_milestone(order, "itemCompleted", f"{label} completed", now, reference)
            events.append("Milestone")
        elif decision.outcome == FAIL:
            move_service_item(item, FAILED)
            _error(item, "NETWORK_FAILURE", decision.reason, now)
        else:
            state = HELD if decision.outcome == HOLD else PENDING
            move_service_item(item, state)
            _error(item, state.upper(), decision.reason, now)
            order.setdefault("note", []).append({"author": "network simulator", "date": now,
                                                 "text": f"item {item['id']} ({label}) {state}: {decision.reason}"})
            timers[item["id"]] = later(parse_moment(now, "now"), decision.seconds)
            if state == PENDING:
                events.append("InformationRequired")

    def _follow_items(self, order: dict[str, Any], now: str) -> None:
        states = [item.get("state") for item in items_of(order)]
        final = outcome_of(states)
        if final is not None and final != CANCELLED:
            target = final
        elif IN_PROGRESS in states or not {HELD, PENDING} & set(states):
            target = IN_PROGRESS  # items still waiting for their dependencies only count when nothing is stopped
        else:
            target = PENDING if PENDING in states else HELD
        if order["state"] != target:
            if order["state"] in (HELD, PENDING) and target in (HELD, PENDING):
                move_service_order(order, IN_PROGRESS, now)
            move_service_order(order, target, now)

    def _next_run(self, order: dict[str, Any], timers: dict[str, str], work: Transaction) -> str:
        waiting = [timers[item["id"]] for item in items_of(order)
                   if item.get("state") in (IN_PROGRESS, HELD, PENDING) and item["id"] in timers]
        jeopardy = jeopardy_due(order, self.jeopardy_after)
        candidates = [*waiting, *([jeopardy] if jeopardy else [])]
        return min(candidates) if candidates else later(parse_moment(work.now, "now"), IDLE_RECHECK_SECONDS)


def _error(item: dict[str, Any], code: str, reason: str, now: str) -> None:
    item.setdefault("errorMessage", []).append({"code": code, "reason": reason, "message": reason, "timestamp": now})
