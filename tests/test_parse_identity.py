"""Document identity: what a paper is (classify_document) and which meeting it
belongs to (detect_meeting, meeting_file), on short texts written here in several
house styles, and on the real Kent papers with their hand-checked gold."""

from __future__ import annotations

import json
import re
from datetime import date, datetime, time
from pathlib import Path

import pytest
from sqlalchemy import Engine

from indexer.home import Home
from indexer.parse.classify import classify_document, detect_meeting
from indexer.parse.filename import meeting_file
from indexer.parse.heading import read_heading
from indexer.store.imports import import_files
from tests.parse_support import pages

# --- what a document is ------------------------------------------------------

COVER = """Summons to and
Agenda for the
Ordinary Meeting on
Tuesday, 4th
November, 2025
at 2.00 pm"""

SUMMONS_LETTER = """CIVIC OFFICES
Monday, 27 October 2025
To: All Members of the Borough Council
A meeting of the Borough Council will be held in the Assembly Hall on Tuesday,
4th November, 2025 at 2.00 pm to transact the business below.
A G E N D A
1. Apologies for Absence
2. Declarations of Interest
3. Minutes of the meeting held on 9 September 2025
(Pages 1 - 8)
4. Leader's Report
Head of Legal Services"""

NOTICE = """Notice of Meeting
Licensing Sub-Committee
Date: Wednesday 12 March 2025
Time: 10.00 am
Venue: Room 2, Town Hall
1. Election of Chair
2. Declarations of interest
3. Application for a premises licence: The Old Mill"""

LATE_LETTER = """Direct line: 01234 567890
Ask for: Sam Clerk
Date: 24 February 2025
Dear Councillor
PLANNING COMMITTEE - WEDNESDAY, 26 FEBRUARY 2025
Please find enclosed the following papers, which were not available when the
agenda was sent out.
Agenda Item No
5 Land at Mill Lane (Pages 1 - 6)
Yours sincerely
Head of Democratic Services"""

PROPOSAL = """Borough Council - Proposed Record of Decision
Decision to be taken by:
Cabinet Member for Housing
Decision No:
25/00012
Subject: Letting of the repairs contract
Decision:
I agree to award the contract to the preferred bidder."""

REPORT = """From: Cabinet Member for Growth
Corporate Director of Place
To: Cabinet – 5 June 2025
Subject: Town Centre Strategy
Decision No: 25/00031
Key decision: Yes
Classification: Unrestricted
Summary: This report sets out an ambitious agenda for the town centre.
Recommendation(s):
1. Cabinet is asked to adopt the strategy.
2. Cabinet is asked to delegate its delivery."""

MEETING_PAGE = """Skip to main content
Committees
Meetings
Agenda, decisions and minutes
Agenda, decisions and minutes
Health Scrutiny Panel - Tuesday 3 June 2025 6:30 pm
You can view the individual reports for this meeting by selecting the headings below.
Attendance details
Agenda frontsheet
PDF 120 KB
1.
Apologies for absence
2.
Minutes of the previous meeting
Minutes:
The minutes were agreed."""


@pytest.mark.parametrize(
    ("texts", "title", "kind"),
    [
        ([COVER, "", SUMMONS_LETTER], None, "agenda"),  # the agenda is past a cover page
        ([NOTICE], None, "agenda"),
        ([LATE_LETTER, "This page is intentionally left blank", PROPOSAL], None, "supplement"),
        # ModernGov names a supplement pack after its enclosure; the letter still decides.
        (
            [LATE_LETTER, "", PROPOSAL],
            "25-00012 - PROD 26th-Feb-2025 18.30 Planning.pdf",
            "supplement",
        ),
        ([PROPOSAL], None, "appendix"),  # a proposal, not a record of decision
        (["DECISION NOTICE\nCabinet\nMonday 2 June 2025\n1. Budget outturn"], None, "decisions"),
        (["Record of Executive Decisions\nExecutive\n14 May 2025"], None, "decisions"),
        (
            [
                "Equality Impact Assessment\nName of policy: Library opening hours\n"
                "Lead officer: J Roe"
            ],
            None,
            "appendix",
        ),
        (["Assessment form\nPolicy: Parking charges"], "Parking - EqIA.pdf", "appendix"),
        (
            ["Budget Amendment Form\nAmendment\nNumber: 3\nProposer: A Smith Seconder: B Jones"],
            None,
            "other",
        ),
        (
            [
                "Question 4\nFULL COUNCIL\nQuestion by A Smith to B Jones, Leader\n"
                "Why?\nAnswer\nBecause."
            ],
            None,
            "other",
        ),
        ([REPORT], None, "report"),  # "agenda" in a sentence and numbered paragraphs: a report
        ([MEETING_PAGE], None, "other"),  # a meeting page is not an agenda
        # Labels that only mention a decision-taker, an EqIA or late figures: still a report.
        (
            [
                "Report to: Cabinet Member for Highways\nDecision to be taken by: Cabinet Member"
                "\nSubject: Speed limits\nSummary: Figures were not available at the time of"
                "\nwriting.\nEquality Impact Assessment: attached\nRecommendations:"
            ],
            None,
            "report",
        ),
        (
            [
                "Policy Review Appendix 2 – Council 9 July 2025\n"
                "Minutes extract from the Audit Committee"
            ],
            None,
            "appendix",
        ),
        (
            [
                "AUDIT COMMITTEE\nMINUTES of the meeting held on 3 June 2025\n"
                "PRESENT: A Smith, B Jones"
            ],
            None,
            "minutes",
        ),
        (["Some text"], "Agenda frontsheet 04th-Nov-2025 14.00 Borough Council.pdf", "agenda"),
    ],
)
def test_kind_from_all_the_evidence(texts: list[str], title: str | None, kind: str) -> None:
    assert classify_document(texts, title) == kind


