"""`papers serve` over real HTTP: uvicorn on 127.0.0.1, requests with httpx,
on a home built by `papers demo` (see tests/web_support.py)."""

from __future__ import annotations

import csv
import html
import io
import json
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from html import escape
from xml.etree import ElementTree as ET

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

httpx = pytest.importorskip("httpx", reason="the web tests need httpx (the test extra)")
pytest.importorskip("starlette", reason="papers serve needs the web extra")

from indexer.hosts import is_loopback as _loopback  # noqa: E402
from indexer.models import Committee, Meeting  # noqa: E402
from search_cli.app import app  # noqa: E402
from search_cli.commands.serve import web_extra_installed  # noqa: E402
from search_cli.web import ics  # noqa: E402
from search_cli.web.app import create_app, http_url, marked  # noqa: E402
from search_cli.web.server import running  # noqa: E402
from tests.web_support import (  # noqa: E402,F401
    HOSTILE_WORD,
    JS_URL,
    WebHome,
    cli_env,
    web_home_fixture,
)

pytestmark = pytest.mark.slow
PHRASE = '"edge of care"'


@pytest.fixture(scope="module")
def client(web_home: WebHome) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=web_home.base_url, timeout=60) as http:
        yield http


def cli_json(web_home: WebHome, *args: str) -> object:
    result = CliRunner().invoke(
        app, ["--home", str(web_home.home.root), *args], env=cli_env(web_home)
    )
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def committee_id(web_home: WebHome) -> int:
    with web_home.engine.connect() as conn:
        return int(conn.execute(select(Committee.id).order_by(Committee.id)).scalars().first())


def assert_escaped(html: str) -> None:
    """Council text shows as text: no live script, no javascript: link, no injected tag."""
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert 'href="javascript:' not in html.lower()
    assert "<img src=x" not in html


# --- every page --------------------------------------------------------------


def test_every_page_answers(web_home: WebHome, client: httpx.Client) -> None:
    committee = committee_id(web_home)
    pages = {
        "/": "Search council papers",
        "/councils": "Sampleshire",
        "/councils/sampleshire": "Committees",
        f"/councils/sampleshire/committees/{committee}": "Work programme",
        "/upcoming": "Coming up",
        "/watches": "edge-of-care",
        "/watches/edge-of-care": "Recent news",
        "/watches/new?q=care": 'value="care"',
        "/export": "agenda-items",
        "/status": "Last crawl per council",
        f"/meetings/{web_home.hostile_meeting}": "Attendance",
    }
    for path, text in pages.items():
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.headers["content-type"].startswith("text/html"), path
        assert text in response.text, path
        assert '<html lang="en">' in response.text and "<h1>" in response.text, path
        assert "built-in method" not in response.text and "Undefined" not in response.text, path
    committee_html = client.get(f"/councils/sampleshire/committees/{committee}").text
    # Each meeting row: date, status, how many items and documents.
    assert re.search(
        r'<td class="status-held">held</td><td>[1-9]\d*</td><td>\d+</td>', committee_html
    )


