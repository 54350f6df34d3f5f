"""All APIs the component can serve, by short name (`oda-cms serve --api NAME`)."""

from __future__ import annotations

from component.api import (
    account,
    customer,
    party_role,
    product_catalog,
    product_inventory,
    product_ordering,
    service_ordering,
    trouble_ticket,
)
from component.api.definitions import ApiDefinition

APIS: dict[str, ApiDefinition] = {api.name: api for api in (
    customer.API, account.API, trouble_ticket.API, product_ordering.API, product_catalog.API, product_inventory.API,
    service_ordering.API, party_role.API,
)}


class UnknownApi(ValueError):
    """An API name the component does not serve (APIS, `--api`)."""


def select(names: tuple[str, ...] | list[str]) -> list[ApiDefinition]:
    """The APIs to serve: all when `names` is empty; an unknown name is a configuration error."""
    if not names:
        return list(APIS.values())
    unknown = sorted(set(names) - set(APIS))
    if unknown:
        raise UnknownApi(f"APIS names unknown API {', '.join(unknown)}; known: {', '.join(sorted(APIS))}")
    return [APIS[name] for name in names]
