"""The installed-base adapter: `LocalInstalledBase` keeps TMF637 products in this component's database,
implementing `component.domain.inventory.port.InstalledBase`."""
