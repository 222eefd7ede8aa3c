"""`papers reparse --all` on an existing home upgrades what is stored: what was
read from the text is read again with today's parsers, what the user gave is
kept, and resolutions keep their ids (watches have already reported them)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from indexer.home import Home
from indexer.models import AgendaItem, Document, Meeting, Resolution
from indexer.store.imports import import_files
from search_cli.app import app

MERTON = "pdfs/merton_audit_committee_agenda_2009-10-22.pdf"


def _reparse(runner: CliRunner, home: Home) -> None:
    result = runner.invoke(app, ["--home", str(home.root), "reparse", "--all", "--no-index"])
    assert result.exit_code == 0, result.output


def _state(engine: Engine, document_id: int) -> tuple[str, int, list[int]]:
    with Session(engine) as session:
        document = session.get(Document, document_id)
        assert document is not None
        items = session.scalars(
            select(AgendaItem).where(AgendaItem.meeting_id == document.meeting_id)
        ).all()
        resolutions = sorted(session.scalars(select(Resolution.id)))
        return document.kind, len(items), resolutions


def test_a_kind_read_wrong_by_an_older_version_is_read_again(
    shared_fixtures: Path, engine: Engine, home: Home, runner: CliRunner
) -> None:
    (outcome,) = import_files(engine, home, [shared_fixtures / MERTON], "merton", kind="report")
    assert _state(engine, outcome.document_id)[:2] == ("report", 0)
    # What migration 0003 records for a document imported before it: kind detected.
    with Session(engine) as session, session.begin():
        session.execute(update(Document).values(detected="kind"))
    _reparse(runner, home)
    kind, items, resolutions = _state(engine, outcome.document_id)
    assert kind == "agenda_pack"
    assert items >= 5
    assert resolutions, "the previous meeting's minutes in the pack record resolutions"


def test_a_kind_the_user_gave_is_kept(
    shared_fixtures: Path, engine: Engine, home: Home, runner: CliRunner
) -> None:
    (outcome,) = import_files(engine, home, [shared_fixtures / MERTON], "merton", kind="report")
    _reparse(runner, home)
    assert _state(engine, outcome.document_id)[0] == "report"


def test_resolutions_keep_their_ids(
    shared_fixtures: Path, engine: Engine, home: Home, runner: CliRunner
) -> None:
    (outcome,) = import_files(engine, home, [shared_fixtures / MERTON], "merton")
    before = _state(engine, outcome.document_id)
    assert before[0] == "agenda_pack" and before[2]
    _reparse(runner, home)
    _reparse(runner, home)
    assert _state(engine, outcome.document_id) == before


def test_a_kind_other_the_user_gave_is_kept(
    shared_fixtures: Path, engine: Engine, home: Home
) -> None:
    minutes = shared_fixtures / "kent/kent_cabinet_minutes_2025-01-09.pdf"
    (outcome,) = import_files(engine, home, [minutes], "kent", kind="other")
    assert outcome.kind == "other"


def test_minutes_go_to_the_meeting_the_user_gave(
    shared_fixtures: Path, engine: Engine, home: Home
) -> None:
    minutes = shared_fixtures / "kent/kent_council_minutes_2024-12-19.pdf"
    (outcome,) = import_files(engine, home, [minutes], "kent", meeting_date=date(2024, 12, 20))
    with Session(engine) as session:
        meeting = session.get_one(Document, outcome.document_id).meeting
        assert meeting is not None and meeting.start is not None
        assert meeting.start.date() == date(2024, 12, 20)
        assert len(meeting.resolutions) == 7  # read into the meeting given, not the printed date


def _misfile(engine: Engine, document_id: int, day: date) -> int:
    """File a document under a meeting of its own on a wrong day, as an older
    reader that took its date from the wrong line did."""
    with Session(engine) as session, session.begin():
        document = session.get_one(Document, document_id)
        wrong = Meeting(
            council_id=document.council_id,
            source_id=f"local:0:{day.isoformat()}",
            start=datetime.combine(day, datetime.min.time()),
        )
        session.add(wrong)
        session.flush()
        document.meeting_id = wrong.id
        return wrong.id


def test_a_date_read_from_the_wrong_line_is_read_again(
    shared_fixtures: Path, engine: Engine, home: Home, runner: CliRunner
) -> None:
    supplement = shared_fixtures / "kent/kent_cabinet_supplement_2025-01-30_24-00109.pdf"
    (outcome,) = import_files(engine, home, [supplement], "kent")
    wrong = _misfile(engine, outcome.document_id, date(2025, 1, 29))  # the letter's date
    _reparse(runner, home)
    with Session(engine) as session:
        meeting = session.get_one(Document, outcome.document_id).meeting
        assert meeting is not None and meeting.start is not None
        assert meeting.start.date() == date(2025, 1, 30)
        assert session.get(Meeting, wrong) is None  # nothing else was in it


def test_a_date_no_text_gives_is_dropped_but_one_the_user_gave_is_kept(
    shared_fixtures: Path, engine: Engine, home: Home, runner: CliRunner
) -> None:
    appendix = shared_fixtures / "kent/kent_cabinet_appendix_2025-01-30_mrp.pdf"
    eqia = shared_fixtures / "kent/kent_cabinet_eqia_2025-01-30_24-00096.pdf"
    (read,) = import_files(engine, home, [appendix], "kent")
    (given,) = import_files(engine, home, [eqia], "kent", meeting_date=date(2025, 1, 30))
    with Session(engine) as session, session.begin():
        session.get_one(Document, read.document_id).detected = "kind date"
    _misfile(engine, read.document_id, date(2014, 4, 1))  # a date from its body
    _reparse(runner, home)
    with Session(engine) as session:
        assert session.get_one(Document, read.document_id).meeting_id is None
        kept = session.get_one(Document, given.document_id).meeting
        assert kept is not None and kept.start is not None
        assert kept.start.date() == date(2025, 1, 30)


def test_minutes_moved_off_a_wrong_date_leave_no_ghost_meeting(
    shared_fixtures: Path, engine: Engine, home: Home, runner: CliRunner
) -> None:
    minutes = shared_fixtures / "kent/kent_cabinet_minutes_2025-01-09.pdf"
    (outcome,) = import_files(engine, home, [minutes], "kent")
    with Session(engine) as session, session.begin():  # an older reader's wrong date
        meeting = session.get_one(Document, outcome.document_id).meeting
        assert meeting is not None
        meeting.start, meeting.source_id = datetime(2020, 1, 1, 10), "local:1:2020-01-01"
    _reparse(runner, home)
    with Session(engine) as session:
        (meeting,) = session.scalars(select(Meeting)).all()  # the wrong one is gone
        assert meeting.start is not None and meeting.start.date() == date(2025, 1, 9)
        assert len(meeting.resolutions) == 5 and meeting.attendances


def test_a_first_reparse_moves_nothing(
    shared_fixtures: Path, engine: Engine, home: Home, runner: CliRunner
) -> None:
    # Reports filed by their text first, then the meeting pages (two of whose
    # committees share one name) adopt their meetings.
    papers = [
        *sorted((shared_fixtures / "kent").glob("*minutes*.pdf")),
        *sorted((shared_fixtures / "pdfs").glob("*.pdf")),
        *sorted((shared_fixtures / "moderngov/kingston").glob("*MId*.html")),
    ]
    import_files(engine, home, papers, "mixed")

    def placed() -> dict[int, int | None]:
        with Session(engine) as session:
            return {d: m for d, m in session.execute(select(Document.id, Document.meeting_id))}

    before = placed()
    _reparse(runner, home)
    assert placed() == before


def test_two_resolutions_that_open_alike_keep_their_own_ids(engine: Engine, home: Home) -> None:
    from indexer.models import Council
    from indexer.parse.types import ParsedResolution
    from indexer.store.structure import upsert_resolution

    opening = "RESOLVED that the Cabinet agrees the recommendations set out in the report on"
    with Session(engine) as session, session.begin():
        council = Council(slug="x", name="X", platform="local")
        session.add(council)
        session.flush()
        meeting = Meeting(council_id=council.id, source_id="local:x", start=datetime(2025, 1, 9))
        session.add(meeting)
        session.flush()
        for n, text in enumerate((f"{opening} schools.", f"{opening} roads.")):
            upsert_resolution(
                session, meeting, ParsedResolution("resolved", text), f"fp{n}",
                source="import", position=n, item=None,
            )  # fmt: skip
        first, second = session.scalars(select(Resolution).order_by(Resolution.id)).all()
        first.sources, second.sources = [], []  # as a re-parse begins
        upsert_resolution(
            session, meeting, ParsedResolution("resolved", f"{opening} roads, as amended."),
            "fp-new", source="import", position=0, item=None,
        )  # fmt: skip
        upsert_resolution(
            session, meeting, ParsedResolution("resolved", f"{opening} schools."), "fp0",
            source="import", position=1, item=None,
        )  # fmt: skip
        assert session.get_one(Resolution, first.id).text == f"{opening} schools."
        assert session.get_one(Resolution, second.id).text == f"{opening} roads."
