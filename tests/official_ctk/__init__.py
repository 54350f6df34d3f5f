"""TM Forum's CTKs (and the component's own kits in their layout) run with newman against the component."""
