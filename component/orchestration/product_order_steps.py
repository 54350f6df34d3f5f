"""The durable job of one product order (`order:<id>`): accept, submit, follow and roll up.

Phases, each step one transaction with the job's next state:
- accept: a due order (acknowledged, or held whose requestedStartDate came) waits `held` until its
  requestedStartDate, goes `pending` for a missing porting code (InformationRequired; a PATCH brings it
  back and the worker picks it up again), or goes inProgress and is checked again against the current
  installed base (failed with the reason when it no longer fits), then decomposed into its service
  order; the built-in adapter submits it in the same transaction;
- submit (downstream adapter only): the service order POSTed (or found by externalId after a crash)
  beforehand is recorded;
- follow: the service order's item states are rolled up (`rollup`) into the order's items; an item
  whose services completed is applied to the installed base (`macd.apply.apply_item`, idempotent per
  order item) unless the installed base no longer allows it; the order ends completed, partial or
  failed once every item is final. Milestones and a `late` jeopardy alert are recorded on the order.
The product order references its service order (`serviceOrder`, an oda-cms extension) and the service
order the product order (`orderRelationship`, `externalId`). While a cancellation is assessed the job
waits; the cancellation job wakes it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any

from component.domain.catalog.port import CatalogPort
from component.domain.inventory.port import InstalledBase
from component.domain.inventory.resources import IN_SERVICE
from component.domain.kernel.errors import DomainError
from component.domain.ordering.dates import parse_moment
from component.domain.ordering.decomposition import decompose
from component.domain.ordering.fulfilment import accept_order, fail_order
from component.domain.ordering.macd.apply import apply_item
from component.domain.ordering.macd.context import ADD, DELETE, MODIFY, NO_CHANGE, OrderContext
from component.domain.ordering.milestones import add_milestone, jeopardy_due, later, raise_jeopardy_if_late
from component.domain.ordering.rollup import FINAL_ITEM, ItemProgress, item_progress, order_outcome
from component.domain.ordering.service_mapping import ServiceMapping
from component.domain.ordering.states import (
    ASSESSING_CANCELLATION,
    COMPLETED,
    FAILED,
    FINAL,
    HELD,
    IN_PROGRESS,
    PENDING,
    PENDING_CANCELLATION,
    add_note,
    advance_item,
    items_in_dependency_order,
    move_order,
)
from component.domain.ordering.validation import BILLING_ACCOUNT, CUSTOMER, check_order
from component.domain.service_ordering.execution import FulfilmentPort
from component.service import Transaction
from component.store import jobs

log = logging.getLogger(__name__)
KIND = "order"
ORDER = "ProductOrder"
WAIT_SECONDS = 86_400.0  # a waiting job is woken by what it waits for; this is only a safety net
ACCEPT, SUBMIT, FOLLOW = "accept", "submit", "follow"
BaseFactory = Callable[[Transaction], InstalledBase]


def job_key(order_id: str) -> str:
    return f"{KIND}:{order_id}"


class ProductOrderSteps:
    def __init__(self, catalog: CatalogPort, mapping: ServiceMapping, adapters: Mapping[str, FulfilmentPort],
                 adapter: str, jeopardy_after: float, installed_base: BaseFactory) -> None:
        self.installed_base = installed_base
        self.catalog = catalog
        self.mapping = mapping
        self.adapters = adapters
        self.adapter = adapter
        self.jeopardy_after = jeopardy_after

    def _port(self, payload: Mapping[str, Any]) -> FulfilmentPort:
        return self.adapters[payload.get("adapter", self.adapter)]

    def prepare(self, job: jobs.Job) -> Any:
        phase = job.payload.get("phase", ACCEPT)
        if phase == SUBMIT:
            return self._port(job.payload).prepare_submit(_order_id(job), job.payload["body"])
        if phase == FOLLOW and job.payload.get("serviceOrder"):
            return self._port(job.payload).prepare_observe(job.payload["serviceOrder"], job.payload)
        return None

    def step(self, work: Transaction, job: jobs.Job, payload: dict[str, Any], prepared: Any) -> jobs.Next:
        found = work.find(ORDER, _order_id(job), for_update=True)
        if found is None or found.get("state") in FINAL:
            return jobs.Next(payload, done=True)
        if found["state"] in (ASSESSING_CANCELLATION, PENDING_CANCELLATION):
            return jobs.Next(payload, run_at=_after(work, WAIT_SECONDS))
        order = found
        phase = payload.get("phase", ACCEPT)
        if phase == ACCEPT:
            return self._accept(work, order, payload)
        if phase == SUBMIT:
            return self._submit(work, order, payload, prepared)
        return self._follow(work, order, payload, prepared)

    # ---------------------------------------------------------------- accept
    def _accept(self, work: Transaction, order: dict[str, Any], payload: dict[str, Any]) -> jobs.Next:
        acceptance = accept_order(order, work)
        if acceptance.start:
            log.info("product order %s held until its requested start %s", order["id"], acceptance.start)
            return jobs.Next(payload, run_at=acceptance.start)
        if not acceptance.started:
            log.info("product order %s is %s (waiting for the client)", order["id"], order["state"])
            return jobs.Next(payload, done=True)  # pending: a PATCH acknowledges it and revives the job
        base = self.installed_base(work)
        try:
            check_order(order, work, self.catalog, base)
        except DomainError as error:
            fail_order(order, error.message, work)
            log.info("product order %s failed its checks at fulfilment: %s", order["id"], error.message)
            return jobs.Next(payload, done=True)
        decomposition = decompose(order, self.catalog, self.mapping, base)
        log.info("product order %s in progress: %d service order item(s) via %s", order["id"],
                 len((decomposition.body or {}).get("serviceOrderItem", [])), self.adapter)
        payload.update(phase=FOLLOW, item_of=decomposition.item_of, adapter=self.adapter)
        if decomposition.body is None:
            return self._follow(work, order, payload, None)
        port = self._port(payload)
        if port.poll_seconds is not None:  # a remote order: POSTed outside this transaction, in the next step
            payload.update(phase=SUBMIT, body=decomposition.body)
            work.save(ORDER, order)
            return jobs.Next(payload)
        reference = port.submit(work, order["id"], decomposition.body, None)
        self._record_submission(work, order, payload, reference)
        return jobs.Next(payload, run_at=self._follow_up(order, payload, work))

    def _submit(self, work: Transaction, order: dict[str, Any], payload: dict[str, Any], prepared: Any) -> jobs.Next:
        reference = self._port(payload).submit(work, order["id"], payload["body"], prepared)
        payload.pop("body", None)
        payload["phase"] = FOLLOW
        self._record_submission(work, order, payload, reference)
        return jobs.Next(payload, run_at=work.now)

    def _record_submission(self, work: Transaction, order: dict[str, Any], payload: dict[str, Any],
                           reference: Mapping[str, Any]) -> None:
        payload["serviceOrder"] = {"id": reference["id"], "href": reference.get("href")}
        if "observed" in reference:
            payload["observed"] = reference["observed"]
        refs = order.setdefault("serviceOrder", [])
        if not any(ref.get("id") == reference["id"] for ref in refs):
            refs.append({"id": reference["id"], "href": reference.get("href"), "@referredType": "ServiceOrder"})
        add_milestone(order, "serviceOrderSubmitted", f"service order {reference['id']} submitted "
                      f"({self._port(payload).name})", work.now, item_key="productOrderItem")
        work.save(ORDER, order)
        work.emit(ORDER, "Milestone", order)

    # ---------------------------------------------------------------- follow and roll up
    def _follow(self, work: Transaction, order: dict[str, Any], payload: dict[str, Any], prepared: Any) -> jobs.Next:
        reference = payload.get("serviceOrder")
        service_order = self._port(payload).observe(work, reference, payload, prepared) if reference else None
        events: list[str] = []
        context: list[OrderContext] = []
        for item in items_in_dependency_order(order):
            if item.get("state") in FINAL_ITEM:
                continue
            progress = item_progress(order, payload.get("item_of", {}), service_order)[item["id"]]
            self._roll_item(work, order, item, progress, context, events)
        outcome = order_outcome(item.get("state") for item in order["productOrderItem"])
        if outcome:
            move_order(order, outcome, work.now, items=False)
            log.info("product order %s %s", order["id"], outcome)
            add_milestone(order, "fulfilmentEnded", f"fulfilment ended {outcome}", work.now,
                          item_key="productOrderItem")
            events.append("Milestone")
        elif raise_jeopardy_if_late(order, self.jeopardy_after, work.now, f"product order {order['id']}"):
            events.append("JeopardyAlert")
        work.save(ORDER, order)
        for change in events:
            work.emit(ORDER, change, order)
        if outcome:
            return jobs.Next(payload, done=True)
        return jobs.Next(payload, run_at=self._follow_up(order, payload, work))

    def _roll_item(self, work: Transaction, order: dict[str, Any], item: dict[str, Any], progress: ItemProgress,
                   context: list[OrderContext], events: list[str]) -> None:
        reference = [{"productOrderId": order["id"], "orderItemId": item["id"]}]
        if progress.state == COMPLETED:
            if not context:
                context.append(_context(order, work, self.catalog, self.installed_base(work)))
            refusal = _apply(context[0], order, item, work.now)
            if refusal is None:
                advance_item(item, COMPLETED)
                add_milestone(order, "itemCompleted", f"item {item['id']} completed and applied to the installed "
                              "base", work.now, reference, item_key="productOrderItem")
                events.append("Milestone")
                return
            progress = ItemProgress(FAILED, f"the installed base no longer allows it: {refusal}")
        if progress.state == FAILED:
            advance_item(item, FAILED)
            add_note(order, f"item {item['id']} failed: {progress.reason}", work.now)
            add_milestone(order, "itemFailed", f"item {item['id']} failed", work.now, reference,
                          item_key="productOrderItem")
            events.append("Milestone")
        elif progress.state in (HELD, PENDING):
            if item.get("state") != progress.state:
                advance_item(item, progress.state)
                add_note(order, f"item {item['id']} {progress.state}: {progress.reason}", work.now)
        elif item.get("state") in (HELD, PENDING):
            advance_item(item, IN_PROGRESS)

    def _follow_up(self, order: dict[str, Any], payload: Mapping[str, Any], work: Transaction) -> str:
        poll = self._port(payload).poll_seconds
        candidates = [_after(work, poll if poll is not None else WAIT_SECONDS)]
        jeopardy = jeopardy_due(order, self.jeopardy_after)
        if jeopardy:
            candidates.append(max(jeopardy, work.now))
        return min(candidates)


def _order_id(job: jobs.Job) -> str:
    return job.key.removeprefix(f"{KIND}:")


def _after(work: Transaction, seconds: float) -> str:
    return later(parse_moment(work.now, "now"), seconds)


def _context(order: Mapping[str, Any], work: Transaction, catalog: CatalogPort,
             installed_base: InstalledBase) -> OrderContext:
    """The order's context for applying items, without checking it again: items already applied hold
    MSISDNs and ICCIDs of this very order, which a re-check would take for someone else's."""
    customer = next((str(party.get("id")) for party in order.get("relatedParty", [])
                     if party.get("@referredType") == CUSTOMER), "")
    context = OrderContext(order, customer, catalog, installed_base)
    references = [order.get("billingAccount")] + [item.get("billingAccount") for item in order["productOrderItem"]]
    for reference in references:
        if reference and reference.get("id") is not None:
            account = work.find(BILLING_ACCOUNT, str(reference["id"]))
            if account is not None:
                context.accounts[str(reference["id"])] = account
    return context


