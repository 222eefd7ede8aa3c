"""Councils: names, addresses, detection against 127.0.0.1, and the CLI commands."""

from __future__ import annotations

import json
import socket
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scraper.councils import (
    UnknownSiteError,
    built_in,
    detect_moderngov,
    normalise_base_url,
    resolve,
    slugify,
)
from scraper.run import add_months, crawl_window
from scraper.site_server import Resource, SiteServer
from search_cli.app import app
from tests.crawl_support import kingston_routes


def closed_port_url() -> str:
    """An address on 127.0.0.1 where nothing listens."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/"


@pytest.mark.parametrize(
    ("typed", "base"),
    [
        ("moderngov.kingston.gov.uk", "https://moderngov.kingston.gov.uk/"),
        (
            "https://moderngov.kingston.gov.uk/mgCommitteeStructure.aspx?bcr=1",
            "https://moderngov.kingston.gov.uk/",
        ),
        (
            "HTTPS://Democracy.Example.gov.uk/democracy",
            "https://democracy.example.gov.uk/democracy/",
        ),
        ("http://127.0.0.1:8080/ieListMeetings.aspx?CId=1#x", "http://127.0.0.1:8080/"),
    ],
)
def test_normalise_base_url(typed: str, base: str) -> None:
    assert normalise_base_url(typed) == base


def test_normalise_rejects_what_is_not_a_web_address() -> None:
    with pytest.raises(UnknownSiteError, match="Not a web address"):
        normalise_base_url("ftp://example.org/")


def test_built_in_names_resolve_without_the_network() -> None:
    assert slugify("Kingston upon Thames") == "kingston-upon-thames"
    site = resolve("Staffordshire")
    assert (site.slug, site.name, site.base_url) == (
        "staffordshire",
        "Staffordshire",
        "https://moderngov.staffordshire.gov.uk/",
    )
    kingston = built_in("kingston upon thames")
    assert kingston is not None and kingston.base_url == "https://moderngov.kingston.gov.uk/"
    assert resolve("manchester", slug="mcr").slug == "mcr"


def test_unknown_name_is_a_clear_error() -> None:
    with pytest.raises(UnknownSiteError) as error:
        resolve("atlantis")
    assert "Unknown council 'atlantis'" in str(error.value)
    assert "stockport" in str(error.value)


def test_detects_moderngov_pages_and_names_the_council(shared_fixtures: Path) -> None:
    with SiteServer(kingston_routes(shared_fixtures)) as site:
        base_url = site.base_url + "/"
        site_found = resolve(base_url + "mgCommitteeStructure.aspx")
    assert site_found.name == "Kingston upon Thames"
    assert site_found.slug == "kingston-upon-thames"
    assert site_found.base_url == base_url


def test_detects_the_web_service(shared_fixtures: Path) -> None:
    xml = shared_fixtures / "moderngov/manchester-webservice/manchester_GetCommittees.xml"
    with SiteServer(
        {"/mgWebService.asmx/GetCommittees": Resource(xml.read_bytes(), "text/xml")}
    ) as site:
        # No page carries a title: the service alone proves the platform.
        assert detect_moderngov(site.base_url + "/") is None


def test_a_site_that_is_not_moderngov_says_what_was_tried() -> None:
    with SiteServer({"/": Resource(b"<html><title>A blog</title><p>Hello</p></html>")}) as site:
        with pytest.raises(UnknownSiteError) as error:
            resolve(site.base_url)
        base_url = site.base_url + "/"
    message = str(error.value)
    assert message.startswith(f"No ModernGov site found at {base_url}")
    assert "mgWebService.asmx/GetCommittees (HTTP 404)" in message
    assert "(no ModernGov markup)" in message


def test_crawl_window_defaults_to_last_12_and_next_3_months() -> None:
    assert crawl_window(None, None, date(2026, 11, 23)) == (date(2025, 11, 23), date(2027, 2, 23))
    assert add_months(date(2026, 5, 31), -3) == date(2026, 2, 28)
    assert crawl_window(date(2026, 1, 1), None, date(2026, 3, 1))[0] == date(2026, 1, 1)


# --- the commands ------------------------------------------------------------------


def papers(runner: CliRunner, *args: str, stdin: str | None = None):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args), input=stdin)


def test_councils_add_list_remove(runner: CliRunner, home: object, shared_fixtures: Path) -> None:
    with SiteServer(kingston_routes(shared_fixtures)) as site:
        added = papers(runner, "councils", "add", site.base_url)
        assert added.exit_code == 0, added.output
        assert "Added kingston-upon-thames: Kingston upon Thames" in added.stderr

        again = papers(runner, "councils", "add", site.base_url, "--slug", "rbk")
        assert again.exit_code == 1
        assert again.stderr.startswith("Error: Council 'kingston-upon-thames'")

    assert papers(runner, "councils", "add", "stockport", "--name", "Stockport MBC").exit_code == 0
    listed = papers(runner, "councils", "list", "--format", "json")
    assert listed.exit_code == 0
    rows = json.loads(listed.stdout)
    assert [(r["slug"], r["name"], r["meetings"]) for r in rows] == [
        ("kingston-upon-thames", "Kingston upon Thames", 0),
        ("stockport", "Stockport MBC", 0),
    ]
    assert rows[1]["base_url"] == "https://democracy.stockport.gov.uk/"
    # The table fits 80 columns and never cuts the slug people type next.
    table = papers(runner, "councils", "list").stdout
    assert "kingston-upon-thames" in table
    assert max(len(line) for line in table.splitlines()) <= 80

    declined = papers(runner, "councils", "remove", "stockport", stdin="n\n")
    assert declined.exit_code == 1 and "Nothing removed." in declined.stderr
    removed = papers(runner, "councils", "remove", "stockport", "--yes")
    assert removed.exit_code == 0
    gone = papers(runner, "councils", "remove", "stockport", "--yes")
    assert gone.exit_code == 1
    assert gone.stderr.startswith("Error: No council 'stockport' in this home")
    listed = json.loads(papers(runner, "councils", "list", "--format", "json").stdout)
    assert [r["slug"] for r in listed] == ["kingston-upon-thames"]


def test_councils_add_unreachable_site_is_one_line(runner: CliRunner, home: object) -> None:
    url = closed_port_url()
    result = papers(runner, "councils", "add", url)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: No ModernGov site found at {url}; tried {url}")
    assert "Traceback" not in result.output
    assert len(result.stderr.strip().splitlines()) == 1
