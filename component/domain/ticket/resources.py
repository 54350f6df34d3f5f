"""TMF621 Trouble Ticket: the resource declaration.

The ticket's rules are in `rules`, its lifecycle in `lifecycle`, and the policy they
apply (categories, priorities, SLA) in `ticket_policy`; docs/trouble-ticket.md describes them for users.
"""

from __future__ import annotations

from component.domain.kernel.resource_type import ResourceType, Unbound
from component.domain.ticket.classification import RECORD_ATTRIBUTE
from component.domain.ticket.lifecycle import TICKET_LIFECYCLE
from component.domain.ticket.sla import BREACH_ATTRIBUTE

TROUBLE_TICKET = ResourceType(
    name="TroubleTicket",
    collection="troubleTicket",
    event_prefix="TroubleTicket",
    state_attribute="status",
    state_change_event="StatusChange",
    state_bookkeeping=frozenset({"statusChange", "statusChangeDate", "resolutionDate"}),
    lifecycle=TICKET_LIFECYCLE,
    server_owned=frozenset({
        "id", "href", "statusChange", "statusChangeDate", "expectedResolutionDate", "resolutionDate",
        BREACH_ATTRIBUTE, RECORD_ATTRIBUTE,
    }),
    creation_date_attribute="creationDate",
    update_date_attribute="lastUpdate",
    rules=Unbound("TroubleTicket"),
)
