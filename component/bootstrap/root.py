"""The composition root: every long-lived object of the component, built once from `Settings`.

`build(settings)` reads the catalogue, the ticket policy, the simulator's file and the dependent-API file,
makes the clock, the callback policy, the database, the registry of resource types with their rules bound
to those collaborators, the listener's consumers and the fulfilment adapters, and hands the same objects
to the HTTP app (`component.bootstrap.app`), the background workers (`Root.workers`) and the CLI.
Nothing below this package reads the environment or builds a collaborator of its own. A broken file or
value fails here, at start-up, with a `ConfigurationError` naming the setting.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from urllib3.util import parse_url

from component.api.registry import APIS
from component.api.security.guard import Authenticator
from component.api.security.permissions import RoleMap
from component.billing.registration import ensure_billing_subscriptions_in_background
from component.bootstrap import security
from component.bootstrap.watcher import DependentApisWatcher
from component.catalog.publisher import publish
from component.catalog.remote import SwitchingCatalog
from component.catalog.stored import StoredCatalog
from component.catalog.yaml_catalog import DEFAULT_CATALOG_FILE, CatalogError, YamlCatalog
from component.dependencies import DependentApis
from component.domain.account.rules import BillingAccountRules
from component.domain.catalog.rules import catalog_rules
from component.domain.kernel.clock import Clock, SystemClock
from component.domain.kernel.resource_type import ResourceType, Rules
from component.domain.ordering.rules import ProductOrderRules
from component.domain.service_ordering.execution import FulfilmentPort
from component.domain.ticket.policy import DEFAULT_POLICY_FILE, PolicyError, TicketPolicy, load_policy
from component.domain.ticket.rules import TicketRules
from component.events.callback_policy import CallbackPolicy
from component.events.delivery import DeliveryWorker
from component.events.listener import Consumers
from component.inventory.local import LocalInstalledBase
from component.orchestration.adapters.downstream_tmf641 import DownstreamServiceOrders, register_consumers
from component.orchestration.adapters.simulator import LocalServiceOrders
from component.orchestration.simulator import SimulatorConfig, SimulatorConfigError
from component.orchestration.worker import Orchestrator
from component.party_directory import PartyDirectory
from component.service import Registry
from component.settings import ConfigurationError, Settings, variable
from component.specs import document_path, load_bundled, with_merge_patch_nulls
from component.store.database import Database
from component.store.start_up import run_when_ready
from component.store.work_queue import Backoff
from component.tickets_sla_worker import SlaWatch
from component.workers import Worker


@dataclass
class Root:
    """The component's objects, built once; `start`/`stop` run what lives beside requests (the watcher)."""

    settings: Settings
    database: Database
    clock: Clock
    documents: dict[str, dict[str, Any]]  # API name -> bundled OpenAPI document as served
    dependencies: DependentApis
    catalogue: SwitchingCatalog
    ticket_policy: TicketPolicy
    callback_policy: CallbackPolicy
    simulator: SimulatorConfig
    registry: Registry
    consumers: Consumers
    fulfilment: dict[str, FulfilmentPort]
    authenticator: Authenticator | None = None  # None: AUTH_MODE=none
    roles: RoleMap = field(default_factory=lambda: RoleMap({}))
    watcher: DependentApisWatcher = field(init=False)
    billing_retries: threading.Event = field(init=False, default_factory=threading.Event)
    seed_retries: threading.Event = field(init=False, default_factory=threading.Event)

    def __post_init__(self) -> None:
        self.watcher = DependentApisWatcher(self.dependencies, self.settings.dependent_apis_poll)

    def start(self) -> None:
        """Begin watching the dependent-API file; seed the stored catalogue from the catalogue file on the first
        start and make the billing subscriptions match the settings (both retried in the background while
        the database is not reachable or not migrated yet, so a start never waits for the migration Job)."""
        self.watcher.start()
        self.seed_retries = run_when_ready("catalogue-seed", lambda: publish(self.registry, self.catalogue.local))
        self.billing_retries = ensure_billing_subscriptions_in_background(self.settings, self.registry)

    def stop(self) -> None:
        self.billing_retries.set()
        self.seed_retries.set()
        self.watcher.stop()

    def orchestrator(self, *, clock: Clock | None = None, settings: Settings | None = None,
                     simulator: SimulatorConfig | None = None,
                     adapters: dict[str, FulfilmentPort] | None = None) -> Orchestrator:
        """The orchestrator over this root's collaborators (tests and benchmarks may vary the named ones)."""
        return Orchestrator(self.registry, settings or self.settings, clock=clock or self.clock,
                            simulator=simulator or self.simulator, catalog=self.catalogue,
                            adapters=adapters if adapters is not None else self.fulfilment,
                            installed_base=LocalInstalledBase)

    def workers(self) -> list[Worker]:
        """The background workers `serve` (RUN_WORKERS) and `worker` run."""
        settings = self.settings
        delivery = DeliveryWorker(
            self.database, self.clock,
            retry=Backoff(settings.delivery_retry_base, settings.delivery_retry_max,
                              settings.delivery_retry_horizon),
            timeout=settings.delivery_timeout, lease=settings.delivery_lease, batch=settings.delivery_batch,
            concurrency=settings.delivery_concurrency, retention=settings.delivery_retention,
            policy=delivery_policy(settings), public_base_url=settings.public_base_url,
        )
        return [SlaWatch(self.registry, interval=settings.sla_interval), delivery,
                self.orchestrator()]


