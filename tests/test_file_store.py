"""Files any machine can read: PAPERS_FILES, two homes on one database, the 0008 keys.

Two homes share one database (the same SQLite file through DATABASE_URL, or
the run's PostgreSQL database) and one files folder, which the second home
reaches by another path (as another machine mounts a share elsewhere).
"""

from __future__ import annotations

import json
import resource
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, select, text, update
from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool
from typer.testing import CliRunner

from indexer.db import downgrade, make_engine, open_database, upgrade
from indexer.home import Home
from indexer.models import Document, DocumentVersion
from indexer.process import extract_documents
from indexer.store.councils import add_council
from indexer.store.crawl import CrawlStore
from scraper.items import DocumentFileItem
from scraper.sample_site import SampleCouncilServer
from tests.cli_support import papers_ok
from tests.extract_support import make_pdf

COUNCIL = "https://example.gov.uk/documents"
PDF = "application/pdf"


@pytest.fixture
def one_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, database_kind: str) -> str:
    """The database both homes use: the run's PostgreSQL one, or one SQLite file."""
    if database_kind == "sqlite":
        monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'shared.db'}")
    return str(Home.from_env(tmp_path).database_url)


def _use_home(monkeypatch: pytest.MonkeyPatch, root: Path, files: Path) -> Home:
    monkeypatch.setenv("PAPERS_HOME", str(root))
    monkeypatch.setenv("PAPERS_FILES", str(files))
    return Home.from_env()


def test_a_second_home_reads_the_first_ones_files_from_the_shared_folder(
    runner: CliRunner,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    sample_site: SampleCouncilServer,
    one_database: str,
) -> None:
    shared = tmp_path / "share"
    first = _use_home(monkeypatch, tmp_path / "first", shared)
    papers_ok(runner, "councils", "add", sample_site.base_url, "--slug", "sampleshire")
    assert "0 failed" in papers_ok(runner, "crawl", "sampleshire")
    report = make_pdf(tmp_path / "foi.pdf", [["An FOI reply on home to school transport"]])
    papers_ok(runner, "import", str(report), "--council", "foi", "--kind", "report")
    status = json.loads(papers_ok(runner, "status", "--format", "json"))
    assert (status["files"], status["files_shared"]) == (str(shared), True)
    assert "stored files" in papers_ok(runner, "status")

    # Every file is in the shared folder, none in the home; the database has keys only.
    assert list(shared.rglob("*.pdf")) and not list(first.root.rglob("*.pdf"))
    engine = make_engine(one_database)
    with Session(engine) as session:
        documents = list(session.scalars(select(Document).where(Document.file_path.is_not(None))))
        versions = list(session.scalars(select(DocumentVersion.file_path)))
    keys = [d.file_path for d in documents]
    assert keys and all(k and (shared / k).is_file() for k in keys)
    assert all(not k.startswith(("files/", "/")) for k in [*keys, *versions] if k)
    imported = next(d for d in documents if not d.url.startswith("http"))
    assert imported.url == f"papers:{imported.file_path}"

    # Another machine: its own home, the same share mounted at another path.
    mounted = tmp_path / "mnt" / "papers-files"
    mounted.parent.mkdir()
    mounted.symlink_to(shared)
    second = _use_home(monkeypatch, tmp_path / "second", mounted)
    assert second.files.url(imported.file_path or "").startswith(mounted.as_uri())

    # It reads the papers' text again from there...
    with Session(engine) as session, session.begin():
        session.execute(update(Document).values(extracted_sha256=None))
    counts = extract_documents(engine, second)
    assert counts.get("ok") == len(documents) and set(counts) <= {"ok", "no_text_layer"}

    # ...links its copies there, and gives the council's link where there is one.
    hits = json.loads(
        papers_ok(
            runner, "search", '"home to school transport"', "--format", "json", "--limit", "0"
        )
    )
    foi = next(h for h in hits if h["type"] == "page" and h["council"] == "foi")
    archived = second.files.url(imported.file_path or "")
    assert foi["document_url"] == archived and foi["url"] == f"{archived}#page=1"
    assert foi["archived_url"] == f"{archived}#page=1"
    crawled = json.loads(papers_ok(runner, "search", '"edge of care"', "--format", "json"))
    page = next(h for h in crawled if h["type"] == "page")
    assert page["url"].startswith(sample_site.base_url) and page["url"].endswith(
        f"#page={page['page']}"
    )
    assert page["archived_url"].startswith(mounted.as_uri())

    rows = json.loads(papers_ok(runner, "export", "documents", "--format", "json"))
    for row in rows:
        assert row["archived_url"] == (second.files.url(row["file_path"]))
        assert row["url"] == (archived if row["council"] == "foi" else row["url"])
        assert row["council"] == "foi" or row["url"].startswith(sample_site.base_url)
    shown = papers_ok(runner, "show", "document", str(imported.id))
    assert f"url: {archived}" in shown
    engine.dispose()


