"""Reports packs in several house styles, written for these tests: where parts
start (stamps at a page's top or foot, blank pages, appendix headings, a
report's closing section, a second form of the same kind) and which item
each part is filed under."""

from __future__ import annotations

import pytest

from indexer.parse.agenda import parse_agenda
from indexer.parse.pack import body_start, item_stamp, split_pack
from indexer.parse.text import is_blank

pytestmark = pytest.mark.database_free

BLANK = "This page is intentionally left blank"


def _parts(pages: list[str]) -> list[tuple[str, int, int, str | None]]:
    return [
        (p.kind, p.page_start, p.page_end, p.item_number)
        for p in split_pack(pages, parse_agenda(pages))
    ]


FRONT = """Licensing Committee
Wednesday, 4 June 2025 at 2.00 pm
AGENDA
1. Apologies
2. Minutes of the last meeting (Pages 1 - 2)
3. Street trading policy (Pages 3 - 10)
4. Taxi fares review (Pages 11 - 12)"""


def test_foot_stamps_blank_pages_and_appendices_without_a_heading() -> None:
    pages = [
        FRONT,
        BLANK,
        "Licensing Committee\nMinutes of the meeting held on 2 April 2025\nPresent: Councillor "
        "Joan Hart (Chair)\nRESOLVED: That the fee stand.\nPage 1 Agenda Item 2",
        f"{BLANK}\nPage 2",
        "Report to: Licensing Committee\nSubject: Street trading policy\nSummary\nThe policy "
        "is due for review.\nPage 3 Agenda Item 3",
        "The consultation ran for six weeks.\nPage 4",
        f"{BLANK}\nPage 5",
        # The consultation analysis: no heading of its own, after a blank page.
        "Consultation responses\nTraders asked for longer hours.\nPage 6",
        "More responses\nPage 7",
        "Appendix B - Draft policy\nPolicy text\nPage 8",
        "Appendix B continued\nPage 9",
        f"{BLANK}\nPage 10",
        "Report of the Head of Licensing\nTaxi fares review\nPage 11 Agenda Item 4",
        "Fares table\nPage 12",
    ]
    assert _parts(pages) == [
        ("agenda", 1, 2, None),
        ("minutes", 3, 4, "2."),
        ("report", 5, 7, "3."),
        ("appendix", 8, 9, "3."),
        ("appendix", 10, 12, "3."),
        ("report", 13, 14, "4."),
    ]


def test_a_stamp_on_every_page_of_an_item_is_one_part() -> None:
    pages = [
        "Planning Committee\nAGENDA\n1. Apologies\n2. Land at Mill Lane\n3. Appeals",
        "Agenda Item 2\nLand at Mill Lane\nReport of the Planning Manager\nPage 1",
        "Agenda Item 2\nThe site lies to the north.\nPage 2",
        "Agenda Item 3\nAppeals decided\nPurpose of report\nPage 3",
    ]
    assert _parts(pages) == [
        ("agenda", 1, 1, None),
        ("report", 2, 3, "2."),
        ("report", 4, 4, "3."),
    ]


def test_appendix_labels_headings_at_the_foot_and_a_closing_section() -> None:
    pages = [
        "Audit Board\nAGENDA\n1. Apologies\n2. Treasury outturn (Pages 1 - 6)",
        "From: Chief Finance Officer\nTo: Audit Board\nSubject: Treasury outturn\nPage 1 "
        "Agenda Item 2",
        "6. Background Papers\nNone.\nPage 2",
        # A letter from government: the report ended on the page before.
        "Dear Treasurer\nThe limits for next year are set out below.\nPage 3",
        "Table 1 Borrowing 2024 2025\nLoans 12.0 13.1\nANNEX 2: PRUDENTIAL INDICATORS\nPage 4",
        "ANNEX 3: COUNTERPARTIES\nBank A\nPage 5",
        "ANNEX 3: COUNTERPARTIES\nBank B\nPage 6",
    ]
    assert _parts(pages) == [
        ("agenda", 1, 1, None),
        ("report", 2, 3, "2."),
        ("appendix", 4, 4, "2."),
        ("appendix", 5, 5, "2."),  # its heading came out at the page's foot
        ("appendix", 6, 7, "2."),  # one annex over two pages
    ]


