"""Agendas, pack splitting and document classification: the real Merton pack,
real Kingston reports and meeting pages, and agendas written in the usual styles."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from indexer.parse.agenda import parse_agenda
from indexer.parse.classify import classify_document, detect_meeting
from indexer.parse.pack import split_pack
from indexer.parse.types import PackPart
from tests.kingston_gold import KINGSTON_JANUARY_ITEMS
from tests.parse_support import (
    KINGSTON_JANUARY,
    KINGSTON_MANORGATE,
    KINGSTON_ZEBRA,
    MERTON_PACK,
    pages,
)

pytestmark = pytest.mark.database_free

MERTON_ITEMS = [
    ("1.", "Declarations of interest", None, None),
    ("2.", "Apologies for absence", None, None),
    (
        "3.",
        "Minutes of the meeting held on 24 September 2009 and notes of the Joint session with "
        "General Purposes Committee held on 24 September 2009",
        3,
        8,
    ),
    ("4.", "Annual complaints report", 9, 22),
    ("5.", "Internal audit progress report", 23, 52),
    ("6.", "Managing the risk of fraud", 53, 154),
    ("7.", "Final Accounts Memorandum 2008/09", 155, 168),
    ("8.", "Work programme", 169, None),
]


def test_merton_agenda_contents_page(shared_fixtures: Path) -> None:
    agenda = parse_agenda(pages(shared_fixtures, MERTON_PACK))
    assert agenda.committee == "Audit Committee"
    assert agenda.start == datetime(2009, 10, 22, 19, 15)
    assert agenda.venue == (
        "Cabinet Meeting Room, 1st Floor, Merton Civic Centre, London Road, Morden SM4 5DX"
    )
    found = [(i.number, i.title, i.page_start, i.page_end) for i in agenda.items]
    assert found == MERTON_ITEMS
    assert [i.position for i in agenda.items] == list(range(8))
    assert not any(i.is_exempt or i.description for i in agenda.items)


def test_merton_pack_parts(shared_fixtures: Path) -> None:
    pack = pages(shared_fixtures, MERTON_PACK)
    assert split_pack(pack, parse_agenda(pack)) == [
        PackPart("agenda", "Agenda", 1, 2),
        PackPart("minutes", MERTON_ITEMS[2][1], 3, 4, "3."),
        # Item 3 (pages 3 - 8) is the minutes "and notes of the Joint session": those too.
        PackPart(
            "minutes", "AUDIT COMMITTEE AND GENERAL PURPOSES COMMITTEE (JOINT SESSION)", 5, 8, "3."
        ),
    ]


def test_classify_and_detect_real_documents(shared_fixtures: Path) -> None:
    merton = pages(shared_fixtures, MERTON_PACK)
    assert classify_document(merton, "merton_audit_committee_agenda_2009-10-22.pdf") == (
        "agenda_pack"
    )
    assert classify_document(merton[:2]) == "agenda"
    assert classify_document(merton[2:4]) == "minutes"
    assert detect_meeting(merton) == ("Audit Committee", datetime(2009, 10, 22, 19, 15))
    assert detect_meeting(merton[2:4]) == ("Audit Committee", datetime(2009, 9, 24, 19, 15))
    for name, committee in (
        (KINGSTON_ZEBRA, "Kingston and North Kingston Neighbourhood Committee"),
        (KINGSTON_MANORGATE, "Kingston & North Kingston Neighbourhood Committee"),
    ):
        report = pages(shared_fixtures, name)
        assert classify_document(report) == "report"
        assert detect_meeting(report) == (committee, date(2026, 1, 15))
    meeting_page = pages(shared_fixtures, KINGSTON_JANUARY)
    assert detect_meeting(meeting_page) == (
        "Kingston and North Kingston Neighbourhood Committee",
        datetime(2026, 1, 15, 19, 30),
    )


FRONTSHEET = """Children and Young People Scrutiny Panel
Date: Tuesday, 12th March, 2024
Time: 7.00 pm
Place: Council Chamber, Town Hall, High Street
Contact: Jo Bloggs, Democratic Services
AGENDA
PART 1
1. Apologies for absence
To receive apologies for absence and notification of substitutes.
2. Declarations of Interest
3. Minutes of the previous meeting
(Pages 1 - 6)
To confirm the minutes of the meeting held on 16 January 2024.
4.
SEND transport policy review
Report of the Director of Children's Services
(Pages 7 - 20)
5a. Edge of care service - update (Pages 21 - 30)
5b. Parent Partnership
6. Section 20 accommodation (Page 31)
7. Exclusion of the Press and Public
To consider whether to exclude the public during consideration of the following item
which contains exempt information as defined in paragraph 3 of Part 1 of Schedule 12A to the
Local Government Act 1972.
PART 2
8. Residential placements contract award (Pages 35 - 40)
"""


def test_a_frontsheet_with_every_kind_of_item() -> None:
    agenda = parse_agenda([FRONTSHEET])
    assert agenda.committee == "Children and Young People Scrutiny Panel"
    assert agenda.start == datetime(2024, 3, 12, 19, 0)
    assert agenda.venue == "Council Chamber, Town Hall, High Street"
    got = [(i.number, i.title, i.page_start, i.page_end, i.is_exempt) for i in agenda.items]
    assert got == [
        ("1.", "Apologies for absence", None, None, False),
        ("2.", "Declarations of Interest", None, None, False),
        ("3.", "Minutes of the previous meeting", 1, 6, False),
        ("4.", "SEND transport policy review", 7, 20, False),
        ("5a.", "Edge of care service - update", 21, 30, False),
        ("5b.", "Parent Partnership", None, None, False),
        ("6.", "Section 20 accommodation", 31, 31, False),
        ("7.", "Exclusion of the Press and Public", None, None, False),
        ("8.", "Residential placements contract award", 35, 40, True),
    ]
    items = {i.number: i for i in agenda.items}
    assert items["4."].report_of == "Report of the Director of Children's Services"
    assert items["1."].description == (
        "To receive apologies for absence and notification of substitutes."
    )
    assert items["8."].exemption == (
        "paragraph 3 of Part 1 of Schedule 12A to the Local Government Act 1972"
    )


def test_minute_style_numbers_and_exempt_titles() -> None:
    text = "\n".join(
        [
            "Cabinet",
            "Thursday 9 June 2016 at 10.00 am",
            "62/16 Minutes (Pages 1 - 4)",
            "63/16 Budget outturn (Pages 5 - 12)",
            "64/16 Care home contract (exempt - paragraph 3) (Pages 13 - 20)",
            "Item 65/16 Any other business",
        ]
    )
    agenda = parse_agenda([text])
    got = [(i.number, i.title, i.page_start, i.is_exempt, i.exemption) for i in agenda.items]
    assert got == [
        ("62/16", "Minutes", 1, False, None),
        ("63/16", "Budget outturn", 5, False, None),
        ("64/16", "Care home contract (exempt - paragraph 3)", 13, True, "paragraph 3"),
        ("Item 65/16", "Any other business", None, False, None),
    ]
    assert agenda.start == datetime(2016, 6, 9, 10, 0)


def _stamped(lines: list[str], page: int) -> str:
    return "\n".join([*lines, f"Page {page}"])


PACK = [
    """Schools Forum
