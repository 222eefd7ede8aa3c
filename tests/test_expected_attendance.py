"""Members a site lists as "Expected" (a meeting not yet held, a cancelled one,
or one whose attendance was never recorded) are stored and shown as
expected, never as present."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, selectinload
from typer.testing import CliRunner

from indexer.home import Home
from indexer.models import Meeting
from indexer.store.attendance import add_attendance
from indexer.store.councils import add_council
from scraper.items import AttendeeData
from scraper.moderngov import webservice
from scraper.run import CrawlJob, run_crawl
from scraper.sample_site import serve_sample_council
from search_cli.app import app
from tests.crawl_support import FAST

TODAY = date(2026, 6, 15)
BASE = "https://democracy.manchester.gov.uk/"


@pytest.fixture
def manchester(shared_fixtures: Path) -> Callable[[str], bytes]:
    folder = shared_fixtures / "moderngov" / "manchester-webservice"
    return lambda name: (folder / name).read_bytes()


@pytest.mark.parametrize(
    "name", ["manchester_GetMeeting_4967.xml", "manchester_GetMeeting_4966_cancelled.xml"]
)
def test_manchester_expected_member_is_expected(
    manchester: Callable[[str], bytes], name: str
) -> None:
    meeting = webservice.parse_meeting(manchester(name), "manchester", BASE)
    # attendance="Expected" roledescription="Committee Member": not a sign he was there.
    assert meeting.attendance == [AttendeeData(person="Councillor Basil Curley", role="expected")]


def test_how_they_attended_replaces_expected() -> None:
    meeting = Meeting()
    assert (
        add_attendance(meeting, [("Councillor Ann Lee", "expected"), ("Bo Kay", "expected")]) == 2
    )
    # The meeting is held: the site (or the minutes) now say how each attended.
    assert add_attendance(meeting, [("Ann Lee", "chair"), ("Cllr Bo Kay", "apologies")]) == 2
    assert sorted((a.person, a.role) for a in meeting.attendances) == [
        ("Ann Lee", "chair"),
        ("Cllr Bo Kay", "apologies"),
    ]
    # Listed as expected again later (the service never marked it): adds nothing.
    assert add_attendance(meeting, [("Councillor Ann Lee", "expected")]) == 0


@pytest.mark.slow
def test_sample_site_meetings_not_held_list_expected_members(
    home: Home, engine: Engine, runner: CliRunner
) -> None:
    with serve_sample_council(TODAY) as site:
        add_council(engine, "sample", "Sampleshire", "moderngov", site.base_url + "/")
        job = CrawlJob(
            council="sample",
            base_url=site.base_url + "/",
            since=TODAY - timedelta(days=400),
            until=TODAY + timedelta(days=200),
            download=False,
            settings=FAST,
        )
        summary = run_crawl(home, job, lambda event: None)
        assert summary["status"] == "ok", summary["errors"]
        held_ids = {str(m.id) for m in site.meetings if m.held}

    with Session(engine) as session:
        meetings = session.scalars(select(Meeting).options(selectinload(Meeting.attendances))).all()
        roles = {m.source_id: {a.role for a in m.attendances} for m in meetings}
        not_held = [m for m in meetings if m.source_id not in held_ids]
        expected = sum(a.role == "expected" for m in meetings for a in m.attendances)
        upcoming = next(m for m in not_held if m.status == "scheduled" and m.attendances)
        cancelled = next(m for m in not_held if m.status == "cancelled")
    assert not_held and expected
    for meeting in not_held:
        assert roles[meeting.source_id] <= {"expected"}, meeting.source_id
    assert all("expected" not in roles[source_id] for source_id in held_ids)
    assert roles[cancelled.source_id] == {"expected"}

    shown = runner.invoke(app, ["show", "meeting", str(upcoming.id), "--format", "json"])
    assert shown.exit_code == 0, shown.output
    people = json.loads(shown.stdout)["attendance"]
    assert people and {p["role"] for p in people} == {"expected"}
    table = runner.invoke(app, ["show", "meeting", str(upcoming.id)]).stdout
    assert "expected" in table and "member" not in table and "chair" not in table

    exported = runner.invoke(app, ["export", "attendance", "--format", "json"])
    assert exported.exit_code == 0, exported.output
    rows = json.loads(exported.stdout)
    assert sum(r["role"] == "expected" for r in rows) == expected
    assert {r["role"] for r in rows if r["meeting_id"] == upcoming.id} == {"expected"}
