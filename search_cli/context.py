"""What every command needs: the home directory and, lazily, the database."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import typer

from indexer.home import Home

if TYPE_CHECKING:
    from sqlalchemy import Engine


@dataclass
class AppState:
    home: Home
    home_given: bool = False  # --home or PAPERS_HOME, not the default
    _engine: Engine | None = field(default=None, repr=False)

    @property
    def engine(self) -> Engine:
        """The database, created and migrated on first use."""
        if self._engine is None:
            from indexer.db import open_database  # SQLAlchemy only for commands that use it

            self._engine = open_database(self.home)
        return self._engine


def state(ctx: typer.Context) -> AppState:
    """The AppState the top-level callback stored on the context."""
    root = ctx.find_root()
    if not isinstance(root.obj, AppState):
        root.obj = AppState(Home.from_env())
    return root.obj
