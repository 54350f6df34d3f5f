"""TMF621 Trouble Ticket v4: TroubleTicket, served by the generic engine with the rules in
`component.domain.ticket.rules`."""

from __future__ import annotations

from component.api.definitions import ApiDefinition
from component.domain.ticket.resources import TROUBLE_TICKET

API = ApiDefinition(
    name="troubleTicket",
    title="TMF621 Trouble Ticket",
    spec_file="tmf621-trouble-ticket-v4.yaml",
    base_path="/tmf-api/troubleTicket/v4",
    resources=(TROUBLE_TICKET,),
)
