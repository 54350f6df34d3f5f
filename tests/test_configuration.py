"""Configuration: README's table lists exactly the variables `Settings` reads, and bad values fail when the
settings are made, naming the variable."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from component.bootstrap.environment import settings_from_env
from component.settings import ConfigurationError, documented_variables

README = Path(__file__).resolve().parents[1] / "README.md"
NOT_SETTINGS = {"HOST", "PORT", "TEST_POSTGRES_URL"}  # the CLI's listener flags; the tests' own


def readme_variables() -> set[str]:
    table = README.read_text(encoding="utf-8").split("## Configuration", 1)[1].split("\n## ", 1)[0]
    names: set[str] = set()
    for row in table.splitlines():
        if row.startswith("| `"):
            names.update(re.findall(r"`([A-Z][A-Z0-9_]+)`", row.split("|")[1]))
    return names


def test_readme_documents_every_setting_and_no_other() -> None:
    assert readme_variables() - NOT_SETTINGS == set(documented_variables())


@pytest.mark.parametrize(("variable", "value"), [
    ("CALLBACK_POLICY", "lenient"), ("FULFILMENT_ADAPTER", "carrier-pigeon"), ("LOG_LEVEL", "LOUD"),
    ("PAGE_LIMIT_DEFAULT", "0"), ("DELIVERY_BATCH", "ten"), ("RUN_WORKERS", "perhaps"),
    ("DELIVERY_TIMEOUT_SECONDS", "-1"),
])
def test_a_bad_value_is_a_configuration_error_naming_its_variable(variable: str, value: str) -> None:
    with pytest.raises(ConfigurationError, match=variable):
        settings_from_env({variable: value})


def test_empty_variables_keep_the_defaults() -> None:
    assert settings_from_env({"DATABASE_URL": "", "LOG_LEVEL": " "}) == settings_from_env({})


def test_readme_names_every_api_apis_accepts() -> None:
    from component.api.registry import APIS

    row = next(line for line in README.read_text(encoding="utf-8").splitlines() if line.startswith("| `APIS` |"))
    named = set(re.findall(r"`(\w+)`", row.split("|")[3]))
    assert set(APIS) <= named, sorted(set(APIS) - named)
