"""TMF669 Party Role Management v4: PartyRole, served by the generic engine (the canvas's role API)."""

from __future__ import annotations

from component.api.definitions import ApiDefinition
from component.domain.party_role.resources import PARTY_ROLE

API = ApiDefinition(
    name="partyRole",
    title="TMF669 Party Role Management",
    spec_file="tmf669-party-role-v4.yaml",
    base_path="/tmf-api/partyRoleManagement/v4",
    resources=(PARTY_ROLE,),
)
