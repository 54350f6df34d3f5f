"""The HTTP layer: connexion routes the component's OpenAPI documents to thin, generic handlers."""
