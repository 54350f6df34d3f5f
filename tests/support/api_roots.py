"""API roots (without host) of the component's TMF APIs, as the tests address them."""

CUSTOMER_ROOT = "/tmf-api/customerManagement/v4"
ACCOUNT_ROOT = "/tmf-api/accountManagement/v4"
ORDERING_ROOT = "/tmf-api/productOrderingManagement/v4"
