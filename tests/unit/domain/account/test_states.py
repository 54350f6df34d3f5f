"""The account lifecycle as data: every pair of states is either allowed or refused, as documented."""

from __future__ import annotations

import itertools

import pytest

from component.domain.account.states import ACCOUNT_LIFECYCLE, is_in_use, is_open
from component.domain.kernel.errors import IllegalTransition, ValidationFailed

ALLOWED = {("defined", "active"), ("defined", "closed"), ("active", "suspended"), ("active", "closed"),
           ("suspended", "active"), ("suspended", "closed")}
STATES = ("defined", "active", "suspended", "closed")


def test_states_initial_and_final() -> None:
    assert ACCOUNT_LIFECYCLE.states == frozenset(STATES)
    assert ACCOUNT_LIFECYCLE.initial == "defined"
    assert ACCOUNT_LIFECYCLE.terminal == frozenset({"closed"})


@pytest.mark.parametrize("before, after", sorted(ALLOWED))
def test_documented_moves_are_allowed(before: str, after: str) -> None:
    ACCOUNT_LIFECYCLE.check(before, after)


@pytest.mark.parametrize("before, after", sorted(
    pair for pair in itertools.permutations(STATES, 2) if pair not in ALLOWED))
def test_every_other_move_is_an_illegal_transition(before: str, after: str) -> None:
    with pytest.raises(IllegalTransition):
        ACCOUNT_LIFECYCLE.check(before, after)


def test_unknown_state_is_a_validation_failure() -> None:
    with pytest.raises(ValidationFailed):
        ACCOUNT_LIFECYCLE.check("active", "Inactive")


@pytest.mark.parametrize("state", ["defined", "active", None])
def test_new_account_starts_defined_or_active(state: str | None) -> None:
    ACCOUNT_LIFECYCLE.check_initial(state)


@pytest.mark.parametrize("state", ["suspended", "closed"])
def test_new_account_cannot_start_suspended_or_closed(state: str) -> None:
    with pytest.raises(ValidationFailed):
        ACCOUNT_LIFECYCLE.check_initial(state)


@pytest.mark.parametrize("state, open_, in_use", [
    ("defined", True, False), ("active", True, True), ("suspended", True, True), ("closed", False, False),
])
def test_open_and_in_use_states(state: str, open_: bool, in_use: bool) -> None:
    assert (is_open({"state": state}), is_in_use({"state": state})) == (open_, in_use)
