"""Shared fixtures: a temporary home, a CLI runner, the shared real fixtures.

`pytest --database=postgresql` (or PAPERS_TEST_DATABASE=postgresql) runs the
suite with DATABASE_URL pointing at a fresh PostgreSQL database for every
test, on the server in PAPERS_TEST_POSTGRES (see tests/postgres.py). It
skips the tests that cannot differ from the default run's: those marked
`database_free` (held to it on every run: their DATABASE_URL is a server
that never answers) and those that make a PostgreSQL database of their own
(`postgres_url`, `module_postgres_url`), which run so on every run.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path

import pytest
from typer.testing import CliRunner

from indexer.db import open_database
from indexer.home import Home
from scraper.run import SETTINGS_ENV
from scraper.sample_site import SampleCouncilServer, serve_sample_council
from tests import postgres
from tests.cli_support import FAST_SETTINGS

# A run started in the background by a script (as .ci/run starts the
# PostgreSQL run) inherits SIGINT ignored, and so would every `papers` the
# Ctrl-C tests start. A handler of our own is reset to the default across
# exec, so those children see Ctrl-C as a terminal would deliver it.
if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED_FIXTURES = REPO_ROOT.parent / "shared" / "fixtures"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--database",
        choices=("sqlite", "postgresql"),
        default=os.environ.get("PAPERS_TEST_DATABASE", "sqlite"),
        help="the database every test's home uses (default: sqlite, or PAPERS_TEST_DATABASE)",
    )


# Where a `database_free` test's DATABASE_URL points: a port nothing listens on.
NO_DATABASE = "postgresql+psycopg://database-free-test@127.0.0.1:9/none"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--database") != "postgresql":
        return
    same = pytest.mark.skip(reason="opens no database: the same on every run")
    own = pytest.mark.skip(reason="makes its own PostgreSQL database: the same on every run")
    for item in items:
        if item.get_closest_marker("database_free"):
            item.add_marker(same)
        elif {"postgres_url", "module_postgres_url"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(own)


def pytest_report_header(config: pytest.Config) -> str:
    return f"papers database: {config.getoption('--database')}"


@pytest.fixture(scope="session")
def database_kind(request: pytest.FixtureRequest) -> str:
    return str(request.config.getoption("--database"))


@pytest.fixture(scope="session")
def _any_postgres_server() -> Iterator[postgres.Server | str]:
    """The test server, or why there is none (asked once per run)."""
    try:
        server = postgres.Server.connect()
    except postgres.NoServerError as exc:
        yield str(exc)
        return
    yield server
    server.admin.dispose()


@pytest.fixture(scope="session")
def _postgres_server(
    database_kind: str, _any_postgres_server: postgres.Server | str
) -> Iterator[postgres.Server | None]:
    """On a PostgreSQL run, the server, with a migrated template database.

    Without a server such a run stops at once, with the reason: it was asked
    to test PostgreSQL, and a run of skips would pass having tested nothing.
    """
    if database_kind != "postgresql":
        yield None
        return
    if isinstance(_any_postgres_server, str):
        pytest.exit(f"--database=postgresql: {_any_postgres_server}", pytest.ExitCode.USAGE_ERROR)
    _any_postgres_server.make_template()
    yield _any_postgres_server
    _any_postgres_server.drop_template()


@pytest.fixture(autouse=True)
def _never_the_working_folder(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    _postgres_server: postgres.Server | None,
) -> Iterator[None]:
    """A test that forgets to choose a home gets a temporary one, never ./papers-data.

    On a PostgreSQL run every test also gets its own new database; a
    `database_free` test gets none that answers.
    """
    monkeypatch.setenv("PAPERS_HOME", str(tmp_path / "unchosen-home"))
    # Files in the home unless a test says otherwise, whatever this machine sets.
    for name in ("PAPERS_FILES", "PAPERS_FILES_OPTIONS", "PAPERS_FILES_URL"):
        monkeypatch.delenv(name, raising=False)
    if request.node.get_closest_marker("database_free"):
        monkeypatch.setenv("DATABASE_URL", NO_DATABASE)
        yield
        return
    if _postgres_server is None:
        monkeypatch.delenv("DATABASE_URL", raising=False)
        yield
        return
    with _postgres_server.database() as url:
        monkeypatch.setenv("DATABASE_URL", url)
        yield


@pytest.fixture(scope="session")
def own_database(
    _postgres_server: postgres.Server | None,
) -> Callable[[], AbstractContextManager[str | None]]:
    """For a home that outlives one test (a module's crawled home): its own database.

    On a PostgreSQL run, a new database (migrated) for as long as the home is
    used; on a SQLite run, None: the home keeps its own SQLite file. Tests of
    such a home pass that URL to each command they run, since DATABASE_URL is
    set to each test's own database.
    """

    def make() -> AbstractContextManager[str | None]:
        return _postgres_server.database() if _postgres_server else nullcontext(None)

    return make


def _own_database(server: postgres.Server | str) -> Iterator[str]:
    if isinstance(server, str):
        pytest.skip(server)
    with server.database(template=None) as url:
        yield url


@pytest.fixture
def postgres_url(_any_postgres_server: postgres.Server | str) -> Iterator[str]:
    """A fresh, empty PostgreSQL database for this test, on any run (skip if no server)."""
    yield from _own_database(_any_postgres_server)


@pytest.fixture(scope="module")
def module_postgres_url(_any_postgres_server: postgres.Server | str) -> Iterator[str]:
    """As postgres_url, for a module's tests together."""
    yield from _own_database(_any_postgres_server)


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
def sample_site(monkeypatch: pytest.MonkeyPatch) -> Iterator[SampleCouncilServer]:
    """The bundled sample council's site on loopback, crawled at loopback speed."""
    monkeypatch.setenv(SETTINGS_ENV, FAST_SETTINGS)
    with serve_sample_council() as server:
        yield server


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
