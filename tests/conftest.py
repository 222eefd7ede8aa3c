"""Shared fixtures: a temporary home, a CLI runner, the shared real fixtures."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from indexer.db import open_database
from indexer.home import Home

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED_FIXTURES = REPO_ROOT.parent / "shared" / "fixtures"


@pytest.fixture(autouse=True)
def _never_the_working_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A test that forgets to choose a home gets a temporary one, never ./papers-data."""
    monkeypatch.setenv("PAPERS_HOME", str(tmp_path / "unchosen-home"))


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Home:
    """A fresh, empty home directory; PAPERS_HOME points at it."""
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("PAPERS_HOME", str(tmp_path / "home"))
    return Home.from_env(tmp_path / "home").ensure()


@pytest.fixture
def engine(home: Home):  # type: ignore[no-untyped-def]
    engine = open_database(home)
    yield engine
    engine.dispose()


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def shared_fixtures() -> Path:
    """The real council pages and PDFs in ../shared/fixtures (skip if absent)."""
    if not SHARED_FIXTURES.is_dir():
        pytest.skip(f"real-page fixtures not found at {SHARED_FIXTURES} (../shared is absent)")
    return SHARED_FIXTURES


@pytest.fixture
def without_ocr(monkeypatch: pytest.MonkeyPatch) -> None:
    """A PATH on which no `tesseract` is found, as on a machine without OCR."""
    dirs = os.environ.get("PATH", "").split(os.pathsep)
    kept = [d for d in dirs if not (Path(d) / "tesseract").exists()]
    monkeypatch.setenv("PATH", os.pathsep.join(kept))


@pytest.fixture
def tesseract() -> None:
    """Skip unless OCR can run: Tesseract with English and pytesseract."""
    from indexer.extract import ocr

    if not ocr.available():
        pytest.skip(
            "OCR not installed: needs tesseract-ocr and tesseract-ocr-eng (Debian) and "
            "pytesseract (pip install -e '.[test]')"
        )
