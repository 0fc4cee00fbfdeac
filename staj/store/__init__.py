"""The backing store: SQLAlchemy 2 models, Alembic migrations and small repositories.

SQLite (a file under var/) by default; PostgreSQL when DATABASE_URL says so.
"""

from staj.store.db import Database, open_database, upgrade_to_head

__all__ = ["Database", "open_database", "upgrade_to_head"]
