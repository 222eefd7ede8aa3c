"""Agendas in more house styles (written for these tests): a summons after a
cover and an empty page under a letter-spaced heading, "To follow" notes,
open and exempt headings with a "no exempt items" note, numbers without a
dot, ranges on their own line; and the real Kent agendas."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.parse.agenda import parse_agenda
from tests.parse_support import pages

pytestmark = pytest.mark.database_free

SUMMONS = [
    "Summons to\nan Extraordinary\nMeeting of the\nBorough Council",
    "",
    """Town Hall
Monday, 2 June 2025
To: All Members of the Council
You are summoned to a meeting of the Council to be held in the Council Chamber on
Tuesday, 10 June 2025 at 7.00 pm to transact the business below.
A G E N D A
1. Apologies for Absence
2. Declarations of Interest by Members in matters on
this agenda
3. Local Plan Examination: Inspector's Report
- To follow
4. Housing Revenue Account Business Plan 2025-55
(including the Rent Setting Policy 2025/26)
(Pages 1 - 44)
5. Treasury Strategy (Pages 45 - 60)
Chris Dale
Chief Executive
01632 960123""",
]


def test_a_summons_after_a_cover_and_an_empty_page() -> None:
    items = parse_agenda(SUMMONS).items
    assert [(i.number, i.title, i.page_start, i.page_end, i.description) for i in items] == [
        ("1.", "Apologies for Absence", None, None, None),
        ("2.", "Declarations of Interest by Members in matters on this agenda", None, None, None),
        ("3.", "Local Plan Examination: Inspector's Report", None, None, None),
        (
            "4.",
            "Housing Revenue Account Business Plan 2025-55 (including the Rent Setting Policy "
            "2025/26)",
            1,
            44,
            None,
        ),
        ("5.", "Treasury Strategy", 45, 60, None),
    ]


def test_open_and_exempt_headings_with_no_exempt_items() -> None:
    text = """AGENDA
EXECUTIVE
Wednesday, 9 July 2025, at 10.00 am
OPEN ITEMS
(The public may attend during these items)
1. Apologies
2. Minutes (Pages 1 - 6)
3. Leisure Centre Contract - Report to follow
PART II - EXEMPT ITEMS
(There are no exempt items on this agenda. Should any arise, the public may be excluded)
Legal and Democratic Services
Friday, 27 June 2025"""
    items = parse_agenda([text]).items
    assert [(i.number, i.title, i.is_exempt, i.description) for i in items] == [
        ("1.", "Apologies", False, None),
        ("2.", "Minutes", False, None),
        ("3.", "Leisure Centre Contract", False, None),
    ]


def test_exempt_items_after_the_heading_stay_exempt() -> None:
    text = """Cabinet
AGENDA
1. Budget monitoring (Pages 1 - 10)
EXEMPT ITEMS
(The public are likely to be excluded during these items)
2. Disposal of land at North Quay (Pages 11 - 14)"""
    items = parse_agenda([text]).items
    assert [(i.number, i.is_exempt) for i in items] == [("1.", False), ("2.", True)]


@pytest.mark.parametrize(
    ("line", "number", "title"),
    [
        ("4 Quarterly performance report (Pages 9 - 20)", "4", "Quarterly performance report"),
        (
            "12 24/01234 - Extension to Riverside School",
            "12",
            "24/01234 - Extension to Riverside School",
        ),
        ("Item 6 Parking charges review", "Item 6", "Parking charges review"),
        ("5.1 Leader's announcements", "5.1", "Leader's announcements"),
        ("7a. Community grants", "7a.", "Community grants"),
    ],
)
def test_item_numbers_as_councils_print_them(line: str, number: str, title: str) -> None:
    [item] = parse_agenda([f"Licensing Panel\nAGENDA\n{line}"]).items
    assert (item.number, item.title) == (number, title)


KENT_AGENDAS = {
    "kent_council_agenda_2025-01-09.pdf": [
        ("1.", "Apologies for Absence", None),
        (
            "2.",
            "Declarations of Disclosable Pecuniary Interests or Other Significant Interests in "
            "items on the agenda",
            None,
        ),
        ("3.", "English Devolution White Paper", None),
    ],
    "kent_council_agenda_2025-02-13.pdf": [
        ("1.", "Apologies for Absence", None),
        (
            "2.",
            "Declarations of Disclosable Pecuniary Interests or Other Significant Interests in "
            "items on the agenda",
            None,
        ),
        (
            "3.",
            "Minutes of the meetings held on 19 December 2024 and 9 January 2025 and, if in "
            "order, to be approved as a correct record",
            (1, 26),
        ),
        ("4.", "Chairman's Announcements", None),
        ("5.", "Section 25 Report", (27, 36)),
        (
            "6.",
            "Capital Programme 2025-35 and Revenue Budget 2025-26 (including Council Tax "
            "Setting 2025/26)",
            (37, 250),
        ),
    ],
    "kent_cabinet_agenda_2025-03-13.pdf": [
        ("1.", "Apologies", None),
        ("2.", "Declarations of Interest", None),
        ("3.", "Consideration of Decision 24/00093 (if required)", None),
    ],
    "kent_cabinet_agenda_pack_2025-03-13.pdf": [
        ("1.", "Apologies", None),
        ("2.", "Declarations of Interest", None),
        ("3.", "Consideration of Decision 24/00093 (if required)", None),
    ],
}


@pytest.mark.parametrize("name", sorted(KENT_AGENDAS))
def test_real_kent_agendas(shared_fixtures: Path, name: str) -> None:
    path = shared_fixtures / "kent" / name
    if not path.is_file():
        pytest.skip(f"{path} not found")
    items = parse_agenda(pages(shared_fixtures, f"kent/{name}")).items
    got = [(i.number, i.title, (i.page_start, i.page_end) if i.page_start else None) for i in items]
    assert got == KENT_AGENDAS[name]
    assert not any(i.is_exempt or i.description for i in items)


def test_hostile_letters_finish() -> None:
    parse_agenda(["1. Item\n" + "- To follow " * 20_000 + "\n" + "0" * 50_000])
    parse_agenda(["EXEMPT ITEMS " + "there were no " * 10_000, "(" + "x" * 100_000])


def test_an_agenda_numbered_after_its_cover() -> None:
    # "Page 1" on the agenda's own second sheet is no pack's report.
    cover = "Cover\nDistrict Council\nMeeting of the Council"
    agenda = "AGENDA\n1. Apologies\n2. Minutes (Pages 3 - 8)\nPage 1"
    assert [i.number for i in parse_agenda([cover, agenda]).items] == ["1.", "2."]
