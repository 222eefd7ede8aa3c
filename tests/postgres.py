"""A PostgreSQL server for tests: fresh databases created and dropped per test.

The server is PAPERS_TEST_POSTGRES (default: 127.0.0.1:5432, trust
authentication, database `test`, as on the development and CI machines).
Each test's database is copied from a template migrated once per run, so a
test pays for a CREATE DATABASE, not for every migration. Test connections
commit without waiting for the server's disk (synchronous_commit off, in
each database URL): what a test sees is the same, and a run beside another
busy one is not held up by fsync.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.pool import NullPool

DEFAULT_SERVER = "postgresql+psycopg://127.0.0.1:5432/test"
CONNECT_TIMEOUT = 5  # seconds
NO_DISK_WAIT = "-c synchronous_commit=off"
_TEMPLATE = f"papers_template_{os.getpid()}"


class NoServerError(Exception):
    """No PostgreSQL server to test on (the message says why)."""


@dataclass
class Server:
    admin: Engine  # connected to the server's own database, in autocommit

    @classmethod
    def connect(cls) -> Server:
        url = os.environ.get("PAPERS_TEST_POSTGRES", DEFAULT_SERVER)
        try:
            import psycopg  # noqa: F401
        except ModuleNotFoundError:
            raise NoServerError("PostgreSQL tests need psycopg: pip install -e '.[test]'") from None
        # A server that does not answer within seconds is as good as none.
        engine = create_engine(
            url,
            isolation_level="AUTOCOMMIT",
            poolclass=NullPool,
            connect_args={"connect_timeout": CONNECT_TIMEOUT, "options": NO_DISK_WAIT},
        )
        try:
            with engine.connect() as connection:
                connection.execute(text("SELECT 1"))
        except OperationalError as exc:
            reason = str(exc.orig).strip().splitlines()[0]
            raise NoServerError(
                f"no PostgreSQL server answers at {_shown(url)} ({reason});"
                " start one or point PAPERS_TEST_POSTGRES at one"
            ) from None
        return cls(engine)

    def url_for(self, name: str) -> str:
        url = self.admin.url.set(database=name).update_query_dict({"options": NO_DISK_WAIT})
        return url.render_as_string(hide_password=False)

    def make_template(self) -> None:
        from indexer.db import make_engine, upgrade

        self._execute(f'DROP DATABASE IF EXISTS "{_TEMPLATE}" WITH (FORCE)')
        self._execute(f'CREATE DATABASE "{_TEMPLATE}"')
        engine = make_engine(self.url_for(_TEMPLATE))
        upgrade(engine)
        engine.dispose()

    def drop_template(self) -> None:
        self._execute(f'DROP DATABASE IF EXISTS "{_TEMPLATE}" WITH (FORCE)')

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
