"""Resolving a dependent API to an ExposedAPI somewhere in the cluster.

Matching rules (the canvas matches identical specification URLs only):

* a provider matches one of the dependent API's specifications when the TMF API id is the same and,
  if the specification names a version, the major version is the same. A specification URL does not
  have to be identical: two URLs of the same API and major version (a fork, a mirror, a patch
  release) are the same API. A dependent API with no id (none declared and none in its URL) can only
  match by URL;
* a component never resolves a dependency to its own APIs;
* among matches: ready implementations first, then the consumer's own namespace, then earlier
  specifications of the dependent API, then an exact version, then an identical specification URL
  (the URL only breaks ties), then the provider name (stable order).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from oda_cms_operator.naming import COMPONENT_LABEL
from oda_cms_operator.specs import DependentApi, Specification, api_id, major_version
from oda_cms_operator.urls import service_url


@dataclass(frozen=True)
class Provider:
    """What the resolver needs to know about one ExposedAPI in the cluster."""

    name: str
    namespace: str
    component: str | None
    api_id: str | None
    api_type: str
    url_spec: str | None
    version: str | None
    url: str | None
    ready: bool

    @property
    def major(self) -> int | None:
        return major_version(self.version, self.url_spec)

    @classmethod
    def from_exposed_api(
        cls, obj: Mapping[str, Any], cluster_domain: str = "cluster.local", declared_id: str | None = None
    ) -> Provider:
        """Read an ExposedAPI; ``declared_id`` is the id its Component declares for it, if known.

        The id comes from ``spec.id`` (kept by schemas that have it), else ``declared_id``, else the
        ``TMFnnn`` in the specification URL: the v1 ExposedAPI schema has no ``id``, so the API server
        prunes it from children.
        """
        metadata = obj.get("metadata", {})
        spec = obj.get("spec") or {}
        status = obj.get("status") or {}
        specification = spec.get("specification") or {}
        if isinstance(specification, list):  # v1beta3/v1beta4 shapes
            specification = specification[0] if specification else {}
        if isinstance(specification, str):
            specification = {"url": specification}
        url = (status.get("apiStatus") or {}).get("url")
        if not url and spec.get("implementation"):
            url = service_url(
                spec["implementation"], metadata["namespace"], spec.get("port"), spec.get("path"), cluster_domain
            )
        return cls(
            name=metadata["name"],
            namespace=metadata.get("namespace", ""),
            component=(metadata.get("labels") or {}).get(COMPONENT_LABEL),
            api_id=api_id(spec.get("id") or declared_id, specification.get("url")),
            api_type=spec.get("apiType") or "openapi",
            url_spec=specification.get("url"),
            version=specification.get("version"),
            url=url,
            ready=bool((status.get("implementation") or {}).get("ready")),
        )


@dataclass(frozen=True)
class Resolution:
    """Outcome of resolving one dependent API; ``provider`` is None when nothing matched."""

    url: str | None = None
    ready: bool = False
    provider: str | None = None
    provider_namespace: str | None = None

    @property
    def resolved(self) -> bool:
        return self.provider is not None


UNRESOLVED = Resolution()


def matches(dependent: DependentApi, specification: Specification, provider: Provider) -> bool:
    """Whether ``provider`` satisfies ``specification`` of ``dependent`` (see the module rules)."""
    if provider.api_type != dependent.api_type:
        return False
    if dependent.api_id is None:
        return specification.url is not None and specification.url == provider.url_spec
    if provider.api_id != dependent.api_id:
        return False
    return specification.major is None or specification.major == provider.major


def resolve(
    dependent: DependentApi, consumer_namespace: str, consumer_component: str, providers: Iterable[Provider]
) -> Resolution:
    """Pick the best provider for ``dependent`` among ``providers``, or UNRESOLVED."""
    ranked: list[tuple[tuple[Any, ...], Provider]] = []
    for provider in providers:
        if provider.component == consumer_component and provider.namespace == consumer_namespace:
            continue
        for index, specification in enumerate(dependent.specifications):
            if matches(dependent, specification, provider):
                exact_version = bool(specification.version) and specification.version == provider.version
                same_url = bool(specification.url) and specification.url == provider.url_spec
                rank = (
                    not provider.ready,
                    provider.namespace != consumer_namespace,
                    index,
                    not exact_version,
                    not same_url,
                    provider.namespace,
                    provider.name,
                )
                ranked.append((rank, provider))
                break
    if not ranked:
        return UNRESOLVED
    best = min(ranked, key=lambda item: item[0])[1]
    return Resolution(url=best.url, ready=best.ready, provider=best.name, provider_namespace=best.namespace)

