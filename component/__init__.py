"""oda-cms: a TM Forum ODA component for telecom customer management.

Layers (arrows point down only): `api` (thin HTTP handlers routed by connexion from `openapi/`) ->
`service` (one unit of work per request) -> `domain` (rules, no HTTP, no SQL) and `store` (SQL) ->
`events` (outbox rows written in the same transaction).
"""

__version__ = "0.1.0"
