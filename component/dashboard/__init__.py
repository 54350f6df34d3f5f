"""The operations dashboard: a server-rendered web UI at `{PATH_PREFIX}/dashboard/` over the component's own
services (orders board, order timeline, customer 360 with support actions, service-request queue,
event-delivery panel), live through server-sent events fed from the outbox.

It reads and writes only through `component.service` (the TMF APIs' units of work and rules) and the
events module's read functions; it holds no SQL. `mount_dashboard` is its one hook into the app.
"""

from component.dashboard.mount import mount_dashboard

__all__ = ["mount_dashboard"]
