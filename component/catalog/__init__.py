"""The product catalogue adapters: the built-in YAML catalogue, a remote TMF620, and the publisher of the
read-only TMF620 view. They implement `component.domain.catalog.port.CatalogPort`."""
