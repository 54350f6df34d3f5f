"""Unit: resolving a dependent API against the cluster's ExposedAPIs."""

from __future__ import annotations

from oda_cms_operator.matching import UNRESOLVED, Provider, resolve
from oda_cms_operator.specs import DependentApi, Specification


def dependent(version: str | None = "4.0.0", url: str | None = None, api_id: str | None = "TMF641") -> DependentApi:
    return DependentApi(child="cms-so", name="serviceOrdering", api_id=api_id, api_type="openapi",
                        specifications=(Specification(url=url, version=version),), required=True)


def provider(name: str = "som-so", *, namespace: str = "ns", component: str = "som", api_id: str | None = "TMF641",
             version: str = "4.0.0", ready: bool = True, url_spec: str | None = "https://x/TMF641-v4.0.0.json",
             api_type: str = "openapi") -> Provider:
    return Provider(name=name, namespace=namespace, component=component, api_id=api_id, api_type=api_type,
                    url_spec=url_spec, version=version, url=f"http://{name}/v4", ready=ready)


def test_matching_api_id_and_major_version_resolves():
    assert resolve(dependent(), "ns", "cms", [provider()]).provider == "som-so"


def test_other_api_id_does_not_match():
    assert resolve(dependent(), "ns", "cms", [provider(api_id="TMF620")]) == UNRESOLVED


def test_other_major_version_does_not_match():
    assert resolve(dependent(), "ns", "cms", [provider(version="5.0.0")]) == UNRESOLVED


def test_any_version_matches_when_the_dependent_names_none():
    assert resolve(dependent(version=None), "ns", "cms", [provider(version="5.0.0")]).resolved


def test_other_specification_url_of_the_same_api_and_major_version_matches():
    """The canvas needs identical URLs; here a fork or mirror of the same API and major version matches."""
    wanted = "https://x/TMF641-v4.0.0.json"
    elsewhere = provider(url_spec="https://y/TMF641_ServiceOrdering-v4.2.0.json", version="4.2.0")
    assert resolve(dependent(url=wanted, version=None), "ns", "cms", [elsewhere]).provider == "som-so"


def test_specification_url_of_another_major_version_does_not_match():
    wanted = "https://x/TMF641-v4.0.0.json"
    assert resolve(dependent(url=wanted, version=None), "ns", "cms",
                   [provider(url_spec="https://x/TMF641-v5.0.0.json", version="5.0.0")]) == UNRESOLVED


def test_identical_specification_url_only_breaks_ties():
    wanted = "https://x/TMF641-v4.0.0.json"
    same, other = provider("z-so", url_spec=wanted), provider("a-so", url_spec="https://y/TMF641-v4.0.0.json")
    assert resolve(dependent(url=wanted), "ns", "cms", [other, same]).provider == "z-so"
    unready_same = provider("z-so", url_spec=wanted, ready=False)
    assert resolve(dependent(url=wanted), "ns", "cms", [other, unready_same]).provider == "a-so"


def test_dependent_without_api_id_matches_by_url_only():
    wanted = "https://x/custom.json"
    assert resolve(dependent(api_id=None, url=wanted), "ns", "cms", [provider(url_spec=wanted)]).resolved
    assert resolve(dependent(api_id=None, version=None), "ns", "cms", [provider()]) == UNRESOLVED


def test_other_api_type_does_not_match():
    assert resolve(dependent(), "ns", "cms", [provider(api_type="prometheus")]) == UNRESOLVED


def test_component_never_resolves_to_its_own_api():
    assert resolve(dependent(), "ns", "cms", [provider(component="cms")]) == UNRESOLVED


def test_same_named_component_in_another_namespace_is_a_valid_provider():
    assert resolve(dependent(), "ns", "cms", [provider(component="cms", namespace="other")]).resolved


def test_ready_provider_is_preferred_over_an_unready_one():
    found = resolve(dependent(), "ns", "cms", [provider("a-so", ready=False), provider("b-so", ready=True)])
    assert (found.provider, found.ready) == ("b-so", True)


def test_consumer_namespace_is_preferred_among_ready_providers():
    found = resolve(dependent(), "ns", "cms", [provider("a-so", namespace="far"), provider("b-so", namespace="ns")])
    assert found.provider == "b-so"


def test_exact_version_is_preferred_over_another_minor():
    found = resolve(dependent(), "ns", "cms", [provider("a-so", version="4.1.0"), provider("b-so", version="4.0.0")])
    assert found.provider == "b-so"


def test_unready_provider_resolves_but_is_reported_not_ready():
    found = resolve(dependent(), "ns", "cms", [provider(ready=False)])
    assert (found.provider, found.url, found.ready) == ("som-so", "http://som-so/v4", False)


def test_provider_is_read_from_a_canvas_exposed_api():
    obj = {"metadata": {"name": "r1-pc-productcatalogmanagement", "namespace": "components",
                        "labels": {"oda.tmforum.org/componentName": "r1-pc"}},
           "spec": {"name": "productcatalogmanagement", "apiType": "openapi", "implementation": "r1-prodcatapi",
                    "path": "/r1-pc/tmf-api/productCatalogManagement/v4", "port": 8080,
                    "specification": {"url": "https://x/TMF620-ProductCatalog-v4.0.0.swagger.json",
                                      "version": "v4.0.0"}},
           "status": {"apiStatus": {"url": "https://gw/r1-pc/tmf-api/productCatalogManagement/v4"},
                      "implementation": {"ready": True}}}
    found = Provider.from_exposed_api(obj)
    assert (found.api_id, found.major, found.url, found.ready, found.component) == (
        "TMF620", 4, "https://gw/r1-pc/tmf-api/productCatalogManagement/v4", True, "r1-pc")


def test_provider_id_comes_from_its_component_when_the_child_has_none():
    """The API server prunes ``spec.id`` from v1 ExposedAPIs; the Component's declaration supplies it."""
    obj = {"metadata": {"name": "p", "namespace": "ns"},
           "spec": {"name": "catalog", "specification": {"url": "https://x/catalog.json", "version": "4.0.0"}}}
    assert Provider.from_exposed_api(obj).api_id is None
    assert Provider.from_exposed_api(obj, declared_id="TMF620").api_id == "TMF620"


def test_provider_without_status_url_gets_its_in_cluster_url():
    obj = {"metadata": {"name": "p", "namespace": "ns"},
           "spec": {"implementation": "svc", "port": 8080, "path": "/x/v4", "specification": {"version": "4.0.0"}}}
    assert Provider.from_exposed_api(obj).url == "http://svc.ns.svc.cluster.local:8080/x/v4"
