"""Alembic migrations for the papers database (applied automatically on open)."""