def test_search_is_the_cli_search(web_home: WebHome, client: httpx.Client) -> None:
    cli = cli_json(web_home, "search", PHRASE, "--format", "json", "--limit", "0")
    web = client.get("/search.json", params={"q": PHRASE}).json()
    assert web == cli and len(web) > 3
    rows = list(csv.DictReader(io.StringIO(client.get("/search.csv", params={"q": PHRASE}).text)))
    assert [r["id"] for r in rows] == [h["id"] for h in cli]
    # The same with filters: the newest first, resolutions only.
    args = {"q": PHRASE, "kind": "resolution", "sort": "newest"}
    web = client.get("/search.json", params=args).json()
    cli = cli_json(
        web_home, "search", PHRASE, "--kind", "resolution", "--sort", "newest",
        "--format", "json", "--limit", "0",
    )  # fmt: skip
    assert web == cli and web and all(h["type"] == "resolution" for h in web)
    # Every kind the CLI takes, the page takes: papers found by their title too.
    web = client.get("/search.json", params={"q": PHRASE, "kind": "document"}).json()
    cli = cli_json(web_home, "search", PHRASE, "--kind", "document", "--format", "json")
    assert web == cli and web and all(h["type"] == "document" for h in web)
    # The page itself: the hits and counts of `papers search --facets`, in order.
    page = client.get("/", params={"q": PHRASE}).text
    shown = re.findall(r'<p class="meta">(\S+) · [^<]*<span class="kind">([\w-]+)</span>', page)
    cli = cli_json(web_home, "search", PHRASE, "--facets", "--limit", "20", "--format", "json")
    assert isinstance(cli, dict)
    assert shown == [(h["meeting_date"] or "undated", h["type"]) for h in cli["hits"]]
    # The page's facet counts are the CLI's.
    offered = re.findall(r'>([^<]+)</a> <span class="count">(\d+)</span>', page)
    counted = [(str(v), str(n)) for counts in cli["facets"].values() for v, n in counts.items()]
    assert sorted((html.unescape(v), n) for v, n in offered) == sorted(counted)


def test_search_page_marks_cites_and_links_the_page(
    web_home: WebHome, client: httpx.Client
) -> None:
    page = client.get("/", params={"q": PHRASE, "kind": "page"})
    assert page.status_code == 200
    html = page.text
    assert re.search(r"<mark>edge of care</mark>", html, re.IGNORECASE)
    assert "**" not in html
    assert ", p. " in html  # the citation: paper and page
    local = re.findall(r'href="(/documents/\d+/file#page=(\d+))"', html)
    assert local
    pdf = client.get(local[0][0].split("#")[0])
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert pdf.headers["content-type"] == "application/pdf"
    # The permalink and the "watch this search" link carry the search.
    assert 'href="/?q=%22edge+of+care%22&amp;kind=page"' in html
    assert 'href="/watches/new?q=%22edge+of+care%22&amp;kind=page"' in html


def test_facets_count_and_narrow(client: httpx.Client) -> None:
    html = client.get("/", params={"q": "care"}).text
    years = re.findall(
        r'<a href="(/\?q=care&amp;since=(\d{4})-01-01&amp;until=\d{4}-12-31)">', html
    )
    assert len(years) >= 2
    link, year = years[0]
    narrowed = client.get(link.replace("&amp;", "&")).text
    dates = re.findall(r'<p class="meta">(\d{4})-\d{2}-\d{2}', narrowed)
    assert dates and set(dates) == {year}
    committee = re.search(r'<a href="(/\?q=care&amp;committee=[^"]+)">([^<]+)</a>', html)
    assert committee
    narrowed = client.get(committee.group(1).replace("&amp;", "&")).text
    assert 'id="committee" name="committee" value="' + committee.group(2) in narrowed


def test_group_by_meeting(client: httpx.Client) -> None:
    html = client.get("/", params={"q": PHRASE, "group": "meeting"}).text
    assert html.count('class="group-heading"') >= 2


def test_meeting_page(web_home: WebHome, client: httpx.Client) -> None:
    resolution = next(
        h
        for h in cli_json(web_home, "search", PHRASE, "--format", "json", "--limit", "0")
        if h["type"] == "resolution"  # type: ignore[index]
    )
    detail = cli_json(
        web_home, "show", "meeting", str(resolution["meeting_id"]), "--format", "json"
    )
    html = client.get(f"/meetings/{resolution['meeting_id']}").text
    assert escape(detail["committee"]) in html  # type: ignore[index]
    for item in detail["items"]:  # type: ignore[index]
        assert f'<span class="number">{item["number"]}</span>' in html
    assert "Apologies" in html and "Chair" in html
    assert "RESOLVED" in html and "<h4>Minutes</h4>" in html
    assert "text-ok" in html  # each document with its text status
    assert f'href="{escape(detail["url"])}"' in html  # type: ignore[index]
    items = re.search(r'href="(/export/agenda-items\.json\?[^"]+)"', html)
    assert items
    rows = client.get(items.group(1).replace("&amp;", "&")).json()
    assert {r["meeting_id"] for r in rows} == {resolution["meeting_id"]}
    assert len(rows) == len(detail["items"])  # type: ignore[index]


