"""Replication to a billing system: start-up hub registration, a reference billing receiver (sink)
with its own SQLite replica, and the reconciliation that compares the replica with the component."""
