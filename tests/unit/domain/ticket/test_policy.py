"""Reading the trouble ticket policy file: the packaged default, TICKET_POLICY_FILE, and the checks that
turn a broken file into a clear configuration error."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml

from component.bootstrap.environment import settings_from_env
from component.bootstrap.root import ticket_policy
from component.domain.ticket.policy import (
    DEFAULT_POLICY_FILE,
    PolicyError,
    load_policy,
    parse_duration,
    parse_policy,
)
from component.settings import ConfigurationError


def minimal(**changes: Any) -> dict[str, Any]:
    raw: dict[str, Any] = {
        "priorities": ["high", "low"],
        "severities": {"major": "high", "minor": "low"},
        "sla": {"resolutionTime": {"high": "PT8H", "low": "P2D"}},
    }
    raw.update(changes)
    return raw


@pytest.mark.parametrize(("text", "expected"), [
    ("PT4H", timedelta(hours=4)),
    ("P1D", timedelta(days=1)),
    ("P1DT12H", timedelta(days=1, hours=12)),
    ("PT90M", timedelta(minutes=90)),
    ("P2W", timedelta(weeks=2)),
])
def test_durations_are_iso_8601(text: str, expected: timedelta) -> None:
    assert parse_duration(text) == expected


@pytest.mark.parametrize("text", ["4h", "P", "PT", "P1DT", "P1H", "-P1D", ""])
def test_malformed_durations_are_refused(text: str) -> None:
    with pytest.raises(PolicyError):
        parse_duration(text)


def test_the_packaged_policy_has_the_contact_centre_categories() -> None:
    policy = load_policy(DEFAULT_POLICY_FILE)
    assert set(policy.categories) == {"billing", "network", "sim", "porting", "device", "vas"}
    assert all(category.sub_categories for category in policy.categories.values())
    assert policy.priorities == ("critical", "high", "medium", "low")
    assert policy.reopen_window == timedelta(days=7)


def test_the_packaged_policy_is_used_without_the_variable() -> None:
    assert ticket_policy(settings_from_env({})) == load_policy(DEFAULT_POLICY_FILE)


def test_ticket_policy_file_replaces_the_packaged_policy(tmp_path: Path) -> None:
    path = tmp_path / "policy.yaml"
    path.write_text(yaml.safe_dump(minimal(reopenWindow="P1D")), encoding="utf-8")
    policy = ticket_policy(settings_from_env({"TICKET_POLICY_FILE": str(path)}))
    assert policy.priorities == ("high", "low")
    assert policy.reopen_window == timedelta(days=1)
    assert policy.categories == {}


def test_a_broken_ticket_policy_file_fails_at_start_up_naming_the_variable(tmp_path: Path) -> None:
    path = tmp_path / "policy.yaml"
    path.write_text(yaml.safe_dump(minimal(priorities=[])), encoding="utf-8")
    with pytest.raises(ConfigurationError, match="TICKET_POLICY_FILE"):
        ticket_policy(settings_from_env({"TICKET_POLICY_FILE": str(path)}))


def test_a_missing_policy_file_is_a_policy_error(tmp_path: Path) -> None:
    with pytest.raises(PolicyError, match="missing.yaml"):
        load_policy(tmp_path / "missing.yaml")


def test_a_severity_mapped_to_an_unknown_priority_is_refused() -> None:
    with pytest.raises(PolicyError, match="severities.major"):
        parse_policy(minimal(severities={"major": "urgent"}))


def test_every_priority_needs_a_resolution_time() -> None:
    with pytest.raises(PolicyError, match="low"):
        parse_policy(minimal(sla={"resolutionTime": {"high": "PT8H"}}))


def test_a_malformed_category_resolution_time_names_the_value() -> None:
    with pytest.raises(PolicyError, match="tomorrow"):
        parse_policy(minimal(categories={"billing": {"resolutionTime": "tomorrow"}}))


def test_escalate_must_be_an_integer() -> None:
    with pytest.raises(PolicyError, match="categories.billing.escalate"):
        parse_policy(minimal(categories={"billing": {"escalate": "up"}}))


def test_sub_categories_may_be_given_without_attributes() -> None:
    policy = parse_policy(minimal(categories={"sim": {"subCategories": {"swap": None}}}))
    assert policy.categories["sim"].sub_categories["swap"].name == "swap"