def test_unknown_pages_are_404_pages(client: httpx.Client) -> None:
    for path in (
        "/meetings/999999",
        "/meetings/99999999999999999999999",
        "/documents/99999999999999999999999/file",
        "/councils/sampleshire/committees/99999999999999999999999/meetings.ics",
        "/meetings/abc",
        "/councils/nowhere",
        "/councils/sampleshire/committees/999999",
        "/watches/nope",
        "/watches/nope/feed.atom",
        "/documents/999999/file",
        "/export/nothing.csv",
        "/search.xml?q=care",
        "/no/such/page",
    ):
        response = client.get(path)
        assert response.status_code == 404, path
        assert "Not found" in response.text and "<h1>" in response.text, path


def test_bad_dates_are_messages_not_500(client: httpx.Client) -> None:
    for path in ("/", "/upcoming", "/export/meetings.csv", "/search.csv"):
        response = client.get(path, params={"q": "care", "since": "2024-13-45"})
        assert response.status_code == 400, path
        assert "is not a date: use YYYY-MM-DD" in response.text, path
    response = client.get("/", params={"q": "care", "since": "2025-01-01", "until": "2024-01-01"})
    assert "after the" in response.text
    unknown = client.get("/", params={"q": "care", "council": "atlantis"})
    assert unknown.status_code == 400 and "No council" in unknown.text


def test_council_text_is_escaped_everywhere(web_home: WebHome, client: httpx.Client) -> None:
    meeting = client.get(f"/meetings/{web_home.hostile_meeting}").text
    assert_escaped(meeting)
    assert "this link" in meeting  # the minutes are shown, as text
    search = client.get("/", params={"q": HOSTILE_WORD}).text
    assert_escaped(search)
    assert f"<mark>{HOSTILE_WORD}</mark>" in search
    assert JS_URL not in re.findall(r'href="([^"]*)"', search)


def test_only_http_urls_are_links() -> None:
    assert http_url("https://example.gov.uk/a.pdf") == "https://example.gov.uk/a.pdf"
    for bad in (JS_URL, " JavaScript:alert(1)", "data:text/html,x", "vbscript:x", "", None):
        assert http_url(bad) is None
    assert str(marked("a **<b>x</b>** c")) == "a <mark>&lt;b&gt;x&lt;/b&gt;</mark> c"


# --- watches, feeds ----------------------------------------------------------


def _token(client: httpx.Client) -> str:
    html = client.get("/watches/new", params={"q": "transport"}).text
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)  # type: ignore[union-attr]


def test_add_watch_with_csrf_feed_and_remove(web_home: WebHome) -> None:
    with httpx.Client(base_url=web_home.base_url, timeout=60) as client:
        token = _token(client)
        form = {"csrf_token": token, "name": "web-transport", "query": "transport", "backfill": "1"}
        added = client.post("/watches", data=form)
        assert added.status_code == 303 and added.headers["location"] == "/watches/web-transport"
        assert "web-transport" in client.get("/watches").text
        feed = client.get("/watches/web-transport/feed.atom")
        assert feed.headers["content-type"].startswith("application/atom+xml")
        entries = ET.fromstring(feed.content).findall("{http://www.w3.org/2005/Atom}entry")
        assert entries  # backfill: what matches now is news
        again = client.get("/watches/web-transport/feed.atom").content
        assert ET.fromstring(again).find("{http://www.w3.org/2005/Atom}id").text == (  # type: ignore[union-attr]
            ET.fromstring(feed.content).find("{http://www.w3.org/2005/Atom}id").text  # type: ignore[union-attr]
        )
        duplicate = client.post("/watches", data=form)
        assert duplicate.status_code == 400 and "already exists" in duplicate.text
        bad_name = client.post("/watches", data=form | {"name": "no spaces"})
        assert bad_name.status_code == 400 and "Cannot use" in bad_name.text
        removed = client.post("/watches/web-transport/remove", data={"csrf_token": token})
        assert removed.status_code == 303
        assert client.get("/watches/web-transport").status_code == 404


