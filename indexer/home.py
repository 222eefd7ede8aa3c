"""Where all state lives: one home directory (``--home``, ``PAPERS_HOME``)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from indexer.errors import HomeError

DEFAULT_HOME = "papers-data"


@dataclass(frozen=True)
class Home:
    """The home directory and the paths inside it."""

    root: Path
    database_url_override: str | None = None

    @classmethod
    def from_env(cls, root: str | os.PathLike[str] | None = None) -> Home:
        """Resolve the home from an explicit path, ``PAPERS_HOME`` or the default."""
        chosen = root or os.environ.get("PAPERS_HOME") or DEFAULT_HOME
        return cls(Path(chosen).expanduser().resolve(), os.environ.get("DATABASE_URL") or None)

    @property
    def db_path(self) -> Path:
        return self.root / "papers.db"

    @property
    def index_dir(self) -> Path:
        return self.root / "index"

    @property
    def files_dir(self) -> Path:
        return self.root / "files"

    @property
    def logs_dir(self) -> Path:
        return self.root / "logs"

    @property
    def database_url(self) -> str:
        return self.database_url_override or f"sqlite:///{self.db_path}"

    def ensure(self) -> Home:
        """Create the home and its folders; a clear error if that is impossible."""
        for path in (self.root, self.files_dir, self.logs_dir):
            try:
                path.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise HomeError(
                    f"Cannot create the home directory {path}: {exc.strerror or exc}",
                    hint="choose another with --home or PAPERS_HOME",
                ) from exc
        if not os.access(self.root, os.W_OK):
            raise HomeError(
                f"The home directory {self.root} is not writable",
                hint="choose another with --home or PAPERS_HOME",
            )
        return self
