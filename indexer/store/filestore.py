"""Where stored files live: a folder (HOME/files or a shared one), or a bucket.

`PAPERS_FILES` chooses: unset, the home's `files` folder; a path, that folder
(a network share every machine mounts, wherever it mounts it); a URL such as
`s3://bucket/prefix`, that bucket through fsspec (the `s3` extra). The
database keeps only each file's key below this root (`ab/cd/<sha256>.pdf`),
so every machine that reaches the same store reads the same files.

`PAPERS_FILES_OPTIONS` (a JSON object) is passed to fsspec as it stands
(`{"endpoint_url": "http://127.0.0.1:9000"}`; S3 also reads the standard
`AWS_ENDPOINT_URL`, `AWS_ACCESS_KEY_ID`, ... variables). `PAPERS_FILES_URL`
is where readers reach the same files (a web server, a public bucket): the
archived copies' links in citations and exports start with it.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Protocol
from urllib.parse import quote, urlsplit

from indexer.errors import PapersError, UsageError

# A copy made for reading (a PDF for the extractor) is never bigger than the
# largest file a crawl downloads (scraper/settings.py DOWNLOAD_MAXSIZE).
MAX_COPY_BYTES = 200 * 1024 * 1024
# Keys are made by the program (files.py), never from a URL or a title; the
# column is data all the same, so one that could leave the root is refused.
_KEY = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9._-]{0,199}(/[A-Za-z0-9_-][A-Za-z0-9._-]{0,199}){0,7}")
# An imported paper has no council URL: its document URL names its key.
ARCHIVE_SCHEME = "papers:"


class FileStoreError(PapersError):
    """A stored file cannot be written or read."""


class FileTooLargeError(FileStoreError):
    """A stored file is over the size it may be read at."""


def check_key(key: str) -> str:
    if not _KEY.fullmatch(key) or ".." in key.split("/"):
        raise FileStoreError(f"Not a stored file's key: {key!r}")
    return key


class FileStore(Protocol):
    @property
    def location(self) -> str:
        """Where the files are, for `papers status`."""
        ...

    @property
    def is_local(self) -> bool:
        """Whether a key's path can be read directly (no copy needed)."""
        ...

    def put(self, key: str, data: bytes) -> None:
        """Store `data` whole under `key`, or raise FileStoreError leaving nothing."""
        ...

    def exists(self, key: str) -> bool: ...

    def size(self, key: str) -> int: ...

    def read(self, key: str, limit: int = MAX_COPY_BYTES) -> bytes: ...

    def open(self, key: str) -> contextlib.AbstractContextManager[IO[bytes]]: ...

    def local_path(
        self, key: str, limit: int = MAX_COPY_BYTES
    ) -> contextlib.AbstractContextManager[Path]:
        """A path to read the file at while the context lasts (a temporary copy
        for a remote store)."""
        ...

    def url(self, key: str) -> str:
        """Where a reader finds the file."""
        ...


def _failed(doing: str, key: str, where: str, exc: BaseException) -> FileStoreError:
    reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
    return FileStoreError(f"Cannot {doing} {key} in {where}: {reason}")


def _join_url(base: str, key: str) -> str:
    return base.rstrip("/") + "/" + quote(key)


def _too_large(key: str, size: int, limit: int) -> FileTooLargeError:
    return FileTooLargeError(
        f"The stored file {key} is {size // (1024 * 1024):,} MB, over the "
        f"{limit // (1024 * 1024):,} MB that is read at once"
    )


def _read_within(key: str, limit: int, size: int, where: str, read: Callable[[], bytes]) -> bytes:
    """The file's bytes, refused past `limit`; an OS error as a FileStoreError."""
    if size > limit:
        raise _too_large(key, size, limit)
    try:
        return bytes(read())
    except OSError as exc:
        raise _failed("read", key, where, exc) from exc


@contextlib.contextmanager
def _opened(key: str, where: str, opener: Callable[[], IO[bytes]]) -> Iterator[IO[bytes]]:
    """The file open for reading; an OS error opening it as a FileStoreError."""
    try:
        handle = opener()
    except OSError as exc:
        raise _failed("read", key, where, exc) from exc
    with handle:
        yield handle


@dataclass(frozen=True)
class FolderStore:
    """Files in a folder: the home's own, or a share every machine mounts."""

    root: Path
    base_url: str | None = None
    is_local: bool = True

    @property
    def location(self) -> str:
        return str(self.root)

    def path(self, key: str) -> Path:
        return self.root / check_key(key)

    def put(self, key: str, data: bytes) -> None:
        # A temporary file renamed into place: a disk error or an interrupted
        # run never leaves a half-written file under its final name.
        target = self.path(key)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".incoming-")
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(data)
                    handle.flush()
                    os.fsync(handle.fileno())
                os.replace(tmp, target)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError as exc:
            raise _failed("write", key, self.location, exc) from exc

    def exists(self, key: str) -> bool:
        return self.path(key).exists()

    def size(self, key: str) -> int:
        try:
            return self.path(key).stat().st_size
        except OSError as exc:
            raise _failed("read", key, self.location, exc) from exc

    def read(self, key: str, limit: int = MAX_COPY_BYTES) -> bytes:
        return _read_within(key, limit, self.size(key), self.location, self.path(key).read_bytes)

    def open(self, key: str) -> contextlib.AbstractContextManager[IO[bytes]]:
        return _opened(key, self.location, lambda: self.path(key).open("rb"))

    @contextlib.contextmanager
    def local_path(self, key: str, limit: int = MAX_COPY_BYTES) -> Iterator[Path]:
        yield self.path(key)

    def url(self, key: str) -> str:
        return _join_url(self.base_url, key) if self.base_url else self.path(key).as_uri()