def test_a_reports_pack_by_its_title_even_with_one_part() -> None:
    text = SUMMONS_LETTER
    assert classify_document([text], "Public reports pack 04th-Nov-2025 14.00 Council.pdf") == (
        "agenda_pack"
    )


# --- which meeting ----------------------------------------------------------


@pytest.mark.parametrize(
    ("texts", "committee", "when"),
    [
        # The letter's own date and the previous meeting's minutes are not the meeting's.
        ([COVER, "", SUMMONS_LETTER], "Borough Council", datetime(2025, 11, 4, 14, 0)),
        ([LATE_LETTER], "Planning Committee", date(2025, 2, 26)),
        ([NOTICE], "Licensing Sub-Committee", datetime(2025, 3, 12, 10, 0)),
        # "From: ..., Cabinet Member" and "Subject:" are not committees; "To:" is.
        ([REPORT], "Cabinet", date(2025, 6, 5)),
        (
            [
                "Report to: Planning Committee\nDate of meeting: 5 March 2025\n"
                "Report of: Head of Planning"
            ],
            "Planning Committee",
            date(2025, 3, 5),
        ),
        (
            ["Meeting: Overview and Scrutiny Board\nDate: 20 May 2025\nSubject: Waste contract"],
            "Overview and Scrutiny Board",
            date(2025, 5, 20),
        ),
        (
            ["Report of the Director of Resources to the Scrutiny Board\n17 April 2025\nBudget"],
            "Scrutiny Board",
            date(2025, 4, 17),
        ),
        (
            ["By: Chief Executive\nTo: County Council: 15 May 2025\nSubject: Annual report"],
            "County Council",
            date(2025, 5, 15),
        ),
        (
            [
                "Minutes of a meeting of the Cabinet held on Tuesday, 4th March, 2025 at 7.00 pm\n"
                "PRESENT:"
            ],
            "Cabinet",
            datetime(2025, 3, 4, 19, 0),
        ),
        (
            [
                "THE COUNCIL\nSummons\nYou are hereby summoned to attend a meeting of the Council"
                " to be held at the Guildhall on Wednesday 26 February 2025 at 7.00 pm\nAGENDA"
            ],
            "Council",
            datetime(2025, 2, 26, 19, 0),
        ),
        (
            ["DECISION NOTICE\nCABINET - 4 MARCH 2025\nThe following decisions were taken."],
            "Cabinet",
            date(2025, 3, 4),
        ),
        (
            ["Agenda Item 7\nPlanning Committee\n12 March 2025\nReport of the Head of Planning"],
            "Planning Committee",
            date(2025, 3, 12),
        ),
        (
            ["Cabinet\nMeeting page\nCabinet - Thursday 4 December 2025 7:30 pm, CANCELLED"],
            "Cabinet",
            datetime(2025, 12, 4, 19, 30),
        ),
        # A dash with no space before it, and a page number above the heading.
        (
            [
                "2\nSCHOOLS FORUM– 11 June 2025\nMINUTES of the meeting held in Room 4.\n"
                "PRESENT: A Smith"
            ],
            "Schools Forum",
            date(2025, 6, 11),
        ),
        # A time printed under the date, with a condition in brackets.
        (
            [
                "AGENDA\nEXECUTIVE\nMonday, 7th April, 2025, at 4.00 pm\n"
                "(or on the rising of Council)"
            ],
            "Executive",
            datetime(2025, 4, 7, 16, 0),
        ),
    ],
)
def test_the_meeting_from_the_right_line(
    texts: list[str], committee: str, when: date | datetime
) -> None:
    assert detect_meeting(texts) == (committee, when)


