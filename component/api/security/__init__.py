"""Who may call what: credentials (OIDC bearer tokens, API keys), roles -> permissions, the edge guard."""
