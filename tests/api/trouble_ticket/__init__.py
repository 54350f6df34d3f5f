"""TMF621 Trouble Ticket API tests over HTTP, on SQLite and PostgreSQL."""
