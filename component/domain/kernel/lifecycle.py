"""State machines of TMF resources: which state may follow which.

A `Lifecycle` is data (a transition table) so it can be documented, tested exhaustively and shared by
the generic engine (client PATCHes of the state attribute) and by domain operations (an orchestrator
moving an order along).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from component.domain.kernel.errors import IllegalTransition, ValidationFailed


@dataclass(frozen=True)
class Lifecycle:
    name: str  # what it governs, for messages: "billing account"
    initial: str
    transitions: Mapping[str, frozenset[str]]  # state -> states it may move to
    # States a client may give on create besides `initial` (e.g. an account created already active).
    creatable: frozenset[str] = field(default_factory=frozenset)

    @property
    def states(self) -> frozenset[str]:
        targets = {state for following in self.transitions.values() for state in following}
        return frozenset(self.transitions) | frozenset(targets) | {self.initial}

    @property
    def terminal(self) -> frozenset[str]:
        return frozenset(state for state in self.states if not self.transitions.get(state))

    def allows(self, before: str, after: str) -> bool:
        return before == after or after in self.transitions.get(before, frozenset())

    def check(self, before: str | None, after: str | None) -> None:
        """Refuse a move the table does not allow (IllegalTransition, a 409)."""
        if before == after:
            return
        if after not in self.states:
            raise ValidationFailed(f"{after!r} is not one of the {self.name} states: {', '.join(sorted(self.states))}")
        if before is None or not self.allows(before, after):
            allowed = ", ".join(sorted(self.transitions.get(before or "", frozenset()))) or "none (final state)"
            raise IllegalTransition(f"{self.name} cannot go from {before!r} to {after!r}; allowed: {allowed}")

    def check_initial(self, state: str | None) -> None:
        if state is not None and state != self.initial and state not in self.creatable:
            allowed = ", ".join(sorted({self.initial} | self.creatable))
            raise ValidationFailed(f"a new {self.name} starts in {allowed}, not {state!r}")


def table(**transitions: str) -> dict[str, frozenset[str]]:
    """`table(defined="active closed", active="suspended closed")`: a readable transition table."""
    return {state: frozenset(targets.split()) for state, targets in transitions.items()}