def test_changes_without_the_token_are_refused(web_home: WebHome) -> None:
    with httpx.Client(base_url=web_home.base_url, timeout=60) as client:
        _token(client)  # the cookie is set, but the form does not carry it
        for data in ({"name": "forged", "query": "care"}, {"csrf_token": "x" * 43, "name": "f2"}):
            refused = client.post("/watches", data=data | {"query": "care"})
            assert refused.status_code == 403 and "security token" in refused.text
        refused = client.post("/watches/edge-of-care/remove", data={})
        assert refused.status_code == 403
    # Another site's form: the browser sends no cookie of ours with it.
    with httpx.Client(base_url=web_home.base_url, timeout=60) as stranger:
        forged = stranger.post("/watches/edge-of-care/remove", data={"csrf_token": "guess"})
        assert forged.status_code == 403
    names = [w["name"] for w in cli_json(web_home, "watch", "list", "--format", "json")]  # type: ignore[index, union-attr]
    assert "edge-of-care" in names and "forged" not in names


def test_read_only_turns_off_every_change(web_home: WebHome) -> None:
    read_only = create_app(web_home.home, web_home.engine, read_only=True)
    with running(read_only) as base, httpx.Client(base_url=base, timeout=60) as client:
        html = client.get("/watches").text
        assert "Read-only" in html and '<form method="post"' not in html
        token = client.cookies.get("papers_csrf")
        refused = client.post("/watches/edge-of-care/remove", data={"csrf_token": token or ""})
        assert refused.status_code == 403 and "--read-only" in refused.text
        assert "Watch this search" not in client.get("/", params={"q": "care"}).text
    names = [w["name"] for w in cli_json(web_home, "watch", "list", "--format", "json")]  # type: ignore[index, union-attr]
    assert "edge-of-care" in names


def test_calendars(web_home: WebHome, client: httpx.Client) -> None:
    response = client.get("/councils/sampleshire/meetings.ics")
    assert response.headers["content-type"].startswith("text/calendar")
    body = response.content.decode("utf-8")
    lines = body.split("\r\n")
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-2] == "END:VCALENDAR" and lines[-1] == ""
    assert "\n" not in body.replace("\r\n", "")  # every line ends CRLF
    assert all(len(line.encode()) <= 75 for line in lines)
    uids = [line for line in lines if line.startswith("UID:")]
    assert uids and len(uids) == len(set(uids)) == body.count("BEGIN:VEVENT")
    assert body.count("DTSTAMP:") == len(uids)
    with web_home.engine.connect() as conn:
        upcoming = conn.execute(select(Meeting).where(Meeting.status == "scheduled")).all()
    assert upcoming
    committee = committee_id(web_home)
    one = client.get(f"/councils/sampleshire/committees/{committee}/meetings.ics").text
    assert 0 < one.count("BEGIN:VEVENT") <= body.count("BEGIN:VEVENT")


def test_ics_writing_rules() -> None:
    assert ics.escape_text("a, b; c\\d\ne") == "a\\, b\\; c\\\\d\\ne"
    folded = ics.fold("SUMMARY:" + "é" * 80)
    pieces = folded.split("\r\n")
    assert all(len(p.encode()) <= 75 for p in pieces) and all(p[0] == " " for p in pieces[1:])
    assert "".join(p[1:] if i else p for i, p in enumerate(pieces)) == "SUMMARY:" + "é" * 80


# --- exports -----------------------------------------------------------------