def test_forms_of_the_same_kind_and_no_agenda_list() -> None:
    # A supplement whose letter lists no item: the stamp says which item.
    pages = [
        "Dear Councillor\nPlease find enclosed the motions moved at the meeting.\nYours "
        "sincerely\nHead of Democratic Services",
        BLANK,
        "Notice of Motion Form\nMover: Cllr Ray Dunn\nThe council notes rising rents.\nPage 1 "
        "Agenda Item 8",
        "Supporting briefing\nRents rose by 9%.\nPage 2",  # the motion's own annex
        "Notice of Motion Form\nMover: Cllr Ada Grey\nThe council notes bus cuts.\nPage 3",
        f"{BLANK}\nPage 4",
        "Notice of Motion Form\nMover: Cllr Sam Holt\nThe council notes floods.\nPage 5",
    ]
    assert parse_agenda(pages).items == []
    assert _parts(pages) == [
        ("agenda", 1, 2, None),
        ("other", 3, 4, "8"),
        ("other", 5, 6, "8"),  # the same form again: a new part of its kind
        ("other", 7, 7, "8"),
    ]


def test_a_part_ends_where_its_item_range_ends() -> None:
    # The work programme's pages end at page 3; what follows is no programme.
    pages = [
        "Scrutiny Panel\nAGENDA\n1. Apologies\n2. Work programme (Pages 1 - 2)",
        "Scrutiny Panel Work Programme 2025/26\nJuly 2025 Libraries review\nPage 1 Agenda Item 2",
        "tbc Leisure contract\nPage 2",
        "Briefing note on parking\nThe scheme began in May.\nPage 3",
    ]
    assert _parts(pages) == [
        ("agenda", 1, 1, None),
        ("work_programme", 2, 3, "2."),
        ("other", 4, 4, None),
    ]


def test_blank_pages_in_a_frontsheet_start_no_part() -> None:
    # A cover, an empty page, then the summons with its agenda: one document.
    pages = [
        "Summons to\nthe Annual Meeting\nof the Council",
        "",
        "To all Members of the Council\nA meeting will be held on Thursday, 15 May 2025 at "
        "7.00 pm.\nA G E N D A\n1. Election of Mayor\n2. Minutes (Pages 1 - 8)",
    ]
    assert [(p.kind, p.page_start, p.page_end) for p in split_pack(pages, parse_agenda(pages))] == [
        ("agenda", 1, 3),
    ]
    assert body_start(pages) is None


def test_page_helpers() -> None:
    assert is_blank("") and is_blank(f"{BLANK}\nPage 4") and is_blank("This page is blank")
    assert not is_blank(f"{BLANK}\nBut some text too")
    assert item_stamp("Text\nPage 1 Agenda Item 9") == "9"
    assert item_stamp("Agenda Item 5a\nTitle") == "5a"
    assert item_stamp("Agenda Item 6 - Budget monitoring\nReport") == "6"
    assert item_stamp("Text on agenda item 9 of the meeting\nMore") is None
    assert body_start(["Front", "Report\nPage 1 Agenda Item 3"]) == 2
    assert body_start(["Front", "Page 2", "Page 3"]) is None  # numbered from the first page


def test_hostile_packs_finish() -> None:
    line = "Appendix A " + "x " * 5000
    split_pack([line, "\n".join([line] * 3000), BLANK * 1000, "Page 1 Agenda Item 9" * 500])
    split_pack(["(" * 100_000, "Background Papers\n" * 20_000, "Agenda Item " * 20_000])


def test_documents_numbered_each_from_page_one() -> None:
    # A pack of separately numbered documents ("Page 1 of 2" again) and a
    # protective marking over some pages, which starts nothing.
    pages = [
        "Overview Committee\nAGENDA\n1. Apologies\n2. Budget scrutiny",
        "OFFICIAL\nReport of the Treasurer\nBudget scrutiny\nPage 1 of 2 Agenda Item 2",
        "Savings proposals\nPage 2 of 2",
        "Savings tracker\nLine one\nPage 1 of 3",
        "OFFICIAL\nLine two\nPage 2 of 3",
        "Line three\nPage 3 of 3",
    ]
    assert _parts(pages) == [
        ("agenda", 1, 1, None),
        ("report", 2, 3, "2."),
        ("appendix", 4, 6, "2."),
    ]


def test_the_programme_under_its_covering_report() -> None:
    pages = [
        "Scrutiny Board\nAGENDA\n1. Apologies\n2. Work Programme (Pages 1 - 3)",
        "Work Programme\nPurpose of report\nTo agree the programme.\nPage 1 Agenda Item 2",
        f"{BLANK}\nPage 2",
        "Appendix A\nSeptember 2025 Bus services\nPage 3",
    ]
    assert _parts(pages) == [
        ("agenda", 1, 1, None),
        ("work_programme", 2, 3, "2."),
        ("work_programme", 4, 4, "2."),
    ]
