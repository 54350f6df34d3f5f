"""TMF669 PartyRole: the component's roles, as the ODA canvas manages them."""
