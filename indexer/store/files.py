"""The file archive: every downloaded or imported file, content-addressed.

Paths come from the content's sha256 only, never from a URL or a title, so
no council-controlled string can choose where a file lands. Writes go to a
temporary file first and are renamed into place, so a disk error or an
interrupted run never leaves a half-written file under its final name.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from indexer.errors import PapersError

# Extensions we keep, by content type; anything else is stored as .bin.
EXTENSIONS = {
    "application/pdf": ".pdf",
    "text/html": ".html",
    "text/plain": ".txt",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/msword": ".doc",
    "application/xml": ".xml",
    "text/xml": ".xml",
}


@dataclass(frozen=True)
class StoredFile:
    sha256: str
    size: int
    relative_path: str  # relative to the home directory, always with "/"


def extension_for(content_type: str | None) -> str:
    base = (content_type or "").split(";")[0].strip().lower()
    return EXTENSIONS.get(base, ".bin")


def relative_path_for(sha256: str, content_type: str | None) -> str:
    return f"files/{sha256[:2]}/{sha256[2:4]}/{sha256}{extension_for(content_type)}"


def store_bytes(home_root: Path, data: bytes, content_type: str | None) -> StoredFile:
    """Keep `data` in the archive (once per content) and say where it is."""
    sha256 = hashlib.sha256(data).hexdigest()
    relative = relative_path_for(sha256, content_type)
    target = home_root / relative
    if not target.exists():
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
            raise PapersError(
                f"Cannot write {relative} under {home_root}: {exc.strerror or exc}"
            ) from exc
    return StoredFile(sha256=sha256, size=len(data), relative_path=relative)


def sha256_of_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
