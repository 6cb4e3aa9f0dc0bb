"""Alembic migration scripts (run through ``db.migrate``, never the alembic CLI in production)."""
