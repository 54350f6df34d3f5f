"""Spec conformance: the component's OpenAPI documents against the official TMF documents."""