def test_table_exports_are_papers_export(web_home: WebHome, client: httpx.Client) -> None:
    result = CliRunner().invoke(
        app, ["--home", str(web_home.home.root), "export", "meetings"], env=cli_env(web_home)
    )
    web = client.get("/export/meetings.csv")
    assert web.headers["content-disposition"] == 'attachment; filename="meetings.csv"'
    assert list(csv.reader(io.StringIO(web.text))) == list(csv.reader(io.StringIO(result.stdout)))
    rows = client.get("/export/resolutions.json", params={"council": "sampleshire"}).json()
    assert rows and {"council", "committee", "meeting_date", "text"} <= set(rows[0])
    since = client.get("/export/meetings.json", params={"since": "2099-01-01"}).json()
    assert since == []


# --- the command -------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_papers_serve_command(web_home: WebHome) -> None:
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": os.getcwd()}
    env.pop("DATABASE_URL", None)
    if web_home.home.database_url_override:
        env["DATABASE_URL"] = web_home.home.database_url_override
    command = [sys.executable, "-m", "search_cli", "--home", str(web_home.home.root)]
    server = subprocess.Popen(
        [*command, "serve", "--port", str(port), "--read-only"],
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert server.stderr is not None
        first = server.stderr.readline()
        assert f"at http://127.0.0.1:{port}/" in first and "read-only" in first
        deadline = time.monotonic() + 60
        while True:  # the message comes just before uvicorn listens
            try:
                status = httpx.get(f"http://127.0.0.1:{port}/status", timeout=10)
                break
            except httpx.ConnectError:
                assert time.monotonic() < deadline and server.poll() is None
                time.sleep(0.1)
        assert status.status_code == 200 and "sampleshire" in status.text
    finally:
        server.terminate()
        server.wait(60)


def test_missing_web_extra_is_one_line(web_home: WebHome) -> None:
    code = (
        "import sys; sys.modules['starlette'] = None\n"
        "from search_cli.app import main; sys.argv = ['papers', 'serve']; main()"
    )
    env = {**os.environ, "PYTHONPATH": os.getcwd(), "PAPERS_HOME": str(web_home.home.root)}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        "Error: papers serve needs the web extra, which is not installed "
        "(pip install 'council-papers[web]')"
    ]


def test_the_demo_knows_whether_the_web_extra_is_there() -> None:
    code = (
        "import sys; sys.modules['starlette'] = None\n"
        "from search_cli.commands.serve import web_extra_installed\n"
        "print(web_extra_installed())"
    )
    env = {**os.environ, "PYTHONPATH": os.getcwd()}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.stdout.strip() == "False", done.stderr  # the demo then says what to install
    assert web_extra_installed()


def test_loopback_or_a_warning() -> None:
    assert all(map(_loopback, ("127.0.0.1", "localhost", "::1", "127.0.0.2")))
    assert not any(map(_loopback, ("0.0.0.0", "192.168.1.5", "::", "example.org")))


def test_demo_ends_with_the_browser(web_home: WebHome) -> None:
    last = web_home.demo_output.strip().splitlines()[-1]
    assert last == f"See the same data in a web browser: papers --home {web_home.home.root} serve"


def test_status_marks_a_broken_council(web_home: WebHome, client: httpx.Client) -> None:
    from sqlalchemy.orm import Session

    from indexer.models import Council, CrawlRun

    with Session(web_home.engine) as s, s.begin():
        broken = Council(slug="brokenshire", name="Brokenshire", platform="moderngov")
        s.add(broken)
        s.flush()
        s.add(
            CrawlRun(
                council_id=broken.id,
                status="failed",
                errors=[{"url": "https://broken.example/<x>", "reason": "HTTP 503"}],
            )
        )
    html = client.get("/status").text
    row = re.search(r'<tr class="broken"><td><a href="/councils/brokenshire">', html)
    assert row and "failed" in html
    assert "https://broken.example/&lt;x&gt;" in html and "HTTP 503" in html
    ok_row = re.search(r'<tr class=""><td><a href="/councils/sampleshire">', html)
    assert ok_row


def test_a_malformed_query_is_a_message(client: httpx.Client) -> None:
    response = client.get("/", params={"q": '"edge of'})
    assert response.status_code == 400
    assert "unclosed quote" in response.text and 'value="&#34;edge of"' in response.text
