"""Unit: reading exposed and dependent APIs out of a Component spec; naming and URLs."""

from __future__ import annotations

import pytest
from oda_cms_operator.naming import child_name, configmap_name
from oda_cms_operator.specs import SpecError, api_id, declared_api_ids, dependent_apis, exposed_apis, major_version
from oda_cms_operator.urls import service_url


def test_child_name_is_component_dash_api_in_lower_case():
    assert child_name("r1-oda-cms", "customerManagement") == "r1-oda-cms-customermanagement"


def test_child_name_carries_the_major_version_when_given():
    assert child_name("r1-oda-cms", "customerManagement", 5) == "r1-oda-cms-customermanagement-v5"


def test_configmap_name_follows_the_contract():
    assert configmap_name("r1-oda-cms") == "r1-oda-cms-dependent-apis"


def test_major_version_reads_plain_and_v_prefixed_versions():
    assert [major_version("4.0.0"), major_version("v5.1"), major_version("v4")] == [4, 5, 4]


def test_major_version_falls_back_to_the_specification_url():
    assert major_version(None, "https://x/TMF620-ProductCatalog-v4.0.0.swagger.json") == 4


def test_major_version_is_unknown_without_hints():
    assert major_version(None, "https://x/spec.json") is None


def test_api_id_prefers_the_declared_id():
    assert api_id("tmf641", "https://x/TMF620-v4.0.0.json") == "TMF641"


def test_api_id_is_found_in_the_specification_url():
    assert api_id(None, "https://raw.githubusercontent.com/tmforum-apis/TMF620_ProductCatalog/x.json") == "TMF620"


def test_service_url_is_the_in_cluster_dns_name_with_port_and_path():
    assert service_url("oda-cms", "prod", 8080, "/r1-oda-cms/tmf-api/customerManagement/v4") == (
        "http://oda-cms.prod.svc.cluster.local:8080/r1-oda-cms/tmf-api/customerManagement/v4")


def test_service_url_omits_port_80_and_honours_the_cluster_domain():
    assert service_url("svc", "ns", 80, "api", "example.internal") == "http://svc.ns.svc.example.internal/api"


def test_each_specification_of_an_exposed_api_becomes_its_own_versioned_child():
    spec = {"coreFunction": {"exposedAPIs": [{
        "name": "customerManagement", "id": "TMF629", "apiType": "openapi", "implementation": "cms", "port": 8080,
        "specification": [{"version": "4.0.0", "path": "/cms/tmf-api/customerManagement/v4"},
                          {"version": "5.0.0", "path": "/cms/tmf-api/customerManagement/v5"}],
    }]}}
    apis = exposed_apis("r1-cms", spec)
    assert [(a.child, a.path) for a in apis] == [
        ("r1-cms-customermanagement-v4", "/cms/tmf-api/customerManagement/v4"),
        ("r1-cms-customermanagement-v5", "/cms/tmf-api/customerManagement/v5"),
    ]


def test_single_specification_child_has_no_version_suffix():
    spec = {"coreFunction": {"exposedAPIs": [{"name": "ticket", "implementation": "s", "port": 1, "path": "/p",
                                              "specification": [{"version": "4.0.0"}]}]}}
    assert exposed_apis("c", spec)[0].child == "c-ticket"


def test_management_and_security_apis_are_exposed_with_their_segment():
    spec = {"managementFunction": {"exposedAPIs": [{"name": "metrics", "apiType": "prometheus",
                                                    "implementation": "s", "port": 8080, "path": "/metrics",
                                                    "specification": [{"url": "https://x"}]}]},
            "securityFunction": {"exposedAPIs": [{"name": "partyrole", "implementation": "s", "port": 8080,
                                                  "path": "/pr", "specification": [{"version": "4.0.0"}]}]}}
    assert [(a.segment, a.api_type) for a in exposed_apis("c", spec)] == [
        ("managementFunction", "prometheus"), ("securityFunction", "openapi")]


def test_gateway_configuration_is_carried_to_the_child():
    spec = {"coreFunction": {"exposedAPIs": [{"name": "a", "implementation": "s", "port": 1, "path": "/p",
                                              "specification": [{"version": "4"}],
                                              "gatewayConfiguration": {"rateLimit": {"enabled": True}}}]}}
    assert exposed_apis("c", spec)[0].extras["rateLimit"] == {"enabled": True}


def test_dependent_api_is_required_unless_declared_optional():
    spec = {"coreFunction": {"dependentAPIs": [
        {"name": "a", "id": "TMF641", "specification": [{"version": "4.0.0"}]},
        {"name": "b", "id": "TMF620", "required": False, "specification": [{"version": "4.0.0"}]}]}}
    assert [d.required for d in dependent_apis("c", spec)] == [True, False]


def test_dependent_api_id_comes_from_its_url_when_not_declared():
    spec = {"coreFunction": {"dependentAPIs": [
        {"name": "party", "apiType": "openapi",
         "specification": [{"url": "https://open-api.tmforum.org/TMF632-Party-v4.0.0.swagger.json"}]}]}}
    dependent = dependent_apis("c", spec)[0]
    assert (dependent.child, dependent.api_id, dependent.specifications[0].major) == ("c-party", "TMF632", 4)


def test_api_without_name_is_a_spec_error():
    with pytest.raises(SpecError, match=r"spec.coreFunction.exposedAPIs\[0\] has no name"):
        exposed_apis("c", {"coreFunction": {"exposedAPIs": [{"specification": [{"version": "4"}]}]}})
    with pytest.raises(SpecError, match=r"dependentAPIs\[1\] has no name"):
        dependent_apis("c", {"coreFunction": {"dependentAPIs": [{"name": "a"}, {"id": "TMF620"}]}})


def test_two_declarations_becoming_one_child_are_a_spec_error():
    apis = [{"name": "catalog", "specification": [{"version": "4"}]},
            {"name": "Catalog", "specification": [{"version": "4"}]}]
    with pytest.raises(SpecError, match="c-catalog"):
        exposed_apis("c", {"coreFunction": {"exposedAPIs": apis}})


def test_declared_api_ids_skip_malformed_entries():
    spec = {"coreFunction": {"exposedAPIs": [{"name": "a", "id": "tmf620"}, {"id": "TMF1"}, "junk"]},
            "managementFunction": {"exposedAPIs": [{"name": "metrics"}]}}
    assert declared_api_ids(spec) == {"a": "TMF620"}
