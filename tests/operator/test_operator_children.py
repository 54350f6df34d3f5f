"""Unit: desired children and the plan that reconciles them with what exists."""

from __future__ import annotations

from oda_cms_operator.children import dependent_api_body, exposed_api_body, merge_patch, plan_children
from oda_cms_operator.specs import dependent_apis, exposed_apis

COMPONENT = {"apiVersion": "oda.tmforum.org/v1", "kind": "Component",
             "metadata": {"name": "r1-cms", "namespace": "ns", "uid": "uid-1",
                          "labels": {"oda.tmforum.org/componentName": "r1-cms"}}}
SPEC = {"coreFunction": {
    "exposedAPIs": [{"name": "customerManagement", "id": "TMF629", "apiType": "openapi", "implementation": "cms",
                     "port": 8080, "path": "/cms/v4", "specification": [{"url": "https://x/TMF629.json",
                                                                          "version": "4.0.0"}]}],
    "dependentAPIs": [{"name": "serviceOrdering", "id": "TMF641", "required": False,
                       "specification": [{"version": "4.0.0"}]}]}}


def desired() -> list[dict]:
    return [exposed_api_body(api, COMPONENT, "r1-cms") for api in exposed_apis("r1-cms", SPEC)]


def test_exposed_api_body_is_labelled_and_owned():
    body = desired()[0]
    assert body["metadata"]["labels"] == {"oda.tmforum.org/componentName": "r1-cms",
                                          "app.kubernetes.io/managed-by": "oda-cms-operator"}
    assert body["metadata"]["ownerReferences"] == [{"apiVersion": "oda.tmforum.org/v1", "kind": "Component",
                                                    "name": "r1-cms", "uid": "uid-1", "controller": True,
                                                    "blockOwnerDeletion": True}]


def test_exposed_api_body_holds_one_specification_object():
    assert desired()[0]["spec"]["specification"] == {"url": "https://x/TMF629.json", "version": "4.0.0"}


def test_dependent_api_body_keeps_version_and_optionality():
    body = dependent_api_body(dependent_apis("r1-cms", SPEC)[0], COMPONENT, "r1-cms")
    assert body["metadata"]["name"] == "r1-cms-serviceordering"
    assert {k: body["spec"][k] for k in ("specification", "required")} == {
        "specification": {"version": "4.0.0"}, "required": False}


def test_children_hold_no_field_the_v1_schema_would_prune():
    """The v1 ExposedAPI/DependentAPI schemas have no ``id`` or ``apiSDO``: the API server would drop them,
    and the stored child would differ from the desired one at every reconciliation."""
    spec = {"coreFunction": {**SPEC["coreFunction"], "exposedAPIs": [
        {**SPEC["coreFunction"]["exposedAPIs"][0], "apiSDO": "TMForum"}]}}
    exposed = exposed_api_body(exposed_apis("r1-cms", spec)[0], COMPONENT, "r1-cms")["spec"]
    dependent = dependent_api_body(dependent_apis("r1-cms", spec)[0], COMPONENT, "r1-cms")["spec"]
    assert not {"id", "apiSDO"} & (exposed.keys() | dependent.keys())


def test_missing_children_are_planned_for_creation():
    plan = plan_children(desired(), [])
    assert [body["metadata"]["name"] for body in plan.create] == ["r1-cms-customermanagement"]


def test_children_no_longer_declared_are_planned_for_deletion():
    stale = {**desired()[0], "metadata": {**desired()[0]["metadata"], "name": "r1-cms-old"}}
    assert plan_children([], [stale]).delete == ["r1-cms-old"]


def test_unchanged_children_plan_nothing():
    existing = [{**body, "status": {"implementation": {"ready": True}}} for body in desired()]
    assert plan_children(desired(), existing).empty


def test_changed_spec_is_planned_as_a_minimal_patch():
    existing = desired()
    existing[0]["spec"] = {**existing[0]["spec"], "port": 9090, "legacy": "x"}
    assert plan_children(desired(), existing).patch == {
        "r1-cms-customermanagement": {"spec": {"port": 8080, "legacy": None}}}


def test_merge_patch_turns_one_document_into_the_other():
    assert merge_patch({"a": 1, "b": {"c": 2, "d": 3}}, {"a": 1, "b": {"c": 5}, "e": [1]}) == {
        "b": {"c": 5, "d": None}, "e": [1]}


def test_merge_patch_of_equal_documents_is_empty():
    assert merge_patch({"a": {"b": [1]}}, {"a": {"b": [1]}}) == {}