def build(settings: Settings, *, database: Database | None = None, clock: Clock | None = None) -> Root:
    """Every collaborator, from `settings` alone (a `database` or `clock` given is shared, e.g. by tests)."""
    database = database or Database(settings.database_url)
    clock = clock or SystemClock()
    documents = load_documents()
    dependencies = DependentApis(settings.dependent_apis_file)
    catalogue = SwitchingCatalog(catalogue_file(settings), dependencies, settings.product_catalog_dependency,
                                 ttl=settings.catalog_cache_seconds)
    policy = ticket_policy(settings)
    registry = build_registry(settings, database, clock, documents=documents, rules={
        "ProductOrder": ProductOrderRules(catalogue, LocalInstalledBase),
        "TroubleTicket": TicketRules(policy),
        **catalog_rules(lambda: dependencies.url(settings.product_catalog_dependency)),
        "BillingAccount": BillingAccountRules(PartyDirectory(dependencies, settings.party_management_dependency)),
    })
    catalogue.use_stored(StoredCatalog(registry))
    consumers = Consumers()
    register_consumers(consumers)
    return Root(
        settings=settings, database=database, clock=clock, documents=documents, dependencies=dependencies,
        catalogue=catalogue, ticket_policy=policy,
        callback_policy=CallbackPolicy.from_config(settings.callback_policy, settings.callback_allow),
        simulator=_simulator(settings), registry=registry, consumers=consumers,
        fulfilment={"simulator": LocalServiceOrders(),
                    "downstream": DownstreamServiceOrders(settings, database, dependencies)},
        authenticator=security.authenticator(settings), roles=security.role_map(settings, database),
    )


def build_registry(settings: Settings, database: Database, clock: Clock | None = None, *,
                   documents: dict[str, dict[str, Any]] | None = None,
                   rules: dict[str, Rules] | None = None) -> Registry:
    """Every resource type of every API, rules bound (an account's rules read its Customer even where this
    process serves only the account API); without `rules`, the collaborators `settings` name."""
    if rules is None:
        return build(settings, database=database, clock=clock).registry
    documents = documents or load_documents()
    registry = Registry(database, clock, base_url=settings.path_prefix)  # hrefs are stored as paths
    for api in APIS.values():
        for resource_type in api.resources:
            registry.register(api.name, _bound(resource_type, rules), documents[api.name], api.base_path)
    return registry


def delivery_policy(settings: Settings) -> CallbackPolicy:
    """The callback policy deliveries check the connected address with: the hub's, with the billing
    listener's host allowed (operator configuration, not a client's callback)."""
    allow = list(settings.callback_allow)
    if settings.billing_listener_url:
        host = parse_url(settings.billing_listener_url).host
        if host:
            allow.append(host)
    return CallbackPolicy.from_config(settings.callback_policy, allow)


def load_documents() -> dict[str, dict[str, Any]]:
    """Every API's bundled document as served, by API name."""
    return {api.name: with_merge_patch_nulls(load_bundled(document_path(api.spec_file))) for api in APIS.values()}


def _bound(resource_type: ResourceType, rules: dict[str, Rules]) -> ResourceType:
    return resource_type.bound(rules[resource_type.name]) if resource_type.name in rules else resource_type


def catalogue_file(settings: Settings) -> YamlCatalog:
    return _read(YamlCatalog.from_file, settings.catalog_file or DEFAULT_CATALOG_FILE, "catalog_file",
                 CatalogError)


def ticket_policy(settings: Settings) -> TicketPolicy:
    return _read(load_policy, settings.ticket_policy_file or DEFAULT_POLICY_FILE, "ticket_policy_file",
                 PolicyError)


def _simulator(settings: Settings) -> SimulatorConfig:
    return _read(lambda path: SimulatorConfig.load(path, default_delay=settings.simulator_delay),
                 settings.simulator_file, "simulator_file", SimulatorConfigError)


def _read(reader: Callable[[Any], Any], path: Path | str | None, setting: str,
          error: type[Exception]) -> Any:
    try:
        return reader(path)
    except (error, OSError) as failure:
        raise ConfigurationError(f"{variable(setting)}: {failure}") from None
