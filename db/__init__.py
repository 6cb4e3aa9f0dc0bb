"""Database layer: SQLAlchemy models, engine factory and Alembic migrations. No Qt here."""
