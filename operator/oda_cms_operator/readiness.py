"""Whether a Service has ready endpoints, read from its EndpointSlices (watched, see ``view``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any


def endpoint_slices_ready(slices: Sequence[Mapping[str, Any]]) -> bool:
    """True when some endpoint in ``slices`` is ready.

    Kubernetes documents an unset ``conditions.ready`` as "unknown, treat as ready"; a terminating
    endpoint is never ready.
    """
    for endpoint_slice in slices:
        for endpoint in endpoint_slice.get("endpoints") or []:
            conditions = endpoint.get("conditions") or {}
            if conditions.get("terminating"):
                continue
            if conditions.get("ready", True) is not False:
                return True
    return False
