"""The one topological sort of the domain: order items after the items they depend on."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from typing import TypeVar

Node = TypeVar("Node")


class Cycle(ValueError):
    """Some nodes depend on each other in a circle; `keys` are those left unplaced."""

    def __init__(self, keys: list[Hashable]) -> None:
        super().__init__(f"cycle between {', '.join(repr(key) for key in keys)}")
        self.keys = keys


def topological_order(nodes: Iterable[Node], key: Callable[[Node], Hashable],
                      needs: Callable[[Node], Iterable[Hashable]]) -> list[Node]:
    """`nodes` with each after those whose keys it `needs` (needs of no node here are ignored), in their
    given order where they are free to go; `Cycle` when some can never be placed."""
    waiting = list(nodes)
    known = {key(node) for node in waiting}
    placed: set[Hashable] = set()
    ordered: list[Node] = []
    while waiting:
        ready = [node for node in waiting if {need for need in needs(node) if need in known} <= placed]
        if not ready:
            raise Cycle([key(node) for node in waiting])
        for node in ready:
            ordered.append(node)
            placed.add(key(node))
            waiting.remove(node)
    return ordered
