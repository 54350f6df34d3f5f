"""Storage: SQLAlchemy tables, the one generic resource repository, TMF630 -> SQL, migrations."""
