"""The Component resource as the canvas overlay renders it, and what each of its exposed APIs
resolves to in the rendered workloads: the Service named as implementation, the Deployment behind it
and the `oda-cms serve` command line that Deployment runs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from component.cli.main import build_parser
from tests.deploy.manifests import collected, named, of_kind, pod_template, pods_selected, render


@dataclass(frozen=True)
class ExposedApi:
    entry: dict[str, Any]  # the exposedAPIs item of the Component
    service: dict[str, Any]
    deployment: dict[str, Any]
    apis: tuple[str, ...]  # the `--api` values of the Deployment's command

    @property
    def specification(self) -> dict[str, Any]:
        return self.entry["specification"][0]


def component() -> dict[str, Any]:
    (found,) = of_kind(render("canvas"), "Component")
    return found


def settings_data() -> dict[str, str]:
    return named(render("canvas"), "ConfigMap", "r1-oda-cms-settings")["data"]


def resolve(entry: dict[str, Any]) -> ExposedApi:
    objects = render("canvas")
    service = named(objects, "Service", entry["implementation"])
    deployments = pods_selected(objects, service["spec"]["selector"])
    assert len(deployments) == 1, f"{entry['name']}: Service {entry['implementation']} selects {len(deployments)}"
    container = pod_template(deployments[0])["spec"]["containers"][0]
    args = build_parser().parse_args([*container["command"], *container.get("args", [])][1:])
    return ExposedApi(entry, service, deployments[0], tuple(args.api))


def exposed_apis() -> list[ExposedApi]:
    return [resolve(entry) for entry in component()["spec"]["coreFunction"]["exposedAPIs"]]


def collected_exposed_apis() -> list[ExposedApi]:
    """`exposed_apis` at collection time: nothing without kubectl (see `manifests.collected`)."""
    return exposed_apis() if collected("canvas") else []
