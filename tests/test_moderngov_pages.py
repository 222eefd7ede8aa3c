"""ModernGov HTML parsers on the real Kingston pages, at their real URLs."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from urllib.parse import quote

import pytest

from indexer.models import DOCUMENT_KINDS
from scraper.items import MeetingItem
from scraper.moderngov import pages
from tests.doc_pack_support import CHOOSER_PAGE, CHOOSER_URL, DECISIONS, FRONTSHEET, REPORTS_PACK
from tests.kingston_gold import KINGSTON_JANUARY_ITEMS

pytestmark = pytest.mark.database_free

BASE = "https://moderngov.kingston.gov.uk/"
STRUCTURE_URL = BASE + "mgCommitteeStructure.aspx"
DETAILS_URL = BASE + "mgCommitteeDetails.aspx?ID=711"
LIST_URL = BASE + "ieListMeetings.aspx?CommitteeId=711"
MEETING_URLS = {
    "10221": BASE + "ieListDocuments.aspx?CId=711&MId=10221&Ver=4",
    "10220": BASE + "ieListDocuments.aspx?CId=711&MId=10220&Ver=4",
    "10161": BASE + "ieListDocuments.aspx?CId=711&MId=10161&Ver=4",
}
MEETING_FILES = {
    "10221": "kingston_ieListDocuments_CId711_MId10221.html",
    "10220": "kingston_ieListDocuments_CId711_MId10220.html",
    "10161": "kingston_ieListDocuments_CId711_MId10161_cancelled.html",
}


@pytest.fixture
def kingston(shared_fixtures: Path):  # type: ignore[no-untyped-def]
    """Read one saved Kingston page by file name."""
    folder = shared_fixtures / "moderngov" / "kingston"
    return lambda name: (folder / name).read_text(encoding="utf-8")


@pytest.fixture
def meeting(kingston) -> MeetingItem:  # type: ignore[no-untyped-def]
    """Meeting MId=10221: agenda, decisions, minutes and recorded votes."""
    return pages.parse_meeting(kingston(MEETING_FILES["10221"]), MEETING_URLS["10221"], "kingston")


def _assert_clean_on_site(url: str | None) -> None:
    assert url is not None
    assert url.startswith(BASE)
    assert not re.search(r"\s", url)


# --- links -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("href", "expected"),
    [
        (
            "documents/s112217/Petition TMO Manorgate Rd Report.pdf",
            BASE + "documents/s112217/Petition%20TMO%20Manorgate%20Rd%20Report.pdf",
        ),
        ("\n  mgAi.aspx?ID=51902\r\n", BASE + "mgAi.aspx?ID=51902"),
        ("documents/s1/Long\n   name.pdf", BASE + "documents/s1/Longname.pdf"),
        ("documents/s1/Already%20encoded.pdf", BASE + "documents/s1/Already%20encoded.pdf"),
        ("/ieDocHome.aspx", BASE + "ieDocHome.aspx"),
        ("https://moderngov.kingston.gov.uk/mgWhatsNew.aspx", BASE + "mgWhatsNew.aspx"),
        ("mailto:alice.aubrey@kingston.gov.uk", None),
        ("javascript:void(0)", None),
        (" JavaScript:alert(1)", None),
        ("https://kingston.public-i.tv/core/portal/home", None),
        ("//evil.example/documents/x.pdf", None),
        ("ftp://moderngov.kingston.gov.uk/x.pdf", None),
        ("", None),
    ],
)
def test_clean_href(href: str, expected: str | None) -> None:
    assert pages.clean_href(href, MEETING_URLS["10221"]) == expected


# --- site ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "kingston_mgCommitteeStructure.html",
        "kingston_mgCommitteeDetails_ID711.html",
        "kingston_ieListMeetings_CommitteeId711.html",
        *MEETING_FILES.values(),
    ],
)
def test_every_kingston_page_is_moderngov_and_names_the_council(kingston, name: str) -> None:  # type: ignore[no-untyped-def]
    html = kingston(name)
    assert pages.is_moderngov(html) is True
    # The default theme titles every page "... - Modern Council"; the footer names the council.
    assert pages.site_title(html) == "Kingston upon Thames"


def test_is_moderngov_from_links_alone_and_not_elsewhere() -> None:
    assert pages.is_moderngov('<a href="mgCommitteeStructure.aspx">Committees</a>') is True
    assert pages.is_moderngov('<a href="/ieListMeetings.aspx?CId=1">Meetings</a>') is True
    assert pages.is_moderngov('<a href="/committees/index.html">Committees</a>') is False
    assert pages.is_moderngov("") is False


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Committee structure - Manchester City Council", "Manchester"),
        ("Browse meetings - Stockport Metropolitan Borough Council", "Stockport"),
        ("Committee structure | Thurrock Council", "Thurrock"),
        ("Committee details - Staffordshire County Council", "Staffordshire"),
        ("Meetings - London Borough of Sutton", "Sutton"),
        ("Committee structure - Modern Council", None),
        ("", None),
    ],
)
def test_site_title(title: str, expected: str | None) -> None:
    assert pages.site_title(f"<html><head><title>{title}</title></head></html>") == expected


# --- committees -------------------------------------------------------------------------


def test_committee_structure(kingston) -> None:  # type: ignore[no-untyped-def]
    committees = pages.parse_committees(
        kingston("kingston_mgCommitteeStructure.html"), STRUCTURE_URL, "kingston"
    )
    assert len(committees) == 30
    first = committees[0]
    assert first.council == "kingston"
    assert first.source_id == "137"
    assert first.name == "Council"
    assert first.url == BASE + "mgCommitteeDetails.aspx?ID=137"
    knk = next(c for c in committees if c.source_id == "711")
    assert knk.name == "Kingston and North Kingston Neighbourhood Committee"
    assert knk.url == DETAILS_URL
    joint = next(c for c in committees if c.source_id == "626")
    assert joint.name == "Joint Appointments Committee (Kingston & Richmond)"
    assert len({c.source_id for c in committees}) == 30
    # The breadcrumb's "Committee details" link is not a committee.
    assert "Committee details" not in {c.name for c in committees}


def test_committee_details_links_to_its_meeting_list(kingston) -> None:  # type: ignore[no-untyped-def]
    html = kingston("kingston_mgCommitteeDetails_ID711.html")
    assert pages.meeting_list_url(html, DETAILS_URL) == LIST_URL
    assert pages.meeting_list_url("<html></html>", DETAILS_URL) is None


# --- meeting list ---------------------------------------------------------------------


def test_meeting_list(kingston) -> None:  # type: ignore[no-untyped-def]
    page = pages.parse_meeting_list(
        kingston("kingston_ieListMeetings_CommitteeId711.html"), LIST_URL, "711"
    )
    assert len(page.entries) == 15
    first = page.entries[0]
    assert first.source_id == "10337"
    assert first.committee_source_id == "711"
    assert first.url == BASE + "ieListDocuments.aspx?CId=711&MId=10337&Ver=4"
    assert first.start == datetime(2026, 6, 15, 19, 30)
    assert first.status == "scheduled"
    by_id = {entry.source_id: entry for entry in page.entries}
    assert by_id["10161"].status == "cancelled"
    assert by_id["10161"].start == datetime(2025, 12, 4, 19, 30)
    assert by_id["10221"].status == "held"
    assert by_id["10221"].url == MEETING_URLS["10221"]
    assert by_id["10162"].status == "held"  # "Agenda, Decisions"
    assert by_id["10158"].start == datetime(2025, 6, 18, 19, 0)
    assert page.entries[-1].source_id == "9983"
    assert page.year_urls == {
        year: f"{BASE}ieListMeetings.aspx?CId=711&Year={year}" for year in range(2022, 2028)
    }
    assert page.earlier_url == (
        BASE + "ieListMeetings.aspx?Act=earlier&CId=711&D=202409051930&MD=ielistmeetings"
    )
    assert page.later_url == (
        BASE + "ieListMeetings.aspx?Act=later&CId=711&D=202606151930&MD=ielistmeetings"
    )


# --- meeting page -------------------------------------------------------------------------


def test_meeting_details(meeting: MeetingItem) -> None:
    assert meeting.council == "kingston"
    assert meeting.committee_source_id == "711"
    assert meeting.committee_name == "Kingston and North Kingston Neighbourhood Committee"
    assert meeting.source_id == "10221"
    assert meeting.title == (
        "Kingston and North Kingston Neighbourhood Committee - Thursday 15 January 2026 7:30 pm"
    )
    assert meeting.start == datetime(2026, 1, 15, 19, 30)
    assert meeting.status == "held"
    assert meeting.venue == "Guildhall, Kingston upon Thames"
    assert meeting.url == MEETING_URLS["10221"]
    assert meeting.source == "html"
    assert meeting.attendance == []


def test_meeting_level_documents(meeting: MeetingItem) -> None:
    pack = BASE + "mgChooseDocPack.aspx?ID=10230"
    g = BASE + "documents/g10230/"
    suffix = (
        "%20Thursday%2015-Jan-2026%2019.30"
        "%20Kingston%20and%20North%20Kingston%20Neighbourhood%20Committee.pdf"
    )
    assert [(d.title, d.kind, d.url, d.item_number) for d in meeting.documents] == [
        ("Agenda frontsheet", "agenda", g + "Agenda%20frontsheet" + suffix + "?T=0", None),
        ("Agenda reports pack", "agenda_pack", pack, None),
        (
            "Supplement: Agenda Item 7 - Community Safety Update",
            "supplement",
            pack + "&SID=23550",
            None,
        ),
        ("Late Material", "supplement", pack + "&SID=23609", None),
        ("Printed decisions", "decisions", g + "Decisions" + suffix + "?T=2", None),
        ("Printed minutes", "minutes", g + "Printed%20minutes" + suffix + "?T=1", None),
    ]


def test_agenda_items_in_order_numbered_as_printed(meeting: MeetingItem) -> None:
    assert [(i.number, i.title) for i in meeting.agenda_items] == KINGSTON_JANUARY_ITEMS


def test_first_item_public_question_time(meeting: MeetingItem) -> None:
    item = meeting.agenda_items[0]
    assert item.number == "54."
    assert item.position == 0
    assert item.title == "Public Question Time"
    assert item.description == (
        "A period of up to 30 minutes during which any resident of the Borough or representative "
        "of organisations within the Borough (other than members of the Council) may ask a "
        "question on matters relevant to the Committee.\n"
        "Advance notice of questions is not required, but is encouraged in order to ensure an "
        "answer may be given on the night if the question is of a technical nature."
    )
    assert item.minutes == (
        "The Committee set aside a period of up to 30 minutes during which any written questions "
        "submitted from residents of the Borough or representative of organisations within the "
        "Borough (other than members of the Council) could be asked. Questions had to be on "
        "matters relevant to the Committee\u2019s remit.\n"
        "There were no public questions."
    )
    assert item.decision is None
    assert item.minutes_url is None
    assert item.vote is None
    assert item.is_exempt is False
    assert item.documents == []


def test_item_59_manorgate_road(meeting: MeetingItem) -> None:
    item = meeting.agenda_items[5]
    assert item.number == "59."
    assert item.position == 5
    assert item.description == (
        "To address a petition received seeking a solution to congestion, conflict, speeding "
        "and through traffic on Manorgate Road."
    )
    s = BASE + "documents/"
    assert [(d.title, d.kind, d.url, d.item_number) for d in item.documents] == [
        (
            "Petition Regarding the Introduction of Traffic Management Measures On Manorgate Road",
            "report",
            s + "s112217/Petition%20TMO%20Manorgate%20Rd%20Report.pdf",
            "59.",
        ),
        (
            "Annex 1 - Wolverton Avenue",
            "appendix",
            s + "s112218/Annex%201%20-%20Wolverton%20Avenue.pdf",
            "59.",
        ),
        (
            "Annex 2 - Manorgate Road",
            "appendix",
            s + "s112219/Annex%202%20-%20Manorgate%20Road.pdf",
            "59.",
        ),
        (
            "Annex 3 - Overview plan",
            "appendix",
            s + "s112374/Annex%203%20-%20Overview%20plan.pdf",
            "59.",
        ),
        (
            "Annex 4 - Survey summary",
            "appendix",
            s + "s112380/Annex%204%20-%20Survey%20summary.pdf",
            "59.",
        ),
    ]
    decision = (item.decision or "").split("\n")
    assert decision[0] == "RESOLVED that:"
    assert [line[:3] for line in decision[1:]] == ["1. ", "2. ", "3. "]
    assert decision[1].startswith("1. the introduction of traffic management measures on Manorgate")
    assert decision[1].endswith("as shown in Annex 3, be approved;")
    assert decision[2] == (
        "2. a report be brought back to this Committee after 6 months from the implementation of "
        "the scheme outlining the outcome of the scheme and the impact on the surrounding roads;"
    )
    assert decision[3] == (
        "3. approval be granted to proceed with the implementation of a green man phase at the "
        "junction of Galworthy Road/Coombe Lane West/Gloucester Road/Coombe Road once funding "
        "is secured."
    )
    assert item.minutes_url == BASE + "mgAi.aspx?ID=51902"
    minutes = item.minutes or ""
    assert minutes.startswith(
        "The Chair moved this item up the agenda with the agreement of the Chair.\n"
    )
    assert minutes.endswith(
        "the data served as a preliminary guide for the council to understand potential"
    )
    assert "view the full minutes text" not in minutes
    assert item.vote == (
        "Petition Regarding the Introduction of Traffic Management Measures On Manorgate Road: "
        "Resolution 1 & 2 (Resolution): Carried\n"
        "Petition Regarding the Introduction of Traffic Management Measures On Manorgate Road: "
        "Resolution 3 (Resolution): Carried"
    )
    assert item.is_exempt is False


def test_item_63_decision_keeps_its_clauses_and_vote(meeting: MeetingItem) -> None:
    item = meeting.agenda_items[9]
    assert item.decision == (
        "RESOLVED that:\n"
        "1. the redistribution of any remaining Councillor Ward Funding (CWF) as of January 30th "
        "2026 to the Neighbourhood Community Grants Programme be approved; and\n"
        "2. the application for \u00a31,800 of Neighbourhood Community Grant funding by Barnfield "
        "Riding for the Disabled be approved."
    )
    assert item.vote == (
        "Community Grant Programme: Redstribution of Councillor Ward Funding "
        "(Resolution): Carried\n"
        "Community Grant Programme: Barnfield Riding for the Disabled (Resolution): Carried"
    )
    assert item.minutes_url is None
    assert (item.minutes or "").endswith(
        "Voting: unanimous\nCouncillors Davey, Chohan and Hamed were not present for these votes."
    )


def test_item_58_links_the_previous_minutes(meeting: MeetingItem) -> None:
    item = meeting.agenda_items[4]
    assert [(d.title, d.kind, d.url) for d in item.documents] == [
        ("Minutes", "minutes", BASE + "documents/s111920/Minutes%20of%20Previous%20Meeting.pdf")
    ]


@pytest.mark.parametrize("position", range(12))
def test_every_item_of_10221(meeting: MeetingItem, position: int) -> None:
    item = meeting.agenda_items[position]
    assert item.position == position
    assert re.fullmatch(r"\d+\.", item.number or "")
    assert item.title and item.title == item.title.strip() and "  " not in item.title
    assert item.minutes  # every item of this meeting has minutes
    for text in (item.description, item.decision, item.minutes):
        for line in (text or "").split("\n") if text else []:
            assert line == line.strip() and line
            assert "\xa0" not in line and "  " not in line
    for doc in item.documents:
        _assert_clean_on_site(doc.url)
        assert doc.kind in DOCUMENT_KINDS
        assert doc.title
        assert doc.item_number == item.number


@pytest.mark.parametrize("mid", sorted(MEETING_FILES))
def test_every_document_link_is_clean_and_on_site(kingston, mid: str) -> None:  # type: ignore[no-untyped-def]
    meeting = pages.parse_meeting(kingston(MEETING_FILES[mid]), MEETING_URLS[mid], "kingston")
    docs = meeting.documents + [d for i in meeting.agenda_items for d in i.documents]
    for doc in docs:
        _assert_clean_on_site(doc.url)
        assert doc.kind in DOCUMENT_KINDS
        assert doc.title and "PDF" not in doc.title
    for item in meeting.agenda_items:
        if item.minutes_url is not None:
            _assert_clean_on_site(item.minutes_url)


def test_cancelled_meeting(kingston) -> None:  # type: ignore[no-untyped-def]
    meeting = pages.parse_meeting(
        kingston(MEETING_FILES["10161"]), MEETING_URLS["10161"], "kingston"
    )
    assert meeting.source_id == "10161"
    assert meeting.committee_source_id == "711"
    assert meeting.status == "cancelled"
    assert meeting.start == datetime(2025, 12, 4, 19, 30)
    assert meeting.title == (
        "Kingston and North Kingston Neighbourhood Committee - Thursday 4 December 2025 7:30 pm"
    )
    assert meeting.venue == "Guildhall, Kingston upon Thames"  # "Proposed venue:"
    assert meeting.agenda_items == []
    assert meeting.documents == []


def test_ordinary_meeting_10220(kingston) -> None:  # type: ignore[no-untyped-def]
    meeting = pages.parse_meeting(
        kingston(MEETING_FILES["10220"]), MEETING_URLS["10220"], "kingston"
    )
    # The saved page's heading links another committee (ID=179); the URL's CId is the truth.
    assert meeting.committee_source_id == "711"
    assert meeting.start == datetime(2025, 11, 18, 19, 30)
    assert meeting.status == "held"
    assert meeting.venue == "Chessington World of Adventure"
    assert [i.number for i in meeting.agenda_items] == [f"{n}." for n in range(29, 39)]
    assert [d.kind for d in meeting.documents] == ["agenda", "agenda_pack", "decisions", "minutes"]
    grants = meeting.agenda_items[6]
    assert grants.title == "Community Grants Programme"
    assert grants.minutes_url == BASE + "mgAi.aspx?ID=51593"
    assert [(d.title, d.kind) for d in grants.documents] == [
        ("Community Grants Programme", "report"),
        ("9_Annex 1 - NCG and BCG Guidelines (updated May 2023)", "appendix"),
    ]
    assert [line[:3] for line in (grants.decision or "").split("\n")[1:]] == ["1. ", "2. ", "3. "]
    work = meeting.agenda_items[8]
    assert [(d.title, d.kind) for d in work.documents] == [("Work Programme", "work_programme")]


# --- full minutes (mgAi.aspx) -----------------------------------------------------------

# Self-written in ModernGov's agenda-item page markup (no mgAi.aspx page is saved).
MGAI_PAGE = """<html><body><div id="modgov">
<div class="mgHeader"><h1 class="mgMainTitleTxt">Agenda item</h1></div>
<div class="mgContent">
<p class="mgSubItemTitleTxt">Decision:</p>
<div class="mgWordPara"><p>RESOLVED that the report be noted.</p></div>
<p class="mgSubItemTitleTxt">Minutes:</p>
<div class="mgWordPara"><div class="WordSection1">
<p class="MsoNormal">The Committee considered the
report.</p>
<p class="MsoNormal">&nbsp;</p>
<p class="MsoNormal">It was RESOLVED that:</p>
<p class="MsoNormal">(a)&nbsp;&nbsp; the scheme be approved; and</p>
<p class="MsoNormal">(b) officers report back.</p>
</div></div>
<p class="mgSubItemTitleTxt">Supporting documents:</p>
<ul class="mgBulletList"><li><a href="documents/s1/Report.pdf">Report</a></li></ul>
</div></div></body></html>"""


def test_parse_full_minutes() -> None:
    assert pages.parse_full_minutes(MGAI_PAGE) == (
        "The Committee considered the report.\n"
        "It was RESOLVED that:\n"
        "(a) the scheme be approved; and\n"
        "(b) officers report back."
    )
    assert pages.parse_full_minutes("<html><body><p>Not found</p></body></html>") == ""
    assert pages.parse_full_minutes("") == ""


# --- document kinds ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "url", "kind"),
    [
        ("Agenda frontsheet", BASE + "documents/g1/Agenda%20frontsheet.pdf?T=0", "agenda"),
        ("Agenda", BASE + "documents/g1/Agenda.pdf", "agenda"),
        ("Agenda reports pack", BASE + "mgChooseDocPack.aspx?ID=10230", "agenda_pack"),
        (
            "Public reports pack",
            BASE + "documents/g1/Public%20reports%20pack.pdf?T=10",
            "agenda_pack",
        ),
        ("Supplement: Agenda Item 7", BASE + "mgChooseDocPack.aspx?ID=1&SID=2", "supplement"),
        ("Late Material", BASE + "mgChooseDocPack.aspx?ID=1&SID=3", "supplement"),
        ("Printed decisions", BASE + "documents/g1/Decisions.pdf?T=2", "decisions"),
        ("Printed minutes", BASE + "documents/g1/Printed%20minutes.pdf?T=1", "minutes"),
        ("6 - CHAIR APPROVED Minutes Audit Committee", BASE + "mgConvert2PDF.aspx?ID=1", "minutes"),
        ("Decision Progress Update", BASE + "documents/s1/x.pdf", "report"),
        ("Work Programme", BASE + "documents/s1/x.pdf", "work_programme"),
        ("DRAFT WP FEBRUARY 2026", BASE + "mgConvert2PDF.aspx?ID=2", "work_programme"),
        ("Forward Plan", BASE + "documents/s1/x.pdf", "forward_plan"),
        ("Annex 1 - Wolverton Avenue", BASE + "documents/s1/x.pdf", "appendix"),
        ("Appendix B", BASE + "documents/s1/x.pdf", "appendix"),
        ("Petition TMO Manorgate Rd Report", BASE + "documents/s1/x.pdf", "report"),
        ("Watch the meeting", BASE + "mgWebcast.aspx", "other"),
    ],
)
def test_document_kind(title: str, url: str, kind: str) -> None:
    assert kind in DOCUMENT_KINDS
    assert pages.document_kind(title, url) == kind


# --- bad input -------------------------------------------------------------------------------


@pytest.mark.parametrize("cut", [0, 100, 5_000, 20_000, 30_000, 45_000])
def test_truncated_meeting_page_gives_what_is_there(kingston, cut: int) -> None:  # type: ignore[no-untyped-def]
    html = kingston(MEETING_FILES["10221"])[:cut]
    meeting = pages.parse_meeting(html, MEETING_URLS["10221"], "kingston")
    assert meeting.source_id == "10221"
    assert len(meeting.agenda_items) <= 12
    for item in meeting.agenda_items:
        assert item.number and item.title


@pytest.mark.parametrize(
    "junk",
    [
        "",
        "<<<>>>",
        "<html><body><table class='mgItemTable'><tr><td>",
        "\x00\x01 not html",
        "<div id='modgov'>",
    ],
)
def test_malformed_pages_give_empty_results(junk: str) -> None:
    url = MEETING_URLS["10221"]
    meeting = pages.parse_meeting(junk, url, "kingston")
    assert meeting.agenda_items == [] and meeting.documents == [] and meeting.start is None
    assert pages.parse_committees(junk, STRUCTURE_URL, "kingston") == []
    assert pages.meeting_list_url(junk, DETAILS_URL) is None
    listing = pages.parse_meeting_list(junk, LIST_URL, "711")
    assert listing.entries == [] and listing.year_urls == {} and listing.earlier_url is None
    assert pages.parse_full_minutes(junk) == ""
    assert pages.site_title(junk) is None


def test_doc_pack_chooser_lists_its_pdfs_only() -> None:
    documents = pages.parse_doc_pack_chooser(CHOOSER_PAGE, CHOOSER_URL)
    assert [(d.title, d.kind) for d in documents] == [
        ("Agenda frontsheet", "agenda"),
        ("Public reports pack", "agenda_pack"),
        ("Printed decisions", "decisions"),
    ]
    assert [d.url for d in documents] == [
        BASE + quote(path, safe="/?=") for path in (FRONTSHEET, REPORTS_PACK, DECISIONS)
    ]
    assert all(d.item_number is None for d in documents)


def test_doc_pack_chooser_link_on_a_meeting_page(meeting) -> None:  # type: ignore[no-untyped-def]
    choosers = [d.url for d in meeting.documents if pages.is_doc_pack_chooser(d.url or "")]
    assert choosers == [
        BASE + "mgChooseDocPack.aspx?ID=10230",
        BASE + "mgChooseDocPack.aspx?ID=10230&SID=23550",
        BASE + "mgChooseDocPack.aspx?ID=10230&SID=23609",
    ]
    assert not pages.is_doc_pack_chooser(BASE + "documents/g10230/Pack.pdf?T=10")


@pytest.mark.parametrize("junk", ["", "<html><body><p>No packs yet</p></body></html>", "<ul><li"])
def test_doc_pack_chooser_without_pdfs_gives_nothing(junk: str) -> None:
    assert pages.parse_doc_pack_chooser(junk, CHOOSER_URL) == []
