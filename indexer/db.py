"""Opening the database: engine, SQLite pragmas, automatic migrations."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import OperationalError, ProgrammingError

import migrations
from indexer.errors import DatabaseError, UsageError
from indexer.home import Home

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(migrations.__file__).parent
# `revision = "0003"` and `down_revision = "0002"` lines of a migration file.
_REVISION_LINE = re.compile(
    r"^(down_revision|revision)\b[^=]*=\s*(?:['\"]([^'\"]+)['\"]|None)", re.MULTILINE
)


def make_engine(url: str) -> Engine:
    """An engine with foreign keys enforced and, for SQLite, WAL and a lock timeout."""
    is_sqlite = url.startswith("sqlite")
    try:
        engine = create_engine(url, connect_args={"timeout": 30} if is_sqlite else {})
    except ModuleNotFoundError as exc:  # the database's driver
        extra = "postgres" if url.startswith("postgres") else None
        raise UsageError(
            f"DATABASE_URL needs the Python module {exc.name!r}, which is not installed",
            hint=f"pip install 'council-papers[{extra}]'" if extra else f"pip install {exc.name}",
        ) from None
    if is_sqlite:

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            # WAL lets searches and `papers status` read while a crawl writes.
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

    elif engine.dialect.name == "postgresql":
        # The search index is a table there, refreshed in each writing transaction.
        from indexer.search.postgres_units import keep_in_step

        keep_in_step(engine)
    return engine


def alembic_config(url: str) -> Config:
    # Alembic is imported only when a migration runs or is inspected: it costs
    # a command as much start-up time as everything else together.
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def head_revision() -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Apply migrations up to `revision` on the engine's database."""
    from alembic import command

    config = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def downgrade(engine: Engine, revision: str) -> None:
    from alembic import command

    config = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


def open_database(home: Home) -> Engine:
    """Open the home's database, bringing its schema up to date first."""
    home.ensure()
    engine = make_engine(home.database_url)
    try:
        if _stored_revision(engine) == _head_from_files():
            return engine  # up to date: the common case, without importing Alembic
        from alembic.script import ScriptDirectory

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


def _stored_revision(engine: Engine) -> str | None:
    """The database's revision, read directly; None if it has none (or several)."""
    try:
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT version_num FROM alembic_version")).all()
    except (OperationalError, ProgrammingError):  # no alembic_version table yet
        return None
    return rows[0][0] if len(rows) == 1 else None


def _head_from_files() -> str | None:
    """The newest migration, read from the files; None unless there is exactly one.

    open_database compares it with the database's revision to skip Alembic when
    nothing needs migrating; any doubt (None) goes through Alembic itself.
    """
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (MIGRATIONS_DIR / "versions").glob("*.py"):
        found = dict(
            (name, value) for name, value in _REVISION_LINE.findall(path.read_text("utf-8"))
        )
        if found.get("revision"):
            revisions.add(found["revision"])
        if found.get("down_revision"):
            parents.add(found["down_revision"])
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


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