def _apply(context: OrderContext, order: Mapping[str, Any], item: dict[str, Any], now: str) -> str | None:
    """Apply one completed item to the installed base; why it cannot be applied, or None. A completed `add`
    item is given the id and href of the product it created (`productOrderItem.product`)."""
    if item.get("action") == NO_CHANGE:
        return None
    try:
        if item.get("action") in (MODIFY, DELETE):
            product_id = str((item.get("product") or {}).get("id"))
            product = context.base.product(product_id)
            if product is None:
                return f"product {product_id!r} no longer exists"
            if product.get("status") not in IN_SERVICE and not _recorded(product, order["id"], item["id"]):
                return f"product {product_id!r} is {product.get('status')}"
        elif item.get("action") == ADD:
            for link in context.links(item):
                if link.product_id is not None:
                    product = context.base.product(link.product_id)
                    if product is None or product.get("status") not in IN_SERVICE:
                        return f"product {link.product_id!r} it relies on is no longer in service"
        applied = apply_item(context, item, now)
    except DomainError as error:
        return error.message
    if item.get("action") == ADD and applied is not None:
        item["product"] = {**(item.get("product") or {}), "id": applied["id"], "href": applied.get("href")}
    return None


def _recorded(product: Mapping[str, Any], order_id: str, item_id: str) -> bool:
    return any(entry.get("productOrderId") == order_id and entry.get("orderItemId") == item_id
               for entry in product.get("productOrderItem", []))
