"""Start-up registration of the billing system's listener (BILLING_LISTENER_URL) on the hubs of the
APIs serving customers, billing accounts, product orders and installed products.

Idempotent and safe when several processes start at once: the subscription id of each API is derived
from the API name, so a second registration finds (or collides with) the first and only updates its
callback, query and secret. Without BILLING_LISTENER_URL the billing subscriptions are removed.
The URL is the operator's configuration, so the callback host policy (meant for clients) does not
apply to it; it must still be an absolute http(s) URL.
"""

from __future__ import annotations

import logging
import threading
import uuid
from urllib.parse import urlencode

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from component.domain.kernel.clock import isoformat
from component.events import hub
from component.events.callback_policy import CallbackPolicy
from component.service import Registry
from component.settings import Settings
from component.store.start_up import run_when_ready
from component.store.tables import hub_subscription, subscription_option

log = logging.getLogger(__name__)
ORIGIN = "billing"
BILLING_KINDS = ("Customer", "BillingAccount", "ProductOrder", "Product")
REPLICATED_CHANGES = ("Create", "AttributeValueChange", "StateChange", "Delete")


def subscription_id(api: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"oda-cms/billing/{api}"))


def wanted_subscriptions(registry: Registry) -> dict[str, str]:
    """API name -> hub query selecting the replicated events of the billing kinds that API serves."""
    prefixes: dict[str, list[str]] = {}
    for kind in BILLING_KINDS:
        if kind in registry and registry[kind].type.event_prefix:
            prefixes.setdefault(registry[kind].api, []).append(registry[kind].type.event_prefix or kind)
    return {
        api: urlencode({"eventType*": f"^({'|'.join(names)})({'|'.join(REPLICATED_CHANGES)})Event$"})
        for api, names in prefixes.items()
    }


def ensure_billing_subscriptions(settings: Settings, registry: Registry) -> list[str]:
    """Make the billing subscriptions match the configuration; the ids of those registered."""
    url, database = settings.billing_listener_url, registry.database
    wanted = wanted_subscriptions(registry) if url else {}
    if url:
        CallbackPolicy("embedded").check(url)
    with database.write() as connection:
        existing = {row.subscription_id: row.api for row in connection.execute(
            select(subscription_option.c.subscription_id, hub_subscription.c.api)
            .join(hub_subscription, hub_subscription.c.id == subscription_option.c.subscription_id)
            .where(subscription_option.c.origin == ORIGIN))}
        for stale_id, api in existing.items():
            if api not in wanted or stale_id != subscription_id(api):
                hub.unsubscribe(connection, api, stale_id)
                log.info("billing replication: removed the subscription on the %s hub", api)
    registered = []
    for api, query in wanted.items():
        _ensure_one(settings, registry, api, query)
        registered.append(subscription_id(api))
    if registered:
        log.info("billing replication to %s: subscribed on the %s hubs", url, ", ".join(wanted))
    return registered


def ensure_billing_subscriptions_in_background(settings: Settings, registry: Registry) -> threading.Event:
    """At start-up: register now if the database allows it; otherwise (not reachable, or not migrated
    yet, as when a pod starts before the migration Job has finished) keep retrying in a daemon thread
    instead of failing or blocking the start. Returns the event that stops the retries (set it at shutdown)."""
    return run_when_ready("billing-subscriptions", lambda: ensure_billing_subscriptions(settings, registry))


def _ensure_one(settings: Settings, registry: Registry, api: str, query: str) -> None:
    identifier, callback, secret = subscription_id(api), str(settings.billing_listener_url), settings.billing_secret
    for _attempt in range(2):  # a concurrent start-up may insert between our read and our insert
        try:
            with registry.database.write() as connection:
                found = connection.execute(
                    select(hub_subscription.c.id).where(hub_subscription.c.id == identifier)).first()
                if found is None:
                    hub.subscribe(connection, api, callback, query, isoformat(registry.clock.now()),
                                  policy=CallbackPolicy("embedded"), secret=secret, subscription_id=identifier,
                                  origin=ORIGIN)
                    return
                connection.execute(update(hub_subscription).where(hub_subscription.c.id == identifier)
                                   .values(callback=callback, query=query))
                updated = connection.execute(update(subscription_option)
                                             .where(subscription_option.c.subscription_id == identifier)
                                             .values(secret=secret, origin=ORIGIN))
                if updated.rowcount == 0:
                    connection.execute(subscription_option.insert().values(subscription_id=identifier, secret=secret,
                                                                           origin=ORIGIN))
                return
        except IntegrityError:
            continue
