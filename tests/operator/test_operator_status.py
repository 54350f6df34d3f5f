"""Unit: ExposedAPI/DependentAPI status shapes and the Component's deployment_status progression."""

from __future__ import annotations

from oda_cms_operator.matching import UNRESOLVED, Resolution
from oda_cms_operator.specs import dependent_apis, exposed_apis
from oda_cms_operator.status import (
    COMPLETE,
    IN_PROGRESS_DEPENDENT,
    IN_PROGRESS_EXPOSED,
    component_status,
    dependent_api_status,
    deployment_status,
    exposed_api_status,
)

READY_API = {"url": "http://x", "ready": True}


def test_no_apis_at_all_is_complete():
    assert deployment_status([], []) == COMPLETE


def test_exposed_api_without_ready_implementation_keeps_component_in_compcon():
    assert deployment_status([{"url": "http://x", "ready": False}], []) == IN_PROGRESS_EXPOSED


def test_exposed_api_without_url_keeps_component_in_compcon():
    assert deployment_status([{"url": None, "ready": True}], []) == IN_PROGRESS_EXPOSED


def test_unready_required_dependent_api_holds_component_in_depapi():
    assert deployment_status([READY_API], [{"ready": False, "required": True}]) == IN_PROGRESS_DEPENDENT


def test_unready_optional_dependent_api_holds_the_component_in_depapi_like_the_canvas():
    assert deployment_status([READY_API], [{"ready": False, "required": False}]) == IN_PROGRESS_DEPENDENT
    assert deployment_status([READY_API], [{"url": "http://p", "ready": True, "required": False}]) == COMPLETE


def test_stages_of_canvas_operators_not_replaced_are_skipped():
    """Deviation: without identity and secrets operators the canvas would stop at In-Progress-IDConfOp;
    this operator goes from the exposed APIs straight to the dependent APIs."""
    assert deployment_status([READY_API], [{"url": "http://p", "ready": False}]) == IN_PROGRESS_DEPENDENT


def test_unresolved_dependent_api_status_holds_no_nulls():
    """A merge patch stores null as "no key": a desired null would be written again at every pass."""
    assert dependent_api_status(UNRESOLVED) == {"depapiStatus": {}, "implementation": {"ready": False}}


def test_exposed_api_status_has_the_canvas_shape():
    assert exposed_api_status("http://x/v4", "http://x/v4/docs", True) == {
        "apiStatus": {"url": "http://x/v4", "developerUI": "http://x/v4/docs"}, "implementation": {"ready": True}}


def test_dependent_api_is_ready_only_when_resolved_to_a_ready_provider():
    assert dependent_api_status(Resolution("http://p", False, "p"))["implementation"]["ready"] is False
    assert dependent_api_status(UNRESOLVED)["implementation"]["ready"] is False


def test_component_status_lists_apis_per_segment_with_uids():
    spec = {"coreFunction": {"exposedAPIs": [{"name": "a", "implementation": "s", "port": 1, "path": "/a",
                                              "specification": [{"version": "4"}]}],
                             "dependentAPIs": [{"name": "d", "id": "TMF641", "specification": [{"version": "4"}]}]},
            "managementFunction": {"exposedAPIs": [{"name": "metrics", "apiType": "prometheus",
                                                    "implementation": "s", "port": 1, "path": "/metrics",
                                                    "specification": [{"url": "https://x"}]}]}}
    exposed = [(api, {"metadata": {"uid": f"u-{api.name}"},
                      "status": {"apiStatus": {"url": f"http://{api.name}"}, "implementation": {"ready": True}}})
               for api in exposed_apis("c", spec)]
    dependent = [(api, {"metadata": {"uid": "u-d"}}, Resolution("http://p", True, "p"))
                 for api in dependent_apis("c", spec)]
    status = component_status(exposed, dependent)
    assert [entry["name"] for entry in status["coreAPIs"]] == ["c-a"]
    assert status["managementAPIs"][0] == {"name": "c-metrics", "uid": "u-metrics", "url": "http://metrics",
                                           "ready": True}
    assert status["coreDependentAPIs"][0]["url"] == "http://p"
    assert status["summary/status"] == {
        "coreAPIsummary": "http://a ", "coreDependentAPIsummary": "http://p ", "managementDependentAPIsummary": "",
        "securityDependentAPIsummary": "", "securitySecretsManagementSummary": "",
        "managementAPIsummary": "http://metrics ", "securityAPIsummary": "", "developerUIsummary": "",
        "deployment_status": COMPLETE}


def test_component_status_carries_an_error_summary_only_when_there_are_problems():
    assert "errorSummary" not in component_status([], [])["summary/status"]
    assert component_status([], [], "exposedapis x rejected")["summary/status"]["errorSummary"] == (
        "exposedapis x rejected")
