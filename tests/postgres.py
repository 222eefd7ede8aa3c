"""A PostgreSQL server for tests: fresh databases created and dropped per test.

The server is PAPERS_TEST_POSTGRES (default: 127.0.0.1:5432, trust
authentication, database `test`, as on the development and CI machines).
Each test's database is copied from a template migrated once per run, so a
test pays for a CREATE DATABASE, not for every migration.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.pool import NullPool

DEFAULT_SERVER = "postgresql+psycopg://127.0.0.1:5432/test"
_TEMPLATE = f"papers_template_{os.getpid()}"


@dataclass
class Server:
    admin: Engine  # connected to the server's own database, in autocommit

    @classmethod
    def connect_or_skip(cls) -> Server:
        url = os.environ.get("PAPERS_TEST_POSTGRES", DEFAULT_SERVER)
        try:
            import psycopg  # noqa: F401
        except ModuleNotFoundError:
            pytest.skip("PostgreSQL tests need psycopg: pip install -e '.[test]'")
        engine = create_engine(url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
        try:
            with engine.connect() as connection:
                connection.execute(text("SELECT 1"))
        except OperationalError as exc:
            pytest.skip(f"no PostgreSQL server answers at {_shown(url)}: {exc.orig}")
        return cls(engine)

    def url_for(self, name: str) -> str:
        return self.admin.url.set(database=name).render_as_string(hide_password=False)

    def make_template(self) -> None:
        from indexer.db import make_engine, upgrade

        self._execute(f'DROP DATABASE IF EXISTS "{_TEMPLATE}" WITH (FORCE)')
        self._execute(f'CREATE DATABASE "{_TEMPLATE}"')
        engine = make_engine(self.url_for(_TEMPLATE))
        upgrade(engine)
        engine.dispose()

    def drop_template(self) -> None:
        self._execute(f'DROP DATABASE IF EXISTS "{_TEMPLATE}" WITH (FORCE)')
        self.admin.dispose()

    @contextmanager
    def database(self, template: str | None = _TEMPLATE) -> Iterator[str]:
        """A new database (a copy of the migrated template, or empty), dropped after."""
        name = f"papers_test_{uuid.uuid4().hex[:12]}"
        copy = f' TEMPLATE "{template}"' if template else ""
        self._execute(f'CREATE DATABASE "{name}"{copy}')
        try:
            yield self.url_for(name)
        finally:
            # FORCE: a test may leave an engine connected.
            self._execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def _execute(self, statement: str) -> None:
        with self.admin.connect() as connection:
            connection.execute(text(statement))


def _shown(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)
