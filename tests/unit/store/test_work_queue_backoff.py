"""The retry schedule: exponential backoff with jitter, capped."""

from __future__ import annotations

from component.store.work_queue import Backoff


def test_each_failure_doubles_the_ceiling_of_the_wait() -> None:
    policy = Backoff(base=1.0, maximum=1000.0, jitter=lambda: 1.0)
    assert [policy.delay(attempt) for attempt in range(1, 6)] == [1.0, 2.0, 4.0, 8.0, 16.0]


def test_jitter_waits_between_half_and_all_of_the_ceiling() -> None:
    assert Backoff(base=4.0, jitter=lambda: 0.0).delay(1) == 2.0
    assert Backoff(base=4.0, jitter=lambda: 0.5).delay(1) == 3.0


def test_the_wait_never_exceeds_the_maximum() -> None:
    policy = Backoff(base=1.0, maximum=60.0, jitter=lambda: 1.0)
    assert policy.delay(30) == 60.0