@pytest.mark.parametrize(
    "text",
    [
        # Dates in the body of an appendix are not a meeting date.
        "Appendix C\nCapital Strategy\nThe method in use since 1 April 2014 is kept.\n"
        "Funding will change from 1 April 2026; and\nthe Council will review it.",
        # A signed or dispatched date is not the meeting's.
        "Dated: 27 January 2025\nSome notice of intent",
        "Published on 3 March 2025\nForward look",
    ],
)
def test_no_date_rather_than_a_wrong_one(text: str) -> None:
    assert detect_meeting([text])[1] is None


def test_who_a_paper_is_from_is_no_committee() -> None:
    committee, _ = detect_meeting([PROPOSAL])
    assert committee is None  # a Cabinet Member takes it: no meeting
    for text in (
        "From: Jo Bloggs, Cabinet Member for Finance\nSubject: Council Tax Support",
        "ALSO PRESENT: Jo Bloggs, Cabinet Member for Children\nIN ATTENDANCE: officers",
        "Borough Council – Proposed Record of Decision\nDecision No: 25/00001",
        "Decision No: 24/00108\nKey decision\nElectoral Division: All",
        "Venue: Council Chamber, Civic Centre",
        "Essex County Council",
    ):
        assert detect_meeting([text])[0] is None, text


def test_a_proposal_names_the_meeting_that_will_decide() -> None:
    text = (
        "PROPOSED RECORD OF DECISION\nDecision to be taken by:\nCabinet\nDecision No: 25/1\n"
        "Consultation: a report will be presented to Cabinet on 12 June 2025."
    )
    assert detect_meeting([text]) == ("Cabinet", date(2025, 6, 12))
    # A body other than the one deciding gives no date.
    other = text.replace("presented to Cabinet", "presented to Scrutiny Committee")
    assert detect_meeting([other]) == ("Cabinet", None)


def test_the_file_name_fills_in_what_the_text_does_not_print() -> None:
    letter = "Dear Member\nPlease find enclosed the budget amendments.\nYours sincerely"
    name = "Budget Amendments 13th-Feb-2025 09.30 County Council.pdf"
    assert detect_meeting([letter], name) == ("County Council", datetime(2025, 2, 13, 9, 30))
    # The text wins where it says; the name adds the time to the same day.
    frontsheet = "Agenda frontsheet 13th-Mar-2025 15.00 Cabinet.pdf"
    assert detect_meeting(["CABINET\n13 March 2025"], frontsheet) == (
        "Cabinet",
        datetime(2025, 3, 13, 15, 0),
    )
    assert detect_meeting(["nothing here"], "24-00096 - EQIA.pdf") == (None, None)


@pytest.mark.parametrize(
    ("name", "prefix", "day", "at", "committee", "kind"),
    [
        ("Agenda frontsheet 13th-Mar-2025 15.00 Cabinet.pdf", "Agenda frontsheet",
         date(2025, 3, 13), time(15, 0), "Cabinet", "agenda"),
        ("Public reports pack 02nd-Oct-2024 19.30 Planning Committee.pdf", "Public reports pack",
         date(2024, 10, 2), time(19, 30), "Planning Committee", "agenda_pack"),
        ("Printed minutes 21st-Jan-2025 10.00 Audit and Governance Committee.pdf",
         "Printed minutes", date(2025, 1, 21), time(10, 0), "Audit and Governance Committee",
         "minutes"),
        ("Item 4 Supplement - Housing 09th-Jan-2025 10.00 Council.pdf",
         "Item 4 Supplement - Housing", date(2025, 1, 9), time(10, 0), "Council", "supplement"),
        ("Late papers 05th-May-2025 18.00 Executive.pdf", "Late papers", date(2025, 5, 5),
         time(18, 0), "Executive", None),
        ("(Public Pack)Agenda Document for Cabinet, 13_03_2025 15_00.pdf", "public pack",
         date(2025, 3, 13), time(15, 0), "Cabinet", "agenda_pack"),
    ],
)  # fmt: skip
def test_moderngov_file_names(
    name: str, prefix: str, day: date, at: time, committee: str, kind: str | None
) -> None:
    found = meeting_file(name)
    assert found is not None
    assert (found.prefix, found.day, found.at, found.committee, found.kind) == (
        prefix,
        day,
        at,
        committee,
        kind,
    )


