"""Shared fixtures: a temporary home, a CLI runner, the shared real fixtures.

`pytest --database=postgresql` (or PAPERS_TEST_DATABASE=postgresql) runs the
whole suite with DATABASE_URL pointing at a fresh PostgreSQL database for
every test, on the server in PAPERS_TEST_POSTGRES (see tests/postgres.py).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from indexer.db import open_database
from indexer.home import Home
from tests import postgres

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED_FIXTURES = REPO_ROOT.parent / "shared" / "fixtures"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--database",
        choices=("sqlite", "postgresql"),
        default=os.environ.get("PAPERS_TEST_DATABASE", "sqlite"),
        help="the database every test's home uses (default: sqlite, or PAPERS_TEST_DATABASE)",
    )


def pytest_report_header(config: pytest.Config) -> str:
    return f"papers database: {config.getoption('--database')}"


@pytest.fixture(scope="session")
def database_kind(request: pytest.FixtureRequest) -> str:
    return str(request.config.getoption("--database"))


@pytest.fixture(scope="session")
def _postgres_server(database_kind: str) -> Iterator[postgres.Server | None]:
    """On a PostgreSQL run, the server, with a migrated template database."""
    if database_kind != "postgresql":
        yield None
        return
    server = postgres.Server.connect_or_skip()
    server.make_template()
    yield server
    server.drop_template()


@pytest.fixture(autouse=True)
def _never_the_working_folder(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    _postgres_server: postgres.Server | None,
) -> Iterator[None]:
    """A test that forgets to choose a home gets a temporary one, never ./papers-data.

    On a PostgreSQL run every test also gets its own new database.
    """
    monkeypatch.setenv("PAPERS_HOME", str(tmp_path / "unchosen-home"))
    # Files in the home unless a test says otherwise, whatever this machine sets.
    for name in ("PAPERS_FILES", "PAPERS_FILES_OPTIONS", "PAPERS_FILES_URL"):
        monkeypatch.delenv(name, raising=False)
    if _postgres_server is None:
        monkeypatch.delenv("DATABASE_URL", raising=False)
        yield
        return
    with _postgres_server.database() as url:
        monkeypatch.setenv("DATABASE_URL", url)
        yield


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh, empty PostgreSQL database for this test, on any run (skip if no server)."""
    server = postgres.Server.connect_or_skip()
    with server.database(template=None) as url:
        yield url


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Home:
    """A fresh, empty home directory; PAPERS_HOME points at it."""
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
