"""The content-addressed archive."""

from __future__ import annotations

import hashlib
from pathlib import Path

from indexer.store.files import relative_path_for, store_bytes


def test_store_is_content_addressed_and_idempotent(tmp_path: Path) -> None:
    data = b"%PDF-1.4 minimal"
    first = store_bytes(tmp_path, data, "application/pdf")
    second = store_bytes(tmp_path, data, "application/pdf; charset=binary")
    digest = hashlib.sha256(data).hexdigest()
    assert first == second
    assert first.relative_path == f"files/{digest[:2]}/{digest[2:4]}/{digest}.pdf"
    assert (tmp_path / first.relative_path).read_bytes() == data
    assert not list(tmp_path.rglob(".incoming-*"))


def test_paths_never_come_from_content_type_text() -> None:
    assert relative_path_for("ab" * 32, "../../etc/passwd").endswith(".bin")
