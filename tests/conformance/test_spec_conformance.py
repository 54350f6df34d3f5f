"""The component's OpenAPI documents keep every fact of the official TMF v4 documents.

One row of `SPEC_PAIRS` per document in `openapi/`: the official Swagger 2.0 document it implements and,
for APIs the component serves only partly (TMF620 without importJob / exportJob, TMF637), the operationIds
it serves. For each row the tests below check operations, parameters, success responses and definitions
(see `swagger_compat` for the rules) plus the oda-cms conventions the engine relies on. Every document must
also validate with openapi-spec-validator once bundled.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from openapi_spec_validator import validate

from component.specs import OPENAPI_DIR, load_bundled
from tests.support.shared_reference import require_shared

from . import swagger_compat as compat

SPECS = "tmf/specs"  # inside the shared folder


@dataclass(frozen=True)
class SpecPair:
    """One of our documents and the official document it implements."""

    api: str
    official: str  # relative to shared/tmf/specs
    ours: str  # file name in openapi/
    operation_ids: frozenset[str] | None = None  # None: every official operation except /listener/*

    @property
    def scope(self) -> compat.Scope:
        return compat.Scope(self.operation_ids)


def _get_only(*resources: str) -> frozenset[str]:
    """operationIds of GET list + GET by id for the given resource names."""
    return frozenset(f"{verb}{resource}" for resource in resources for verb in ("list", "retrieve"))


HUB_OPERATIONS = frozenset({"registerListener", "unregisterListener"})


def _read_write(*resources: str) -> frozenset[str]:
    """operationIds of list, retrieve, create, patch and delete for the given resource names."""
    verbs = ("list", "retrieve", "create", "patch", "delete")
    return frozenset(f"{verb}{resource}" for resource in resources for verb in verbs)


SPEC_PAIRS: tuple[SpecPair, ...] = (
    SpecPair("TMF629", "TMF629/TMF629-Customer-v4.0.0.swagger.json", "tmf629-customer-v4.yaml"),
    SpecPair("TMF666", "TMF666/TMF666-Account-v4.0.0.swagger.json", "tmf666-account-v4.yaml"),
    SpecPair("TMF621", "TMF621/TMF621-TroubleTicket-v4.0.0.swagger.json", "tmf621-trouble-ticket-v4.yaml"),
    SpecPair("TMF622", "TMF622/TMF622-ProductOrder-v4.0.0.swagger.json", "tmf622-product-ordering-v4.yaml"),
    SpecPair("TMF641", "TMF641/TMF641-ServiceOrdering-v4.1.0.swagger.json", "tmf641-service-ordering-v4.yaml"),
    SpecPair(
        "TMF637",
        "TMF637/TMF637-ProductInventory-v4.0.0.swagger.json",
        "tmf637-product-inventory-v4.yaml",
        _get_only("Product") | HUB_OPERATIONS,
    ),
    SpecPair(
        "TMF620",
        "TMF620/TMF620-ProductCatalog-v4.0.0.swagger.json",
        "tmf620-product-catalog-v4.yaml",
        _read_write("Catalog", "Category", "ProductOffering", "ProductOfferingPrice", "ProductSpecification")
        | HUB_OPERATIONS,
    ),
)

# Every official v4 document: the variants of a schema shared through common.yaml are merged over these.
REFERENCE_DOCUMENTS: dict[str, str] = {
    "TMF620": "TMF620/TMF620-ProductCatalog-v4.0.0.swagger.json",
    "TMF621": "TMF621/TMF621-TroubleTicket-v4.0.0.swagger.json",
    "TMF622": "TMF622/TMF622-ProductOrder-v4.0.0.swagger.json",
    "TMF629": "TMF629/TMF629-Customer-v4.0.0.swagger.json",
    "TMF637": "TMF637/TMF637-ProductInventory-v4.0.0.swagger.json",
    "TMF641": "TMF641/TMF641-ServiceOrdering-v4.1.0.swagger.json",
    "TMF666": "TMF666/TMF666-Account-v4.0.0.swagger.json",
}

# Enum values our documents add to an official enum, with the reason.
TOLERATED_ENUM_ADDITIONS: dict[str, set[str]] = {
    "ProductStatusType": {"aborted"},  # the official v4 value is 'aborted ' (trailing space); both accepted
}

PAIR_IDS = [pair.api for pair in SPEC_PAIRS]
ALL_DOCUMENTS = sorted(path.name for path in OPENAPI_DIR.glob("*.yaml"))


def _report(problems: list[str], what: str) -> str:
    return f"{len(problems)} {what}:\n  " + "\n  ".join(problems)


def _official(pair: SpecPair) -> dict[str, Any]:
    return compat.load_swagger(require_shared(f"{SPECS}/{pair.official}"))


def _references() -> dict[str, dict[str, Any]]:
    return {api: compat.load_swagger(require_shared(f"{SPECS}/{path}")) for api, path in REFERENCE_DOCUMENTS.items()}


def _ours(pair: SpecPair) -> dict[str, Any]:
    return load_bundled(OPENAPI_DIR / pair.ours)


def _own_schema_names(pair: SpecPair) -> set[str]:
    """Schemas the API document defines itself (the rest come from common.yaml)."""
    raw = yaml.safe_load((OPENAPI_DIR / pair.ours).read_text(encoding="utf-8"))
    return set(raw.get("components", {}).get("schemas", {}))


# ---------------------------------------------------------------------------------------------- the table


# Documents with no official TMF document in ../shared/tmf/specs to compare with, and what checks them instead.
WITHOUT_REFERENCE = {
    "tmf669-party-role-v4.yaml": "TM Forum's TMF669 v4 CTK, run unchanged in tests/official_ctk (91/91)",
}


def test_every_api_document_is_in_the_table() -> None:
    documents = {name for name in ALL_DOCUMENTS if name.startswith("tmf")}
    assert documents == {pair.ours for pair in SPEC_PAIRS} | set(WITHOUT_REFERENCE), (
        "openapi/tmf*.yaml and SPEC_PAIRS differ")


def test_every_reference_document_exists() -> None:
    for path in REFERENCE_DOCUMENTS.values():
        require_shared(f"{SPECS}/{path}")


@pytest.mark.parametrize("document", ALL_DOCUMENTS)
def test_document_validates_after_bundling(document: str) -> None:
    validate(load_bundled(OPENAPI_DIR / document))


def _null_paths(node: Any, path: str = "") -> list[str]:
    if isinstance(node, dict):
        return [p for key, value in node.items() for p in _null_paths(value, f"{path}/{key}")]
    if isinstance(node, list):
        return [p for index, value in enumerate(node) for p in _null_paths(value, f"{path}/{index}")]
    return [path] if node is None else []


@pytest.mark.parametrize("document", ALL_DOCUMENTS)
def test_document_has_no_null_values(document: str) -> None:
    """A comma in an unquoted flow-style description (`{description: a, b}`) silently adds a null key."""
    nulls = _null_paths(yaml.safe_load((OPENAPI_DIR / document).read_text(encoding="utf-8")))
    assert not nulls, _report(nulls, "null values (quote the description?)")


# ---------------------------------------------------------------------------------------------- official facts


@pytest.mark.parametrize("pair", SPEC_PAIRS, ids=PAIR_IDS)
def test_header_names_the_official_version_and_base_path(pair: SpecPair) -> None:
    problems = compat.check_document_header(_official(pair), _ours(pair))
    assert not problems, _report(problems, "header mismatches")


@pytest.mark.parametrize("pair", SPEC_PAIRS, ids=PAIR_IDS)
def test_every_official_operation_exists_with_its_operation_id(pair: SpecPair) -> None:
    problems = compat.check_operations(_official(pair), _ours(pair), pair.scope)
    assert not problems, _report(problems, "operation mismatches")


@pytest.mark.parametrize("pair", SPEC_PAIRS, ids=PAIR_IDS)
def test_every_official_parameter_is_declared(pair: SpecPair) -> None:
    problems = compat.check_parameters(_official(pair), _ours(pair), pair.scope)
    assert not problems, _report(problems, "parameter mismatches")


@pytest.mark.parametrize("pair", SPEC_PAIRS, ids=PAIR_IDS)
def test_success_responses_match_and_errors_are_kept(pair: SpecPair) -> None:
    problems = compat.check_responses(_official(pair), _ours(pair), pair.scope)
    assert not problems, _report(problems, "response mismatches")


@pytest.mark.parametrize("pair", SPEC_PAIRS, ids=PAIR_IDS)
def test_every_official_definition_is_kept(pair: SpecPair) -> None:
    problems = compat.check_definitions(
        _official(pair),
        _ours(pair),
        pair.scope,
        _own_schema_names(pair),
        _references(),
        label=pair.api,
        tolerated_enum_additions=TOLERATED_ENUM_ADDITIONS,
    )
    assert not problems, _report(problems, "definition mismatches")


# ---------------------------------------------------------------------------------------------- oda-cms conventions


@pytest.mark.parametrize("pair", SPEC_PAIRS, ids=PAIR_IDS)
def test_request_media_types_carry_no_parameters(pair: SpecPair) -> None:
    problems = compat.check_media_types(_ours(pair))
    assert not problems, _report(problems, "media type problems")


@pytest.mark.parametrize("pair", SPEC_PAIRS, ids=PAIR_IDS)
def test_lists_accept_sort_and_patches_accept_merge_and_json_patch(pair: SpecPair) -> None:
    problems = []
    for op in compat.operations(_ours(pair)):
        names = {(p["name"], p["in"]) for p in op.parameters}
        if (op.operation_id or "").startswith("list") and ("sort", "query") not in names:
            problems.append(f"{op.label}: no sort parameter")
        if op.method == "patch":
            content = op.spec.get("requestBody", {}).get("content", {})
            expected = {"application/json", "application/merge-patch+json", "application/json-patch+json"}
            if set(content) != expected:
                problems.append(f"{op.label}: patch media types {sorted(content)}, expected {sorted(expected)}")
            elif compat.ref_name(content["application/json-patch+json"].get("schema")) != "JsonPatch":
                problems.append(f"{op.label}: application/json-patch+json is not JsonPatch")
    assert not problems, _report(problems, "convention problems")


@pytest.mark.parametrize("pair", SPEC_PAIRS, ids=PAIR_IDS)
def test_hub_subscriptions_can_be_retrieved(pair: SpecPair) -> None:
    ours = _ours(pair)
    retrieve = ours["paths"].get("/hub/{id}", {}).get("get")
    assert retrieve is not None, "GET /hub/{id} missing"
    assert retrieve.get("operationId") == "retrieveListener"
    body = retrieve["responses"]["200"]["content"]["application/json"]["schema"]
    assert compat.ref_name(body) == "EventSubscription"


def test_common_document_defines_the_shared_components() -> None:
    raw = yaml.safe_load(Path(OPENAPI_DIR / "common.yaml").read_text(encoding="utf-8"))
    components = raw["components"]
    expected_schemas = {
        "Error", "RelatedParty", "ContactMedium", "MediumCharacteristic", "Characteristic", "Any",
        "TimePeriod", "Money", "Quantity", "Note", "EntityRef", "AccountRef", "AgreementRef",
        "PaymentMethodRef", "Attachment", "AttachmentRef", "EventSubscription", "EventSubscriptionInput",
        "JsonPatch",
    }  # fmt: skip
    assert expected_schemas <= set(components["schemas"])
    assert {"Fields", "Offset", "Limit", "Sort", "Id"} <= set(components["parameters"])
    assert {"X-Total-Count", "X-Result-Count", "ETag", "Location"} <= set(components["headers"])
    assert raw["paths"] == {}


# Shared schemas whose official required list differs between APIs: an API document may define its own
# variant of these (the bundler prefers it), and only of these.
PER_API_VARIANTS = {"AccountRef", "ContactMedium", "Note", "RelatedParty"}


@pytest.mark.parametrize("pair", SPEC_PAIRS, ids=PAIR_IDS)
def test_api_document_does_not_redefine_common_schemas(pair: SpecPair) -> None:
    common = yaml.safe_load(Path(OPENAPI_DIR / "common.yaml").read_text(encoding="utf-8"))
    duplicates = _own_schema_names(pair) & set(common["components"]["schemas"]) - PER_API_VARIANTS
    assert not duplicates, f"defined both here and in common.yaml: {sorted(duplicates)}"