@dataclass(frozen=True)
class FsspecStore:
    """Files in a bucket (or any fsspec file system) under `root` ("bucket/prefix")."""

    protocol: str
    root: str
    options: dict[str, Any] = field(default_factory=dict)
    base_url: str | None = None
    is_local: bool = False

    @property
    def location(self) -> str:
        return f"{self.protocol}://{self.root}"

    @property
    def fs(self) -> Any:
        return _filesystem(self.protocol, json.dumps(self.options, sort_keys=True))

    def _full(self, key: str) -> str:
        return f"{self.root}/{check_key(key)}" if self.root else check_key(key)

    def put(self, key: str, data: bytes) -> None:
        # One PUT: an S3 object appears whole or not at all.
        try:
            self.fs.pipe_file(self._full(key), data)
        except OSError as exc:
            raise _failed("write", key, self.location, exc) from exc

    def exists(self, key: str) -> bool:
        try:
            return bool(self.fs.exists(self._full(key)))
        except OSError as exc:
            raise _failed("read", key, self.location, exc) from exc

    def size(self, key: str) -> int:
        try:
            return int(self.fs.size(self._full(key)))
        except OSError as exc:
            raise _failed("read", key, self.location, exc) from exc

    def read(self, key: str, limit: int = MAX_COPY_BYTES) -> bytes:
        return _read_within(
            key, limit, self.size(key), self.location, lambda: self.fs.cat_file(self._full(key))
        )

    def open(self, key: str) -> contextlib.AbstractContextManager[IO[bytes]]:
        return _opened(key, self.location, lambda: self.fs.open(self._full(key), "rb"))

    @contextlib.contextmanager
    def local_path(self, key: str, limit: int = MAX_COPY_BYTES) -> Iterator[Path]:
        size = self.size(key)
        if size > limit:
            raise _too_large(key, size, limit)
        folder = Path(tempfile.mkdtemp(prefix="papers-copy-"))
        try:
            # The key's own name keeps its extension (readers look at it).
            path = folder / Path(key).name
            try:
                with self.open(key) as source, path.open("wb") as target:
                    shutil.copyfileobj(source, target, 1 << 20)
            except OSError as exc:
                raise _failed("copy", key, self.location, exc) from exc
            yield path
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    def url(self, key: str) -> str:
        return _join_url(self.base_url or self.location, key)


_FILESYSTEMS: dict[tuple[str, str], Any] = {}


def _filesystem(protocol: str, options: str) -> Any:
    """One fsspec file system per protocol and options in a process."""
    found = _FILESYSTEMS.get((protocol, options))
    if found is None:
        try:
            import fsspec

            found = fsspec.filesystem(protocol, **json.loads(options))
        except ImportError as exc:
            raise UsageError(
                f"PAPERS_FILES={protocol}://... needs fsspec and its {protocol} driver",
                hint=f"pip install 'council-papers[{protocol}]'"
                if protocol == "s3"
                else f"install the fsspec driver for {protocol}",
            ) from exc
        except ValueError as exc:  # fsspec: "Protocol not known"
            raise UsageError(f"PAPERS_FILES: {exc}") from exc
        _FILESYSTEMS[(protocol, options)] = found
    return found


def _options(raw: str | None) -> dict[str, Any]:
    if not raw:
        return {}
    try:
        options = json.loads(raw)
    except ValueError:
        options = None
    if not isinstance(options, dict):
        raise UsageError(
            "PAPERS_FILES_OPTIONS must be a JSON object, e.g. "
            '{"endpoint_url": "http://127.0.0.1:9000"}'
        )
    return options


def open_store(
    spec: str | None,
    home_root: Path,
    *,
    options: str | None = None,
    base_url: str | None = None,
) -> FileStore:
    """The store `spec` (PAPERS_FILES) names; the home's `files` folder when empty."""
    if not spec:
        return FolderStore(_absolute(home_root / "files"), base_url or None)
    scheme = urlsplit(spec).scheme
    if scheme == "file":
        return FolderStore(_absolute(Path(urlsplit(spec).path)), base_url or None)
    if "://" in spec and len(scheme) > 1:  # not a Windows drive letter
        return FsspecStore(scheme, spec.split("://", 1)[1].strip("/"), _options(options), base_url)
    return FolderStore(_absolute(Path(spec).expanduser()), base_url or None)


def _absolute(path: Path) -> Path:
    """The folder as given, made absolute: links name the share where this machine
    mounts it, not where a symbolic link leads."""
    return Path(os.path.abspath(path))


def store_from_env(home_root: Path, spec: str | None) -> FileStore:
    return open_store(
        spec,
        home_root,
        options=os.environ.get("PAPERS_FILES_OPTIONS"),
        base_url=os.environ.get("PAPERS_FILES_URL"),
    )


def reader_url(store: FileStore, document_url: str | None, key: str | None) -> str | None:
    """The link a reader follows: the council's URL, or for a paper with none
    (imported) the archived copy's."""
    if document_url and not is_archive_url(document_url):
        return document_url
    return store.url(key) if key else document_url


def is_archive_url(url: str) -> bool:
    """An imported paper's document URL: `papers:KEY` (`file:` before migration 0008)."""
    return url.startswith((ARCHIVE_SCHEME, "file:"))


def archive_url(key: str) -> str:
    """The document URL of an imported paper: its key, the same on every machine."""
    return ARCHIVE_SCHEME + check_key(key)