Date: Tuesday, 12th March, 2024 Time: 7.00 pm
Venue: Council Chamber, Town Hall
AGENDA
1. Apologies for absence
2. Minutes of the previous meeting (Pages 1 - 2)
3. High needs block budget (Pages 3 - 5)
4. Work Programme (Pages 6 - 6)""",
    _stamped(["Schools Forum", "Minutes of the meeting held on 16 January 2024", "Present:"], 1),
    _stamped(["RESOLVED: That the report be noted."], 2),
    _stamped(["Agenda Item 3", "High needs block budget", "Purpose of report"], 3),
    _stamped(["More of the report"], 4),
    _stamped(["Appendix A", "High needs figures"], 5),
    _stamped(["Schools Forum Work Programme 2024/25", "Date\tItem\tLead Officer"], 6),
]


def test_a_pack_is_split_through_its_page_stamps() -> None:
    parts = split_pack(PACK, parse_agenda(PACK))
    assert [(p.kind, p.page_start, p.page_end, p.item_number) for p in parts] == [
        ("agenda", 1, 1, None),
        ("minutes", 2, 3, "2."),
        ("report", 4, 5, "3."),
        ("appendix", 6, 6, "3."),
        ("work_programme", 7, 7, "4."),
    ]
    assert classify_document(PACK) == "agenda_pack"
    # Without the agenda the pages' own tops still show where parts start.
    assert [(p.kind, p.page_start) for p in split_pack(PACK)] == [
        ("agenda", 1),
        ("minutes", 2),
        ("report", 4),
        ("appendix", 6),
        ("work_programme", 7),
    ]


@pytest.mark.parametrize(
    ("first_page", "title", "kind"),
    [
        ("Record of Decisions\nCabinet\n10 July 2024", None, "decisions"),
        ("Forward Plan of Key Decisions\nJuly 2024", None, "forward_plan"),
        ("Overview and Scrutiny Work Programme 2024/25\nDate\tItem", None, "work_programme"),
        ("Appendix B\nConsultation responses", None, "appendix"),
        ("Some letter", "Supplement: Agenda Item 7", "supplement"),
        ("FOI response", None, "other"),
        ("", "Printed minutes", "minutes"),
    ],
)
def test_classify_by_first_page_and_title(first_page: str, title: str | None, kind: str) -> None:
    assert classify_document([first_page], title) == kind


@pytest.mark.timeout(120)  # linear work: a hang is caught, a busy machine is not
def test_hostile_agendas() -> None:
    assert parse_agenda([]).items == []
    assert split_pack([]) == []
    assert classify_document([]) == "other"
    assert detect_meeting(["", ""]) == (None, None)
    # Numbers that go down, dates and phone numbers are not items.
    noise = "3. Third\n1. First again\n24 September 2009\n020 8545 3616."
    assert [i.title for i in parse_agenda([noise]).items] == ["Third"]
    huge = "\n".join(f"{n}. Item {n} (Pages {n} - {n}" + " x" * 300 for n in range(1, 3000))
    parse_agenda([huge, "(" * 200_000 + "Pages 1 -" * 1000])
    split_pack([huge] * 5)


def test_a_page_number_column_with_ranges() -> None:
    text = """CABINET
