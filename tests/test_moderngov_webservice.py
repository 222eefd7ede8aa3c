"""ModernGov web-service parsers on the real Manchester XML."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

import pytest

from indexer.models import ATTENDANCE_ROLES, DOCUMENT_KINDS
from scraper.items import AttendeeData, MeetingItem
from scraper.moderngov import webservice
from scraper.moderngov.webservice import WebServiceError

pytestmark = pytest.mark.database_free

BASE = "https://democracy.manchester.gov.uk/"


@pytest.fixture
def manchester(shared_fixtures: Path):  # type: ignore[no-untyped-def]
    """Read one saved Manchester web-service answer by file name."""
    folder = shared_fixtures / "moderngov" / "manchester-webservice"
    return lambda name: (folder / name).read_bytes()


@pytest.fixture
def meeting_4967(manchester) -> MeetingItem:  # type: ignore[no-untyped-def]
    return webservice.parse_meeting(
        manchester("manchester_GetMeeting_4967.xml"), "manchester", BASE
    )


def test_meetings_query_uses_uk_dates() -> None:
    query = webservice.meetings_query("144", date(2026, 1, 2), date(2026, 3, 31))
    assert query == "lCommitteeId=144&sFromDate=02/01/2026&sToDate=31/03/2026"
    assert "2026-01-02" not in query


def test_get_committees(manchester) -> None:  # type: ignore[no-untyped-def]
    committees = webservice.parse_committees(
        manchester("manchester_GetCommittees.xml"), "manchester", BASE
    )
    assert [(c.council, c.source_id, c.name, c.url) for c in committees] == [
        (
            "manchester",
            "312",
            "Appointment Sub Committee for Director of Adult Social Services",
            BASE + "mgCommitteeDetails.aspx?ID=312",
        ),
        ("manchester", "163", "Art Galleries Committee", BASE + "mgCommitteeDetails.aspx?ID=163"),
        ("manchester", "144", "Audit Committee", BASE + "mgCommitteeDetails.aspx?ID=144"),
    ]


def test_get_committees_leaves_out_deleted_ones() -> None:
    xml = b"""<committees>
      <committee><committeeid>1</committeeid><committeetitle>Gone</committeetitle>
        <committeedeleted>True</committeedeleted></committee>
      <committee><committeeid>2</committeeid><committeetitle>Here</committeetitle></committee>
      <committee><committeeid></committeeid><committeetitle>No id</committeetitle></committee>
    </committees>"""
    assert [c.name for c in webservice.parse_committees(xml, "x", BASE)] == ["Here"]


def test_get_meetings(manchester) -> None:  # type: ignore[no-untyped-def]
    entries = webservice.parse_meetings(manchester("manchester_GetMeetings.xml"), "144", BASE)
    assert len(entries) == 2
    cancelled, confirmed = entries
    assert cancelled.source_id == "4966"
    assert cancelled.committee_source_id == "144"
    assert cancelled.url == BASE + "ieListDocuments.aspx?CId=144&MId=4966&Ver=4"
    assert cancelled.start == datetime(2026, 1, 13, 10, 0)
    assert cancelled.status == "cancelled"
    assert confirmed.source_id == "4967"
    assert confirmed.start == datetime(2026, 2, 10, 10, 0)
    assert confirmed.status == "scheduled"


def test_get_meeting_with_minutes(meeting_4967: MeetingItem) -> None:
    m = meeting_4967
    assert m.council == "manchester"
    assert m.source_id == "4967"
    assert m.committee_source_id is None  # not in this answer: the spider knows it
    assert m.committee_name == "Audit Committee"
    assert m.start == datetime(2026, 2, 10, 10, 0)
    assert m.status == "held"  # minutes published
    assert m.venue == "Council Antechamber, Level 2, Town Hall Extension"
    assert m.url == BASE + "ieListDocuments.aspx?MId=4967&Ver=4"
    assert m.source == "webservice"
    assert m.documents == []
    assert m.attendance == [AttendeeData(person="Councillor Basil Curley", role="expected")]


def test_get_meeting_agenda_items(meeting_4967: MeetingItem) -> None:
    first, second = meeting_4967.agenda_items
    assert first.number == "1."
    assert first.position == 0
    assert first.title == "Minutes"
    assert first.description == (
        "To approve as a correct record the minutes of the meeting held on 25 November 2025."
    )
    assert first.minutes == (
        "To approve the minutes of the meeting held on 25 November 2025 as a correct record."
    )
    assert first.decision is None
    assert first.is_exempt is False
    assert [(d.url, d.title, d.kind, d.item_number) for d in first.documents] == [
        (
            BASE + "mgConvert2PDF.aspx?ID=60860",
            "6 - CHAIR APPROVED Minutes Audit Committee 25 Nov 2025",
            "minutes",
            "1.",
        )
    ]
    assert second.number == "9."
    assert second.position == 1
    assert second.title == "Work Programme"
    assert second.description == "The report of the Governance and Scrutiny Support Unit, attached."
    assert second.minutes == (
        "The Committee considered a report of the Governance and Scrutiny Support Unit which set "
        "out its future Work Programme for the remainder of 2025/26 municipal year."
    )
    assert [(d.url, d.title, d.kind) for d in second.documents] == [
        (BASE + "mgConvert2PDF.aspx?ID=60909", "DRAFT WP FEBRUARY 2026", "work_programme")
    ]


def test_get_meeting_cancelled(manchester) -> None:  # type: ignore[no-untyped-def]
    m = webservice.parse_meeting(
        manchester("manchester_GetMeeting_4966_cancelled.xml"), "manchester", BASE
    )
    assert m.source_id == "4966"
    assert m.status == "cancelled"
    assert m.start == datetime(2026, 1, 13, 10, 0)
    assert m.venue == "Council Antechamber, Level 2, Town Hall Extension"
    assert m.agenda_items == []
    assert m.documents == []
    assert m.attendance == [AttendeeData(person="Councillor Basil Curley", role="expected")]


@pytest.mark.parametrize(
    "name", ["manchester_GetMeeting_4967.xml", "manchester_GetMeeting_4966_cancelled.xml"]
)
def test_every_item_document_and_attendee(manchester, name: str) -> None:  # type: ignore[no-untyped-def]
    m = webservice.parse_meeting(manchester(name), "manchester", BASE)
    for position, item in enumerate(m.agenda_items):
        assert item.position == position
        assert item.title and item.number
        for doc in item.documents:
            assert doc.url and doc.url.startswith(BASE) and not re.search(r"\s", doc.url)
            assert doc.kind in DOCUMENT_KINDS and doc.title
    for person in m.attendance:
        assert person.person and person.role in ATTENDANCE_ROLES


# --- what real services vary ---------------------------------------------------------------

SPARSE_MEETING = b"""<?xml version="1.0" encoding="utf-8"?>
<meeting xmlns="http://moderngov.example/ns">
  <meetingid>77</meetingid>
  <committeeid>5</committeeid>
  <committeetitle>Cabinet</committeetitle>
  <meetingdate>03/06/2025</meetingdate>
  <meetingtime>18:30</meetingtime>
  <meetingstatus>Postponed</meetingstatus>
  <agendaitems>
    <agendaitem>
      <agendaitemtitle>Exempt: Land at Mill Lane</agendaitemtitle>
      <agendaitemnumber>7</agendaitemnumber>
      <isrestricted>True</isrestricted>
      <decisionhtmlbody>&lt;p&gt;RESOLVED that:&lt;/p&gt;&lt;p&gt;(a) the sale be agreed;&lt;/p&gt;
