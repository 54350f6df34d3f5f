"""Domain rules: resource declarations, TMF630 queries, patching, lifecycles. No HTTP and no SQL here."""
