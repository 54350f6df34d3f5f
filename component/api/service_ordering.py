"""TMF641 Service Ordering v4: ServiceOrder and CancelServiceOrder, served by the generic engine with
the rules in `component.domain.service_ordering.rules`; executed by `component.orchestration`."""

from __future__ import annotations

from component.api.definitions import ApiDefinition
from component.domain.service_ordering.resources import CANCEL_SERVICE_ORDER, SERVICE_ORDER

API = ApiDefinition(
    name="serviceOrdering",
    title="TMF641 Service Ordering",
    spec_file="tmf641-service-ordering-v4.yaml",
    base_path="/tmf-api/serviceOrdering/v4",
    resources=(SERVICE_ORDER, CANCEL_SERVICE_ORDER),
)
