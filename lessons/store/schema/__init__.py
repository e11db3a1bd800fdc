"""The lesson store's schema as Alembic revisions (`versions/`), for SQLite and PostgreSQL."""
