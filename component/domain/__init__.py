"""The domain: resource declarations, rules, lifecycles and the ports they need. No HTTP, no SQL, no
environment, and nothing of the component outside this package (import-linter checks it).

One package per bounded context (`customer`, `account`, `ordering` with `macd`, `service_ordering`,
`ticket`, and the published `catalog` and installed-base `inventory` views), over the shared `kernel`
(errors, clock, resource types and the unit of work, TMF630 queries, patching, lifecycles, schema).
The ports adapters implement: `catalog.port.CatalogPort`, `inventory.port.InstalledBase`,
`service_ordering.execution.FulfilmentPort`, `kernel.clock.Clock`, `kernel.resource_type.UnitOfWork`.
"""
