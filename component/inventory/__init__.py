"""The installed base: product instances per customer (TMF637 Product), behind the `InstalledBase`
port; `LocalInstalledBase` keeps them in this component's database."""
