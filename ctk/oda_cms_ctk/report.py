"""The report of one run: one line per check (PASS, FAIL or SKIP) with the request it made, then the totals."""

from __future__ import annotations

from dataclasses import dataclass, field

PASS, FAIL, SKIP = "PASS", "FAIL", "SKIP"


@dataclass(frozen=True)
class Outcome:
    """The result of one check: what was checked, the request that checked it, and why it failed or was skipped."""

    status: str
    api: str
    check: str
    request: str
    detail: str = ""

    def line(self) -> str:
        text = f"{self.status} [{self.api}] {self.check} -- {self.request}"
        return f"{text}\n       {self.detail}" if self.detail else text


@dataclass
class Report:
    """Every outcome of a run, in the order the checks ran."""

    outcomes: list[Outcome] = field(default_factory=list)

    def record(self, status: str, api: str, check: str, request: str, detail: str = "") -> bool:
        """Add one outcome; True when it passed (so a caller can stop a chain after a failure)."""
        self.outcomes.append(Outcome(status, api, check, request, detail))
        return status == PASS

    def count(self, status: str) -> int:
        return sum(1 for outcome in self.outcomes if outcome.status == status)

    @property
    def passed(self) -> int:
        return self.count(PASS)

    @property
    def failed(self) -> int:
        return self.count(FAIL)

    @property
    def skipped(self) -> int:
        return self.count(SKIP)

    @property
    def ok(self) -> bool:
        """True when at least one check ran and none failed."""
        return self.failed == 0 and self.passed > 0

    def failures(self) -> list[Outcome]:
        return [outcome for outcome in self.outcomes if outcome.status == FAIL]

    def render(self) -> str:
        """The whole report as text; the last line is `N passed, N failed` (and the skipped count)."""
        lines = [outcome.line() for outcome in self.outcomes]
        totals = f"{self.passed} passed, {self.failed} failed"
        lines.append(f"{totals}, {self.skipped} not exercised" if self.skipped else totals)
        return "\n".join(lines)
