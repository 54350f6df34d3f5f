"""Events: building TMF event envelopes, the transactional outbox, and hub subscriptions."""