&lt;p&gt;(b) the price be published.&lt;/p&gt;</decisionhtmlbody>
      <linkeddocuments>
        <linkeddoc><title>Valuation</title><url>https://democracy.example/mgConvert2PDF.aspx?ID=9</url>
          <isrestricted>True</isrestricted></linkeddoc>
        <linkeddoc><title>Press story</title><isurl>True</isurl>
          <url>https://news.example.com/story</url></linkeddoc>
        <linkeddoc><title>Site plan</title>
          <url>https://democracy.example/documents/s9/Site plan.pdf</url></linkeddoc>
      </linkeddocuments>
    </agendaitem>
  </agendaitems>
  <attendees>
    <attendee name="Councillor A Chair" roledescription="Chair" attendance="Present"/>
    <attendee name="Councillor B Vice" roledescription="Vice-Chair" attendance="Present"/>
    <attendee name="Councillor C" roledescription="Committee Member" attendance="Apologies"/>
    <attendee name="Councillor D" roledescription="Committee Member" attendance="Absent"/>
    <attendee name="Jo Officer" roledescription="Democratic Services Officer"/>
    <attendee name="Councillor E" roledescription="Committee Member"
      attendance="In attendance"/>
    <attendee name="" roledescription="Committee Member"/>
  </attendees>
