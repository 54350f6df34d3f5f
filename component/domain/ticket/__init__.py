"""TMF621 Trouble Ticket: classification by policy, lifecycle, SLA."""
