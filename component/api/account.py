"""TMF666 Account Management v4: seven resource types, served entirely by the generic engine."""

from __future__ import annotations

from component.api.definitions import ApiDefinition
from component.domain.account.resources import ACCOUNT_MANAGEMENT_RESOURCES

API = ApiDefinition(
    name="account",
    title="TMF666 Account Management",
    spec_file="tmf666-account-v4.yaml",
    base_path="/tmf-api/accountManagement/v4",
    resources=ACCOUNT_MANAGEMENT_RESOURCES,
)
