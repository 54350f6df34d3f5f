"""The shared kernel: what every bounded context builds on (errors, clock, resource types, queries, patching)."""