</meeting>"""


def test_sparse_namespaced_meeting() -> None:
    m = webservice.parse_meeting(SPARSE_MEETING, "example", "https://democracy.example/")
    assert m.committee_source_id == "5"
    assert m.committee_name == "Cabinet"
    assert m.start == datetime(2025, 6, 3, 18, 30)
    assert m.status == "postponed"
    assert m.venue is None
    assert m.url == "https://democracy.example/ieListDocuments.aspx?CId=5&MId=77&Ver=4"
    (item,) = m.agenda_items
    assert item.number == "7"
    assert item.is_exempt is True
    assert item.description is None and item.minutes is None
    assert item.decision == "RESOLVED that:\n(a) the sale be agreed;\n(b) the price be published."
    # Restricted and off-site documents are left out; spaces are encoded.
    assert [(d.title, d.url, d.kind) for d in item.documents] == [
        ("Site plan", "https://democracy.example/documents/s9/Site%20plan.pdf", "report")
    ]
    assert [(a.person, a.role) for a in m.attendance] == [
        ("Councillor A Chair", "chair"),
        ("Councillor B Vice", "vice_chair"),
        ("Councillor C", "apologies"),
        ("Councillor D", "absent"),
        ("Jo Officer", "officer"),
        ("Councillor E", "also_present"),
    ]


def test_meeting_without_date_or_time() -> None:
    m = webservice.parse_meeting(
        b"<meeting><meetingid>1</meetingid><meetingdate>not a date</meetingdate></meeting>",
        "x",
        BASE,
    )
    assert m.start is None and m.status == "scheduled" and m.agenda_items == []
    m = webservice.parse_meeting(
        b"<meeting><meetingid>1</meetingid><meetingdate>13/01/2026</meetingdate></meeting>",
        "x",
        BASE,
    )
    assert m.start == datetime(2026, 1, 13, 0, 0)


# --- bad input -------------------------------------------------------------------------------


def test_external_entity_is_never_resolved(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE")
    xml = (
        f'<?xml version="1.0"?>\n<!DOCTYPE committees [<!ENTITY leak SYSTEM "file://{secret}">]>\n'
        "<committees><committee><committeeid>1</committeeid>"
        "<committeetitle>&leak;</committeetitle></committee></committees>"
    ).encode()
    for parse in (
        lambda: webservice.parse_committees(xml, "x", BASE),
        lambda: webservice.parse_meetings(xml, "1", BASE),
        lambda: webservice.parse_meeting(xml, "x", BASE),
    ):
        with pytest.raises(WebServiceError) as caught:
            parse()
        assert "TOP-SECRET-VALUE" not in str(caught.value)
        assert "\n" not in str(caught.value)


def test_entity_expansion_is_refused() -> None:
    xml = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
        b"<committees>&lol2;</committees>"
    )
    with pytest.raises(WebServiceError, match="unsafe XML refused"):
        webservice.parse_committees(xml, "x", BASE)


@pytest.mark.parametrize(
    ("xml", "reason"),
    [
        (b"", "answered nothing"),
        (b"   \n", "answered nothing"),
        (b"<committees><committee><committeeid>1", "malformed XML"),
        (b"<html><body>Service unavailable</body></html>", "expected <committees>"),
        (b"\x00\xff garbage", "malformed XML"),
    ],
)
def test_malformed_committees(xml: bytes, reason: str) -> None:
    with pytest.raises(WebServiceError, match=reason):
        webservice.parse_committees(xml, "x", BASE)


def test_truncated_real_meeting(manchester) -> None:  # type: ignore[no-untyped-def]
    xml = manchester("manchester_GetMeeting_4967.xml")
    for cut in (10, len(xml) // 2, len(xml) - 12):
        with pytest.raises(WebServiceError, match="malformed XML"):
            webservice.parse_meeting(xml[:cut], "manchester", BASE)


def test_wrong_answer_for_the_call(manchester) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(WebServiceError, match="expected <getmeetings>"):
        webservice.parse_meetings(manchester("manchester_GetCommittees.xml"), "144", BASE)
    with pytest.raises(WebServiceError, match="no <meetingid>"):
        webservice.parse_meeting(
            b"<meeting><meetingdate>1/1/2026</meetingdate></meeting>", "x", BASE
        )
