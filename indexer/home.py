"""Where all state lives: one home directory (``--home``, ``PAPERS_HOME``)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from indexer.errors import HomeError

if TYPE_CHECKING:
    from indexer.store.filestore import FileStore

DEFAULT_HOME = "papers-data"


@dataclass(frozen=True)
class Home:
    """The home directory and the paths inside it."""

    root: Path
    database_url_override: str | None = None
    # PAPERS_FILES: where stored files live (indexer/store/filestore.py); None: HOME/files.
    files_spec: str | None = None

    @classmethod
    def from_env(cls, root: str | os.PathLike[str] | None = None) -> Home:
        """Resolve the home from an explicit path, ``PAPERS_HOME`` or the default."""
        chosen = root or os.environ.get("PAPERS_HOME") or DEFAULT_HOME
        return cls(
            Path(chosen).expanduser().resolve(),
            os.environ.get("DATABASE_URL") or None,
            os.environ.get("PAPERS_FILES") or None,
        )

    @property
    def db_path(self) -> Path:
        return self.root / "papers.db"

    @property
    def index_dir(self) -> Path:
        return self.root / "index"

    @cached_property
    def files(self) -> FileStore:
        """The file store: HOME/files, or the folder or bucket PAPERS_FILES names."""
        from indexer.store.filestore import store_from_env

        return store_from_env(self.root, self.files_spec)

    @property
    def logs_dir(self) -> Path:
        return self.root / "logs"

    @property
    def database_url(self) -> str:
        return self.database_url_override or f"sqlite:///{self.db_path}"

    def ensure(self) -> Home:
        """Create the home and its folders; a clear error if that is impossible."""
        from indexer.store.filestore import FolderStore

        folders = [(self.root, "home directory"), (self.logs_dir, "home directory")]
        if isinstance(self.files, FolderStore):
            folders.append((self.files.root, "files folder"))
        for path, what in folders:
            try:
                path.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise HomeError(
                    f"Cannot create the {what} {path}: {exc.strerror or exc}",
                    hint="choose another with "
                    + ("PAPERS_FILES" if what == "files folder" else "--home or PAPERS_HOME"),
                ) from exc
        if not os.access(self.root, os.W_OK):
            raise HomeError(
                f"The home directory {self.root} is not writable",
                hint="choose another with --home or PAPERS_HOME",
            )
        return self
