"""Opening the database: engine, SQLite pragmas, automatic migrations."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import OperationalError

import migrations
from indexer.errors import DatabaseError
from indexer.home import Home

MIGRATIONS_DIR = Path(migrations.__file__).parent


def make_engine(url: str) -> Engine:
    """An engine with foreign keys enforced and, for SQLite, WAL and a lock timeout."""
    is_sqlite = url.startswith("sqlite")
    engine = create_engine(url, connect_args={"timeout": 30} if is_sqlite else {})
    if is_sqlite:

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            # WAL lets searches and `papers status` read while a crawl writes.
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

    return engine


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Apply migrations up to `revision` on the engine's database."""
    config = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def downgrade(engine: Engine, revision: str) -> None:
    config = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


def open_database(home: Home) -> Engine:
    """Open the home's database, bringing its schema up to date first."""
    home.ensure()
    engine = make_engine(home.database_url)
    try:
        current = current_revision(engine)
        head = head_revision()
        if current != head:
            known = {
                rev.revision
                for rev in ScriptDirectory.from_config(
                    alembic_config(home.database_url)
                ).walk_revisions()
            }
            if current is not None and current not in known:
                raise DatabaseError(
                    f"The database {home.database_url} was made by a newer version of papers",
                    hint="upgrade council-papers",
                )
            upgrade(engine)
    except OperationalError as exc:
        raise DatabaseError(describe_operational_error(exc, home.database_url)) from exc
    return engine


def describe_operational_error(exc: OperationalError, url: str) -> str:
    """One plain line for the database errors people actually meet."""
    message = str(exc.orig) if exc.orig is not None else str(exc)
    if "locked" in message:
        return (
            "The database is locked by another papers command; wait for it to finish and try again"
        )
    if "unable to open" in message:
        return f"Cannot open the database at {url}: check the path and its permissions"
    return f"Database error: {message}"
