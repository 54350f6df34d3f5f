"""Classifying a ticket: ticketType, severity, the category tree, and the priority derived from severity
and category when the client gives none."""

from __future__ import annotations

from typing import Any

import pytest

from component.domain.kernel.errors import ValidationFailed
from component.domain.ticket.classification import classify, derive_priority
from component.domain.ticket.policy import DEFAULT_POLICY_FILE, PolicyError, load_policy, parse_policy

POLICY = load_policy(DEFAULT_POLICY_FILE)


def ticket(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"description": "no signal at home", "severity": "major", "ticketType": "complaint"}
    body.update(changes)
    return body


def priority_of(severity: str, category: str | None = None, sub_category: str | None = None) -> str:
    body = ticket(severity=severity)
    if category:
        body["category"] = category
    if sub_category:
        body["subCategory"] = sub_category
    return derive_priority(classify(body, POLICY), POLICY)


def test_a_ticket_in_the_tree_is_placed_in_its_category_and_sub_category() -> None:
    placed = classify(ticket(category="billing", subCategory="refund"), POLICY)
    assert placed.category is not None and placed.category.key == "billing"
    assert placed.sub_category is not None and placed.sub_category.key == "refund"


def test_category_is_optional_by_default() -> None:
    placed = classify(ticket(), POLICY)
    assert (placed.category, placed.sub_category) == (None, None)


def test_a_policy_may_require_a_category() -> None:
    strict = parse_policy({"priorities": ["p"], "severities": {"major": "p"}, "sla": {"resolutionTime": {"p": "P1D"}},
                           "requireCategory": True, "categories": {"billing": {}}})
    with pytest.raises(ValidationFailed, match="category is required"):
        classify(ticket(), strict)


@pytest.mark.parametrize(("changes", "message"), [
    ({"category": "weather"}, "category 'weather'"),
    ({"category": "network", "subCategory": "refund"}, "subCategory 'refund'"),
    ({"subCategory": "refund"}, "subCategory needs a category"),
])
def test_categories_outside_the_tree_are_refused_naming_the_allowed_ones(changes: dict[str, str],
                                                                         message: str) -> None:
    with pytest.raises(ValidationFailed, match=message) as refused:
        classify(ticket(**changes), POLICY)
    assert "one of" in refused.value.message or "needs" in refused.value.message


@pytest.mark.parametrize(("field", "value", "expected"), [
    ("severity", "Major", "major"), ("severity", "High", "major"), ("severity", " CRITICAL ", "critical"),
    ("severity", "Minor", "minor"), ("severity", "low", "trivial"),
    ("ticketType", "Complaint", "complaint"), ("ticketType", "device", "incident"),
    ("ticketType", "network", "incident"), ("ticketType", "Question", "inquiry"),
    ("priority", "High", "high"), ("priority", "1", "critical"), ("priority", "normal", "medium"),
])
def test_values_are_matched_case_insensitively_then_by_synonym(field: str, value: str, expected: str) -> None:
    classification = classify(ticket(**{field: value}), POLICY)

    assert {"severity": classification.severity, "ticketType": classification.ticket_type,
            "priority": classification.priority}[field] == expected
    assert classification.defaulted == ()


def test_unknown_values_get_the_policys_class_for_unknown_values_and_say_so() -> None:
    classification = classify(ticket(severity="Apocalyptic", ticketType="Bill Dispute", priority="P1"), POLICY)

    assert (classification.severity, classification.ticket_type, classification.priority) == ("minor", "request",
                                                                                             None)
    assert classification.defaulted == ("ticketType", "severity", "priority")
    assert derive_priority(classification, POLICY) == "medium"  # the unknown severity's class gives the priority
    assert classification.record("medium") == {"ticketType": "request", "severity": "minor", "priority": "medium",
                                               "defaulted": ["ticketType", "severity", "priority"]}


def test_a_policy_without_a_class_for_unknown_severities_uses_its_last_severity() -> None:
    policy = parse_policy({"priorities": ["p", "q"], "severities": {"big": "p", "small": "q"},
                           "sla": {"resolutionTime": {"p": "P1D", "q": "P2D"}}})
    assert classify(ticket(severity="huge"), policy).severity == "small"


@pytest.mark.parametrize("raw", [
    {"synonyms": {"status": {"x": "y"}}}, {"synonyms": {"severity": {"huge": "gigantic"}}},
    {"unknown": {"severity": "gigantic"}}, {"unknown": {"priority": "critical"}},
])
def test_synonyms_and_unknown_classes_must_name_the_policys_own_values(raw: dict[str, Any]) -> None:
    base = {"priorities": ["critical"], "severities": {"major": "critical"},
            "sla": {"resolutionTime": {"critical": "P1D"}}}
    with pytest.raises(PolicyError):
        parse_policy({**base, **raw})


# The priority matrix of docs/trouble-ticket.md (default policy), a row per severity.
@pytest.mark.parametrize(("severity", "category", "sub_category", "expected"), [
    ("critical", None, None, "critical"),
    ("major", None, None, "high"),
    ("minor", None, None, "medium"),
    ("trivial", None, None, "low"),
    ("major", "billing", "refund", "high"),
    ("minor", "network", None, "high"),  # network escalates one level
    ("minor", "network", "dataSlow", "medium"),  # ... except slow data
    ("critical", "network", "noService", "critical"),  # never beyond the top
    ("minor", "sim", "lostOrStolen", "critical"),  # lost SIM escalates two levels
    ("major", "vas", None, "medium"),  # VAS is one level less urgent
    ("trivial", "vas", "roaming", "low"),  # never below the bottom
    ("minor", "billing", "invoiceCopy", "low"),
    ("major", "porting", "portFailed", "critical"),
])
def test_priority_derives_from_severity_moved_by_the_category(
    severity: str, category: str | None, sub_category: str | None, expected: str
) -> None:
    assert priority_of(severity, category, sub_category) == expected
