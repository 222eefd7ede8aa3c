"""Stored files in an S3 bucket (PAPERS_FILES=s3://...), through fsspec and s3fs,
against moto's S3 server on 127.0.0.1: crawl and import into the bucket, then
read, search, show and serve from it, from a second home as well."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from indexer.db import make_engine
from indexer.home import Home
from indexer.models import Document
from scraper.sample_site import SampleCouncilServer
from search_cli.app import app
from tests.cli_support import papers_ok
from tests.extract_support import make_pdf

moto_server = pytest.importorskip(
    "moto.server", reason="S3 tests need moto's server: pip install -e '.[test]'"
)
pytest.importorskip("s3fs", reason="S3 tests need s3fs: pip install -e '.[test]'")

BUCKET = "papers-test"


@pytest.fixture
def s3(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A local S3 server with an empty bucket; its endpoint in PAPERS_FILES_OPTIONS.
    (moto keeps its buckets in the process, from one server to the next.)"""
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        host, port = server.get_host_and_port()
        endpoint = f"http://{host}:{port}"
        # Credentials given, so botocore never looks for them beyond this machine.
        for name, value in {
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_DEFAULT_REGION": "us-east-1",
            "AWS_EC2_METADATA_DISABLED": "true",
        }.items():
            monkeypatch.setenv(name, value)
        monkeypatch.setenv("PAPERS_FILES_OPTIONS", json.dumps({"endpoint_url": endpoint}))
        import fsspec

        bucket = fsspec.filesystem("s3", endpoint_url=endpoint)
        if bucket.exists(BUCKET):
            left = bucket.find(BUCKET)  # by an earlier test
            if left:
                bucket.rm(left)
        else:
            bucket.mkdir(BUCKET)
        yield endpoint
    finally:
        server.stop()


def test_crawl_and_import_into_a_bucket_then_read_from_another_home(
    runner: CliRunner,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    s3: str,
    sample_site: SampleCouncilServer,
    database_kind: str,
) -> None:
    if database_kind == "sqlite":  # both homes on one database
        monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'shared.db'}")
    monkeypatch.setenv("PAPERS_FILES", f"s3://{BUCKET}/archive")
    monkeypatch.setenv("PAPERS_HOME", str(tmp_path / "first"))
    papers_ok(runner, "councils", "add", sample_site.base_url, "--slug", "sampleshire")
    assert "0 failed" in papers_ok(runner, "crawl", "sampleshire")  # stored by the crawl's child
    report = make_pdf(tmp_path / "foi.pdf", [["An FOI reply on home to school transport"]])
    papers_ok(runner, "import", str(report), "--council", "foi", "--kind", "report")
    first = Home.from_env()
    assert json.loads(papers_ok(runner, "status", "--format", "json"))["files"] == (
        f"s3://{BUCKET}/archive"
    )

    # Every stored file is an object in the bucket, read there for its text.
    import fsspec

    bucket = fsspec.filesystem("s3", endpoint_url=s3)
    engine = make_engine(first.database_url)
    with Session(engine) as session:
        documents = list(session.scalars(select(Document).where(Document.file_path.is_not(None))))
    assert documents and not (first.root / "files").exists()
    for document in documents:
        stored = bucket.cat_file(f"{BUCKET}/archive/{document.file_path}")
        assert len(stored) == document.size
        assert document.text_status in ("ok", "no_text_layer"), document.error
    imported = next(d for d in documents if d.url.startswith("papers:"))

    # A second home on the same database and bucket, readers sent to a web server.
    monkeypatch.setenv("PAPERS_HOME", str(tmp_path / "second"))
    monkeypatch.setenv("PAPERS_FILES_URL", "https://files.example.org/papers/")
    archived = f"https://files.example.org/papers/{imported.file_path}"
    hits = json.loads(
        papers_ok(
            runner, "search", '"home to school transport"', "--format", "json", "--limit", "0"
        )
    )
    foi = next(h for h in hits if h["type"] == "page" and h["council"] == "foi")
    assert (foi["url"], foi["archived_url"]) == (f"{archived}#page=1", f"{archived}#page=1")
    shown = json.loads(papers_ok(runner, "show", "document", str(imported.id), "--format", "json"))
    assert shown["url"] == shown["archived_url"] == archived
    assert shown["text_status"] == "ok"

    # The web page serves our copy from the bucket.
    httpx = pytest.importorskip("httpx")
    from search_cli.web.app import create_app
    from search_cli.web.server import running

    second = Home.from_env()
    with (
        running(create_app(second, engine)) as base_url,
        httpx.Client(base_url=base_url) as http,
    ):
        served = http.get(f"/documents/{imported.id}/file")
        assert served.status_code == 200
        assert served.content == report.read_bytes()
        assert served.headers["content-type"] == "application/pdf"
        assert http.get("/documents/999999/file").status_code == 404
        found = http.get("/", params={"q": '"home to school transport"', "council": "foi"})
        assert f'href="/documents/{imported.id}/file#page=1"' in found.text
    engine.dispose()


def test_a_bucket_that_refuses_is_one_line_and_stores_no_row(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, s3: str
) -> None:
    monkeypatch.setenv("PAPERS_FILES", "s3://no-such-bucket/archive")
    monkeypatch.setenv("PAPERS_HOME", str(tmp_path / "home"))
    report = make_pdf(tmp_path / "foi.pdf", [["An FOI reply"]])
    result = runner.invoke(app, ["import", str(report), "--council", "foi"])
    assert result.exit_code == 1
    line = result.stderr.strip()
    assert "\n" not in line and "Traceback" not in result.output
    assert line.startswith("Error: Cannot write ") and "in s3://no-such-bucket/archive" in line
    engine = make_engine(Home.from_env().database_url)
    with Session(engine) as session:
        assert session.scalars(select(Document)).first() is None
    engine.dispose()