Tuesday, 4 February 2025 at 10.00 am
AGENDA
Page
No.
1 APOLOGIES FOR ABSENCE
2 DECLARATIONS OF INTEREST
3 MINUTES 5 - 12
To approve the minutes of the meeting held on 7 January 2025.
4 BUDGET 2025 - 2026
Report of the Director of Finance
13 - 40
5 SEND TRANSPORT POLICY 41 - 60"""
    agenda = parse_agenda([text])
    assert (agenda.committee, agenda.start) == ("Cabinet", datetime(2025, 2, 4, 10, 0))
    assert [(i.number, i.title, i.page_start, i.page_end) for i in agenda.items] == [
        ("1", "APOLOGIES FOR ABSENCE", None, None),
        ("2", "DECLARATIONS OF INTEREST", None, None),
        ("3", "MINUTES", 5, 12),
        ("4", "BUDGET 2025 - 2026", 13, 40),  # a year range is part of the title
        ("5", "SEND TRANSPORT POLICY", 41, 60),
    ]
    assert agenda.items[3].report_of == "Report of the Director of Finance"


def test_a_moderngov_meeting_page_as_text(shared_fixtures: Path) -> None:
    """An imported meeting page: numbers on their own line above the titles."""
    agenda = parse_agenda(pages(shared_fixtures, KINGSTON_JANUARY))
    assert agenda.venue == "Guildhall, Kingston upon Thames"
    assert [(i.number, i.title) for i in agenda.items] == KINGSTON_JANUARY_ITEMS
    items = {i.number: i for i in agenda.items}
    assert items["56."].description is None  # the "Minutes:" text is not the item's description
    assert items["64."].description == "An update on decisions previously made at Committee."


def test_stamped_pages_say_what_they_start() -> None:
    pack = [
        "Audit Committee\nAGENDA\n1. Apologies\n2. Minutes\n3. Fees",
        "Public Document Pack\nAgenda Item 2\nAudit Committee\nMinutes of the meeting held on "
        "10 July 2018\nPresent: Councillor Ann Lee (Chair)\nPage 1",
        "Agenda Item 3\nExternal audit fees\nReport of the Director of Finance\nPage 2",
    ]
    assert [(p.kind, p.title, p.page_start, p.item_number) for p in split_pack(pack)] == [
        ("agenda", "Agenda", 1, None),
        ("minutes", "Minutes of the meeting held on 10 July 2018", 2, "2"),
        ("report", "External audit fees", 3, "3"),
    ]
