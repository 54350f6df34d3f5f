"""The conformance kit of oda-cms (see ctk/README.md); the kit itself is the package `ctk.oda_cms_ctk`."""
