"""The content-addressed archive, and the folder file store under it."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from indexer.store.files import key_for, store_bytes
from indexer.store.filestore import FileStoreError, FolderStore, open_store

pytestmark = pytest.mark.database_free


def test_store_is_content_addressed_and_idempotent(tmp_path: Path) -> None:
    files = FolderStore(tmp_path / "files")
    data = b"%PDF-1.4 minimal"
    first = store_bytes(files, data, "application/pdf")
    second = store_bytes(files, data, "application/pdf; charset=binary")
    digest = hashlib.sha256(data).hexdigest()
    assert first == second
    assert first.key == f"{digest[:2]}/{digest[2:4]}/{digest}.pdf"
    assert (tmp_path / "files" / first.key).read_bytes() == data
    assert files.read(first.key) == data
    assert files.url(first.key) == (tmp_path / "files" / first.key).as_uri()
    assert not list(tmp_path.rglob(".incoming-*"))


def test_paths_never_come_from_content_type_text() -> None:
    assert key_for("ab" * 32, "../../etc/passwd").endswith(".bin")


@pytest.mark.parametrize("key", ["../secret", "/etc/passwd", "a/../../b", ".hidden", "a//b", ""])
def test_a_key_that_could_leave_the_store_is_refused(tmp_path: Path, key: str) -> None:
    with pytest.raises(FileStoreError):
        FolderStore(tmp_path).read(key)


def test_papers_files_chooses_the_folder(tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert open_store(None, home) == FolderStore((home / "files").resolve())
    assert open_store(str(tmp_path / "shared"), home) == FolderStore(tmp_path / "shared")
    shared = (tmp_path / "shared").as_uri()
    assert open_store(shared, home) == FolderStore(tmp_path / "shared")
    readers = open_store(None, home, base_url="https://files.example.org/papers/")
    assert readers.url("ab/cd/x.pdf") == "https://files.example.org/papers/ab/cd/x.pdf"