@pytest.mark.parametrize(
    "name",
    ["24-00096 - EQIA.pdf", "Cabinet Report 4 March 2025.pdf", "31st-Feb-2025 10.00 X.pdf", ""],
)
def test_names_that_name_no_meeting(name: str) -> None:
    assert meeting_file(name) is None


def test_hostile_headings_finish() -> None:
    """Long or garbled first pages and names: every pattern is linear (no timing asserted)."""
    long_line = "Committee – " * 20_000 + "1 January 2025"
    dashes = "-" * 100_000
    spaced = "A " * 50_000
    for text in (long_line, dashes, spaced, "(" * 100_000, "To: " + "Cabinet " * 30_000):
        read_heading([text, text])
        detect_meeting([text], text[:5000])
        classify_document([text], text[:5000])
    meeting_file("1st-Jan-2025 " * 10_000)


# --- the real Kent papers ---------------------------------------------------


def _kent(shared_fixtures: Path) -> list[tuple[list[str], str, dict[str, object]]]:
    folder = shared_fixtures / "kent"
    if not (folder / "gold.json").is_file():
        pytest.skip("the Kent fixtures are absent")
    out = []
    for gold in json.loads((folder / "gold.json").read_text(encoding="utf-8")):
        source = (folder / f"{gold['file']}.source.txt").read_text(encoding="utf-8")
        found = re.search(r"^path:\s*(.+)$", source, re.M)
        assert found is not None
        published = found.group(1).strip().rsplit("/", 1)[-1]
        out.append((pages(shared_fixtures, f"kent/{gold['file']}"), published, gold))
    return out


def _same(found: str | None, gold: object) -> bool:
    return bool(found) and str(found).lower().replace("kent ", "") == str(gold).lower()


def test_kent_kinds(shared_fixtures: Path) -> None:
    wrong = [
        (gold["file"], classify_document(texts, published), gold["project_kind"])
        for texts, published, gold in _kent(shared_fixtures)
        if classify_document(texts, published) != gold["project_kind"]
    ]
    assert wrong == []


def test_kent_meetings_are_right_or_left_unsaid(shared_fixtures: Path) -> None:
    """A date is never wrong: where the paper prints none (EqIAs, forms, many
    appendices) none is stored. A committee, when read, is the gold one; a report
    "To: Full Council" is read as printed."""
    right_dates = right_committees = 0
    for texts, published, gold in _kent(shared_fixtures):
        committee, when = detect_meeting(texts, published)
        day = when.date() if isinstance(when, datetime) else when
        assert day is None or day.isoformat() == gold["meeting_date"], gold["file"]
        assert (
            committee is None
            or _same(committee, gold["committee"])
            or (committee == "Full Council" and gold["committee"] == "County Council")
        ), (gold["file"], committee)
        right_dates += day is not None
        right_committees += _same(committee, gold["committee"])
    assert right_dates >= 34
    assert right_committees >= 36


def test_kent_agenda_times(shared_fixtures: Path) -> None:
    for texts, published, gold in _kent(shared_fixtures):
        if gold.get("meeting_time") and gold["project_kind"] == "agenda":
            _, when = detect_meeting(texts, published)
            assert isinstance(when, datetime), gold["file"]
            assert when.strftime("%H:%M") == gold["meeting_time"]
            # the text alone says the same
            _, from_text = detect_meeting(texts)
            assert from_text == when, gold["file"]


def test_import_reads_the_published_file_name(engine: Engine, home: Home, tmp_path: Path) -> None:
    """`papers import` with nothing but a council: the letter names no date of its
    own that is the meeting's, so the ModernGov file name gives date, time and committee."""
    letter = (
        "Ask for: A Clerk\nDate: 20 February 2025\nDear Member\n"
        "Enclosed are the amendments moved at the meeting.\nYours sincerely\nHead of Law"
    )
    path = tmp_path / "Budget Amendments 13th-Feb-2025 09.30 County Council.txt"
    path.write_text(letter, encoding="utf-8")
    [outcome] = import_files(engine, home, [path], "somewhere")
    assert (outcome.kind, outcome.committee, outcome.meeting_date) == (
        "supplement",
        "County Council",
        date(2025, 2, 13),
    )
    assert set(outcome.detected) == {"kind", "committee", "date"}
