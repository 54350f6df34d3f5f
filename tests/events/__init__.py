"""Event delivery, listener and billing replication over real HTTP."""
