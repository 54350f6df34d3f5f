"""Unit: the dependent-API ConfigMap, the contract between the operator and the component."""

from __future__ import annotations

import json

from oda_cms_operator.configmap import DATA_KEY, configmap_body, dependent_apis_document, render
from oda_cms_operator.matching import UNRESOLVED, Resolution
from oda_cms_operator.specs import dependent_apis

SPEC = {"coreFunction": {"dependentAPIs": [
    {"name": "serviceOrdering", "id": "TMF641", "specification": [{"version": "4.0.0"}]},
    {"name": "productCatalog", "id": "TMF620", "specification": [{"url": "https://x/TMF620-v4.0.0.json"}]}]}}
COMPONENT = {"metadata": {"name": "r1-cms", "namespace": "ns", "uid": "u1"}}


def document() -> dict:
    so, pc = dependent_apis("r1-cms", SPEC)
    return dependent_apis_document([(so, Resolution("http://so/v4", True, "r2-som-so")), (pc, UNRESOLVED)])


def test_document_entry_of_a_resolved_api():
    assert document()["serviceOrdering"] == {"apiId": "TMF641", "version": "4.0.0", "url": "http://so/v4",
                                             "ready": True, "provider": "r2-som-so"}


def test_document_entry_of_an_unresolved_api_has_nulls():
    assert document()["productCatalog"] == {"apiId": "TMF620", "version": None, "url": None, "ready": False,
                                            "provider": None}


def test_configmap_has_contract_name_label_single_key_and_owner():
    body = configmap_body(COMPONENT, "r1-cms", document())
    assert body["metadata"]["name"] == "r1-cms-dependent-apis"
    assert body["metadata"]["labels"]["oda.tmforum.org/componentName"] == "r1-cms"
    assert list(body["data"]) == [DATA_KEY] == ["dependentApis.json"]
    assert body["metadata"]["ownerReferences"][0]["uid"] == "u1"
    assert json.loads(body["data"][DATA_KEY]) == document()


def test_rendering_is_stable_regardless_of_key_order():
    assert render({"b": {"y": 1, "x": 2}, "a": {}}) == render({"a": {}, "b": {"x": 2, "y": 1}})