def _keys_and_urls(engine: Engine) -> list[tuple[str, str | None, str | None]]:
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT d.url, d.file_path, v.file_path FROM documents d"
                " LEFT JOIN document_versions v ON v.document_id = d.id ORDER BY d.id"
            )
        )
        return [tuple(row) for row in rows]  # type: ignore[misc]


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'papers.db'}"
    return str(request.getfixturevalue("postgres_url"))


def test_0008_keeps_each_file_under_its_key_both_ways(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PAPERS_HOME", str(tmp_path))  # the home of a PostgreSQL database
    engine = make_engine(database_url)
    upgrade(engine, "0007")
    # Rows written as version 0007 wrote them: not through this version's engine,
    # which indexes each commit with this version's search columns.
    writer = create_engine(database_url, poolclass=NullPool)
    imported = (tmp_path / "files" / "cd" / "ef" / "cdef.pdf").as_uri()
    before = [
        (
            "https://example.gov.uk/documents/s1/a.pdf",
            "files/ab/cd/abcd.pdf",
            "files/ab/cd/abcd.pdf",
        ),
        (imported, "files/cd/ef/cdef.pdf", "files/cd/ef/cdef.pdf"),
        (f"{COUNCIL}/s2/b.pdf", None, None),
    ]
    with writer.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO councils (id, slug, name, platform, timezone, created_at)"
                " VALUES (1, 'x', 'X', 'local', 'Europe/London', '2026-01-01')"
            )
        )
        for doc_id, (url, path, version) in enumerate(before, 1):
            connection.execute(
                text(
                    "INSERT INTO documents (id, council_id, url, title, kind, text_status,"
                    " file_path, first_seen, last_changed) VALUES"
                    " (:id, 1, :url, 'A', 'report', 'ok', :path, '2026-01-01', '2026-01-01')"
                ),
                {"id": doc_id, "url": url, "path": path},
            )
            if version:
                connection.execute(
                    text(
                        "INSERT INTO document_versions (document_id, sha256, size, file_path,"
                        " fetched_at) VALUES (:id, 'x', 1, :path, '2026-01-01')"
                    ),
                    {"id": doc_id, "path": version},
                )
    upgrade(engine)
    assert _keys_and_urls(engine) == [
        (f"{COUNCIL}/s1/a.pdf", "ab/cd/abcd.pdf", "ab/cd/abcd.pdf"),
        ("papers:cd/ef/cdef.pdf", "cd/ef/cdef.pdf", "cd/ef/cdef.pdf"),
        (f"{COUNCIL}/s2/b.pdf", None, None),
    ]
    if engine.dialect.name == "postgresql":  # the search index links by key, refreshed
        with engine.connect() as connection:
            found = connection.execute(text("SELECT id, document_file FROM search_units"))
            assert set(found) >= {
                ("document:1", "ab/cd/abcd.pdf"),
                ("document:2", "cd/ef/cdef.pdf"),
            }
    downgrade(engine, "0007")
    assert _keys_and_urls(engine) == before
    engine.dispose()
    writer.dispose()


@contextmanager
def _small_files() -> Iterator[None]:
    """This process may write no file past 1 MB for the test: a real write error
    (EFBIG) at the limit, as a full disk gives, with SIGXFSZ ignored so the
    write fails rather than killing the process."""
    limit = 1024 * 1024
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    before = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, before)


def test_a_write_error_leaves_no_file_and_no_stored_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = _use_home(monkeypatch, tmp_path / "home", tmp_path / "share").ensure()
    engine = open_database(home)
    add_council(engine, "test", "Test", "moderngov", "https://example.gov.uk/")
    store = CrawlStore(engine, home.files, "test")
    store.start_run()
    url = "https://example.gov.uk/documents/s1/big.pdf"
    body = b"%PDF-1.4\n" + b"0" * (3 * 1024 * 1024)
    item = DocumentFileItem(
        url=url, outcome="downloaded", body=body, content_type="application/pdf"
    )

    with _small_files():
        outcome = store.store_document_file(item)
    assert outcome == "failed"
    assert not [p for p in (tmp_path / "share").rglob("*") if p.is_file()]
    with Session(engine) as session:
        document = session.scalars(select(Document).where(Document.url == url)).one()
        assert (document.sha256, document.file_path, document.etag) == (None, None, None)
        assert "File too large" in (document.error or "")
        assert not list(session.scalars(select(DocumentVersion)))

    # Room again: the next fetch stores it whole.
    assert store.store_document_file(item) == "downloaded"
    with Session(engine) as session:
        document = session.scalars(select(Document).where(Document.url == url)).one()
        assert home.files.read(document.file_path or "") == body
    engine.dispose()
