"""Redirects in a real crawl: off the council's site (another port on the same
host counts) or back to itself, each document is recorded as failed with why."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from indexer.home import Home
from indexer.models import Document
from indexer.store.councils import add_council
from scraper.middlewares import same_site
from scraper.run import SETTINGS_ENV, CrawlJob, run_crawl
from scraper.site_server import Resource, SiteServer
from tests.crawl_support import (
    FAST,
    KINGSTON_COMMITTEE,
    KINGSTON_PDFS,
    KINGSTON_WINDOW,
    kingston_routes,
)

pytestmark = pytest.mark.slow

ZEBRA, MANORGATE = sorted(KINGSTON_PDFS, key=lambda path: "Zebra" not in path)


def _redirect(location: str) -> Resource:
    return Resource(b"", status=302, headers={"Location": location})


def test_redirects_off_the_site_or_to_itself_are_failures_with_a_reason(
    shared_fixtures: Path, home: Home, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(SETTINGS_ENV, json.dumps(FAST))
    elsewhere = SiteServer({"/planted.pdf": Resource(b"%PDF-1.4 planted", "application/pdf")})
    with SiteServer(kingston_routes(shared_fixtures)) as site, elsewhere:
        add_council(engine, "kingston", "Kingston upon Thames", "moderngov", site.base_url + "/")
        planted = elsewhere.base_url + "/planted.pdf"  # 127.0.0.1 too, another port
        site.set(ZEBRA, _redirect(planted))
        site.set(MANORGATE, _redirect(MANORGATE.replace(" ", "%20")))
        job = CrawlJob(
            council="kingston",
            base_url=site.base_url + "/",
            since=date.fromisoformat(KINGSTON_WINDOW[0]),
            until=date.fromisoformat(KINGSTON_WINDOW[1]),
            committee=KINGSTON_COMMITTEE,
        )
        summary = run_crawl(home, job, lambda event: None)
        zebra_url = site.base_url + ZEBRA.replace(" ", "%20")
        manorgate_url = site.base_url + MANORGATE.replace(" ", "%20")

    assert elsewhere.requests == []
    reasons = {error["url"]: error["reason"] for error in summary["errors"]}
    assert reasons[zebra_url] == f"redirected off the council's site, to {planted}"
    assert reasons[manorgate_url] == (
        f"redirected back to itself ({manorgate_url}): a redirect loop"
    )
    with Session(engine) as session:
        for url in (zebra_url, manorgate_url):
            document = session.scalars(select(Document).where(Document.url == url)).one()
            assert document.sha256 is None and document.error == reasons[url]


@pytest.mark.parametrize(
    ("url", "on_site"),
    [
        ("http://127.0.0.1:8000/a.pdf", True),
        ("http://127.0.0.1:8001/a.pdf", False),
        ("https://127.0.0.1:8000/a.pdf", False),
        ("http://localhost:8000/a.pdf", False),
        ("http://127.0.0.1:8000:x/a.pdf", False),
    ],
)
def test_the_site_is_scheme_host_and_port(url: str, on_site: bool) -> None:
    assert same_site(url, "http://127.0.0.1:8000/") is on_site


def test_moving_to_https_on_the_same_host_stays_on_the_site() -> None:
    assert same_site("https://democracy.example.gov.uk/x", "http://democracy.example.gov.uk/")
    assert not same_site("http://democracy.example.gov.uk/x", "https://democracy.example.gov.uk/")
    assert not same_site("https://evil.example/x", "http://democracy.example.gov.uk/")
