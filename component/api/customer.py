"""TMF629 Customer Management v4: Customer, served entirely by the generic engine."""

from __future__ import annotations

from component.api.definitions import ApiDefinition
from component.domain.customer.resources import CUSTOMER

API = ApiDefinition(
    name="customer",
    title="TMF629 Customer Management",
    spec_file="tmf629-customer-v4.yaml",
    base_path="/tmf-api/customerManagement/v4",
    resources=(CUSTOMER,),
)
