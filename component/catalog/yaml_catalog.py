"""The built-in catalogue: a YAML file of TMF620 v4 entries (catalog, categories, product
specifications, product offering prices, product offerings), shipped as `catalogue.yaml` and
replaceable through CATALOG_FILE.

`YamlCatalog` implements `CatalogPort` for the ordering domain and also gives the TMF620 documents the
component publishes read-only (`documents()`). The file is checked as a whole when it is loaded: an
offering naming an unknown specification, price or category, or a specification without a known
`productRole`, stops the component at start with a message naming the entry.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import yaml

from component.domain.catalog.port import LAUNCHED, PLAN, ROLES, VALUE_TYPES, CharacteristicSpec, Offering
from component.domain.ordering.service_mapping import MappingError, ServiceMapping

DEFAULT_CATALOG_FILE = Path(__file__).with_name("catalogue.yaml")
# TMF620 resource name -> the file's section holding its entries.
SECTIONS = {
    "Category": "categories",
    "ProductSpecification": "productSpecifications",
    "ProductOfferingPrice": "productOfferingPrices",
    "ProductOffering": "productOfferings",
}
CATALOG_KINDS = ("Catalog", *SECTIONS)


class CatalogError(ValueError):
    """The catalogue file is unusable; the message names the file and the entry."""


class YamlCatalog:
    """A catalogue read from one YAML file (see `catalogue.yaml` for the format)."""

    def __init__(self, raw: Mapping[str, Any], source: str = "<catalogue>") -> None:
        self.source = source
        self._entries = _entries(raw, source)
        self._catalog = _mapping(raw.get("catalog"), f"{source}: catalog")
        if "id" not in self._catalog:
            raise CatalogError(f"{source}: catalog needs an id")
        self._offerings = {entry["id"]: self._offering(entry) for entry in self._entries["ProductOffering"].values()}
        try:  # the product -> service mapping the orchestrator decomposes orders with
            self.service_mapping = ServiceMapping.from_raw(raw, source, self._entries["ProductSpecification"])
        except MappingError as error:
            raise CatalogError(str(error)) from error

    @classmethod
    def from_file(cls, path: Path | str) -> YamlCatalog:
        try:
            with Path(path).open(encoding="utf-8") as handle:
                raw = yaml.safe_load(handle)
        except (OSError, yaml.YAMLError) as error:
            raise CatalogError(f"catalogue file {path}: {error}") from error
        return cls(_mapping(raw, str(path)), str(path))

    # ---------------------------------------------------------------- CatalogPort
    def offering(self, offering_id: str) -> Offering | None:
        return self._offerings.get(offering_id)

    def offerings(self) -> Iterable[Offering]:
        return self._offerings.values()

    # ---------------------------------------------------------------- TMF620 view
    def documents(self) -> dict[str, list[dict[str, Any]]]:
        """Every entry as the TMF620 document to publish (without href), by resource name. References
        carry the name and `@referredType` of what they refer to; the derived lists (a category's
        subCategory and productOffering, the catalog's category) are in id order, whatever the file's order."""
        names = {(kind, key): entry.get("name")
                 for kind, entries in self._entries.items() for key, entry in entries.items()}
        result: dict[str, list[dict[str, Any]]] = {kind: [] for kind in CATALOG_KINDS}
        categories = self._entries["Category"]
        offerings = self._entries["ProductOffering"]
        for key, entry in categories.items():
            document = _document("Category", entry)
            document["subCategory"] = [_ref("Category", child, names) for child, body in sorted(categories.items())
                                       if body.get("parentId") == key]
            document["productOffering"] = [
                _ref("ProductOffering", offering, names) for offering, body in sorted(offerings.items())
                if key in {ref["id"] for ref in body.get("category", [])}
            ]
            result["Category"].append(document)
        for kind in ("ProductSpecification", "ProductOfferingPrice"):
            result[kind] = [_document(kind, entry) for entry in self._entries[kind].values()]
        for entry in offerings.values():
            document = _document("ProductOffering", entry)
            document.setdefault("isSellable", True)
            document["productSpecification"] = _ref("ProductSpecification", entry["productSpecification"]["id"], names)
            document["category"] = [_ref("Category", ref["id"], names) for ref in entry.get("category", [])]
            document["productOfferingPrice"] = [_ref("ProductOfferingPrice", ref["id"], names)
                                                for ref in entry.get("productOfferingPrice", [])]
            result["ProductOffering"].append(document)
        catalog = _document("Catalog", self._catalog)
        catalog["category"] = [_ref("Category", key, names) for key, body in sorted(categories.items())
                               if body.get("isRoot")]
        result["Catalog"] = [catalog]
        return result

    # ---------------------------------------------------------------- building the domain view
    def _offering(self, entry: Mapping[str, Any]) -> Offering:
        where = f"{self.source}: productOffering {entry['id']!r}"
        for ref in entry.get("category", []):
            if ref.get("id") not in self._entries["Category"]:
                raise CatalogError(f"{where} names category {ref.get('id')!r}, which the catalogue does not hold")
        return build_offering(entry, self._entries["ProductSpecification"], self._entries["ProductOfferingPrice"],
                              self.source)


def build_offering(entry: Mapping[str, Any], specifications: Mapping[str, Mapping[str, Any]],
                   prices: Mapping[str, Mapping[str, Any]], source: str) -> Offering:
    """The domain view of the TMF620 offering `entry`, with its specification and prices looked up by id in
    `specifications` and `prices` (CatalogError naming the entry when one is missing or unusable)."""
    where = f"{source}: productOffering {entry['id']!r}"
    spec_id = _mapping(entry.get("productSpecification"), f"{where} productSpecification").get("id")
    spec = specifications.get(spec_id)
    if spec is None:
        raise CatalogError(f"{where} names productSpecification {spec_id!r}, which the catalogue does not hold")
    role = spec.get("productRole")
    if role not in ROLES:
        raise CatalogError(f"{source}: productSpecification {spec_id!r} needs a productRole, one of "
                           f"{', '.join(ROLES)}; it has {role!r}")
    payment_type = spec.get("paymentType")
    if role == PLAN and payment_type not in ("prepaid", "postpaid"):
        raise CatalogError(f"{source}: productSpecification {spec_id!r} is a plan and needs a paymentType "
                           f"prepaid or postpaid, not {payment_type!r}")
    product_prices = []
    for ref in entry.get("productOfferingPrice", []):
        price = prices.get(ref.get("id"))
        if price is None:
            raise CatalogError(f"{where} names productOfferingPrice {ref.get('id')!r}, which the catalogue "
                               "does not hold")
        product_prices.append(_product_price(price))
    characteristics = {}
    for raw in spec.get("productSpecCharacteristic", []):
        characteristic = _characteristic(raw, f"{source}: productSpecification {spec_id!r}")
        characteristics[characteristic.name] = characteristic
    valid_for = entry.get("validFor") or {}
    return Offering(
        id=entry["id"], name=str(entry.get("name", entry["id"])), role=role, specification_id=spec_id,
        specification_name=str(spec.get("name", spec_id)), payment_type=payment_type if role == PLAN else None,
        characteristics=characteristics, prices=tuple(product_prices),
        sellable=entry.get("isSellable", True) is not False,
        lifecycle_status=str(entry.get("lifecycleStatus", LAUNCHED)),
        valid_from=valid_for.get("startDateTime"), valid_to=valid_for.get("endDateTime"),
    )


def _entries(raw: Mapping[str, Any], source: str) -> dict[str, dict[str, dict[str, Any]]]:
    result: dict[str, dict[str, dict[str, Any]]] = {}
    for kind, section in SECTIONS.items():
        entries: dict[str, dict[str, Any]] = {}
        for index, entry in enumerate(raw.get(section) or []):
            entry = _mapping(entry, f"{source}: {section}[{index}]")
            key = entry.get("id")
            if not isinstance(key, str) or not key:
                raise CatalogError(f"{source}: {section}[{index}] needs a string id")
            if key in entries:
                raise CatalogError(f"{source}: {section} holds id {key!r} twice")
            entries[key] = dict(entry)
        result[kind] = entries
    return result


def _characteristic(raw: Any, where: str) -> CharacteristicSpec:
    body = _mapping(raw, where)
    name = body.get("name")
    value_type = body.get("valueType", "string")
    if not isinstance(name, str) or value_type not in VALUE_TYPES:
        raise CatalogError(f"{where}: a characteristic needs a name and a valueType in {', '.join(VALUE_TYPES)}")
    values = body.get("productSpecCharacteristicValue") or []
    ranges = [value for value in values if "valueFrom" in value or "valueTo" in value]
    return CharacteristicSpec(
        name=name, value_type=value_type,
        min_cardinality=int(body.get("minCardinality", 0)), max_cardinality=int(body.get("maxCardinality", 1)),
        regex=body.get("regex"),
        allowed=tuple(value["value"] for value in values if "value" in value),
        value_from=float(ranges[0]["valueFrom"]) if ranges and "valueFrom" in ranges[0] else None,
        value_to=float(ranges[0]["valueTo"]) if ranges and "valueTo" in ranges[0] else None,
    )


def _product_price(price: Mapping[str, Any]) -> dict[str, Any]:
    """The TMF ProductPrice an installed product carries for one offering price."""
    result: dict[str, Any] = {
        "name": price.get("name", price["id"]),
        "priceType": price.get("priceType", "recurring"),
        "price": {"taxIncludedAmount": dict(price.get("price") or {})},
        "productOfferingPrice": {"id": price["id"], "name": price.get("name", price["id"]),
                                 "@referredType": "ProductOfferingPrice"},
    }
    if price.get("recurringChargePeriodType"):
        length = price.get("recurringChargePeriodLength", 1)
        result["recurringChargePeriod"] = f"{length} {price['recurringChargePeriodType']}"
    return result


def _document(kind: str, entry: Mapping[str, Any]) -> dict[str, Any]:
    document = copy.deepcopy(dict(entry))
    document.setdefault("@type", kind)
    document.setdefault("lifecycleStatus", "Launched")
    return document


def _ref(kind: str, key: str, names: Mapping[tuple[str, str], Any]) -> dict[str, Any]:
    ref: dict[str, Any] = {"id": key, "@referredType": kind}
    if names.get((kind, key)) is not None:
        ref["name"] = names[(kind, key)]
    return ref


def _mapping(value: Any, where: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise CatalogError(f"{where}: expected a mapping, got {type(value).__name__}")
    return value


@functools.cache
def load_catalog(path: str) -> YamlCatalog:
    """The catalogue in `path`, read once per path."""
    return YamlCatalog.from_file(path)
