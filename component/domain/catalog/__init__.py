"""The product catalogue as the domain sees it: the `CatalogPort` and the TMF620 resources published from it."""
