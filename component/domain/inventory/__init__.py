"""The installed base: the `InstalledBase` port and the TMF637 Product resource."""
