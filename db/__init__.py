"""Database layer: SQLAlchemy models, engine factory and Alembic migrations. No Qt here."""

import logging

# Alembic announces its plugins and context at INFO on import and on every case open;
# set before anything imports alembic, so only its warnings reach the user's log.
logging.getLogger("alembic").setLevel(logging.WARNING)
