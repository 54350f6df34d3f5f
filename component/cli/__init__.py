"""`oda-cms`: the command line (serve, worker, migrate, dead letters, billing sink, reconcile)."""
