"""What every command needs: the home directory and, lazily, the database."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import typer

from indexer.home import Home

if TYPE_CHECKING:
    from sqlalchemy import Engine

# Commands that show what is stored. In a home with no council they say which
# home they read: run from another folder, the default ./papers-data is a new,
# empty one, and an empty table alone does not say why.
SHOWING = frozenset(
    {"search", "meetings", "export", "status", "councils list", "watch list", "watch run"}
    | {"show meeting", "show document"}
)


@dataclass
class AppState:
    home: Home
    home_given: bool = False  # --home or PAPERS_HOME, not the default
    home_on_command_line: bool = False  # --home, not PAPERS_HOME
    showing: bool = False  # the command is one of SHOWING
    empty_home_note: str | None = None  # said when the command has run
    _engine: Engine | None = field(default=None, repr=False)

    @property
    def engine(self) -> Engine:
        """The database, created and migrated on first use."""
        if self._engine is None:
            from indexer.db import open_database  # SQLAlchemy only for commands that use it

            self._engine = open_database(self.home)
            if self.showing:
                self._say_if_empty(self._engine)
        return self._engine

    def _say_if_empty(self, engine: Engine) -> None:
        """Keep the note for the end of the command (after its empty table;
        a command that fails says only its error)."""
        from sqlalchemy import select

        from indexer.models import Council

        with engine.connect() as connection:
            if connection.execute(select(Council.id).limit(1)).first() is not None:
                return
        self.empty_home_note = (
            f"The home {self.home.root} ({self.home_origin}) holds no councils yet;"
            " choose another with --home DIR or PAPERS_HOME."
        )

    @property
    def home_origin(self) -> str:
        """Where the home came from, in words."""
        if self.home_on_command_line:
            return "from --home"
        if self.home_given:
            return "from PAPERS_HOME"
        return "the default, ./papers-data in the current folder"


def state(ctx: typer.Context) -> AppState:
    """The AppState the top-level callback stored on the context."""
    root = ctx.find_root()
    if not isinstance(root.obj, AppState):
        root.obj = AppState(Home.from_env())
    names = []
    here: Any = ctx  # typer's Context, then its parents (click's)
    while here.parent is not None:  # the command's name under `papers`, e.g. "councils list"
        names.append(here.info_name or "")
        here = here.parent
    root.obj.showing = " ".join(reversed(names)) in SHOWING
    return root.obj
