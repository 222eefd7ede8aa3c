"""The file archive: every downloaded or imported file, content-addressed.

Keys come from the content's sha256 only, never from a URL or a title, so
no council-controlled string can choose where a file lands. Where the files
live (the home's folder, a shared one, a bucket) is the store's business
(filestore.py); a key is the same wherever that is.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from indexer.store.filestore import FileStore

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
    key: str  # below the file store's root, always with "/"


def extension_for(content_type: str | None) -> str:
    base = (content_type or "").split(";")[0].strip().lower()
    return EXTENSIONS.get(base, ".bin")


def key_for(sha256: str, content_type: str | None) -> str:
    return f"{sha256[:2]}/{sha256[2:4]}/{sha256}{extension_for(content_type)}"


def store_bytes(files: FileStore, data: bytes, content_type: str | None) -> StoredFile:
    """Keep `data` in the archive (once per content) and say under which key."""
    sha256 = hashlib.sha256(data).hexdigest()
    key = key_for(sha256, content_type)
    if not files.exists(key):
        files.put(key, data)
    return StoredFile(sha256=sha256, size=len(data), key=key)


def sha256_of_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
