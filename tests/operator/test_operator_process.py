"""The shipped command line: --help, --version, --wait-for-cluster, and failing clearly without a cluster."""

from __future__ import annotations

import subprocess
from importlib import metadata

import pytest
from operator_harness import SCRIPT, clean_environment, free_port, kubeconfig


def run(*args: str, env: dict[str, str], timeout: float = 20) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(SCRIPT), *args], env=env, capture_output=True, text=True, timeout=timeout,
                          stdin=subprocess.DEVNULL)


@pytest.fixture()
def env(tmp_path) -> dict[str, str]:
    return clean_environment(tmp_path)


def test_help_names_the_flags_and_the_configuration(env):
    result = run("--help", env=env)
    assert result.returncode == 0
    for text in ("--version", "--wait-for-cluster", "ODA_CMS_OPERATOR_COMPONENT", "KUBECONFIG"):
        assert text in result.stdout


def test_version_is_the_distribution_version(env):
    result = run("--version", env=env)
    assert (result.returncode, result.stdout.strip()) == (0, f"oda-cms-operator {metadata.version('oda-cms-operator')}")


def test_without_credentials_it_exits_at_once_saying_why(env):
    result = run(env=env)
    assert result.returncode == 2
    assert "no cluster credentials" in result.stderr


def test_wait_for_cluster_gives_up_after_the_given_time(env, tmp_path):
    (tmp_path / "kubeconfig").write_text(kubeconfig(f"http://127.0.0.1:{free_port()}"))  # nothing listens
    result = run("--wait-for-cluster", "1", env={**env, "KUBECONFIG": str(tmp_path / "kubeconfig")})
    assert result.returncode == 2
    assert "did not serve oda.tmforum.org/v1 within 1s" in result.stderr


def test_invalid_configuration_is_refused(env):
    result = run(env={**env, "ODA_CMS_OPERATOR_RESYNC_SECONDS": "0"})
    assert (result.returncode, "invalid configuration" in result.stderr) == (2, True)
