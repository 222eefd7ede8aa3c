"""Parse ModernGov web-service XML (mgWebService.asmx) into crawl items.

Three calls give the same items as the HTML route: GetCommittees,
GetMeetings?lCommitteeId=&sFromDate=&sToDate= (dates dd/mm/yyyy: the service
silently ignores ISO dates and answers every meeting), and
GetMeeting?lMeetingId=. Real services leave elements out or empty, so every
field is optional. XML goes through defusedxml with DTDs refused: a council
server (or anything between) can never make the parser read a file or URL.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from urllib.parse import quote, urljoin
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from scraper.items import (
    AgendaItemData,
    AttendeeData,
    CommitteeItem,
    DocumentRef,
    MeetingItem,
    MeetingListEntry,
)
from scraper.moderngov.pages import clean_href, document_kind
from scraper.moderngov.text import collapse, html_fragment_text


class WebServiceError(ValueError):
    """The web service answered something that is not the XML expected."""


def meetings_query(committee_id: str, since: date, until: date) -> str:
    """The GetMeetings query string, dates as dd/mm/yyyy (ISO dates are ignored)."""
    return (
        f"lCommitteeId={quote(str(committee_id), safe='')}"
        f"&sFromDate={since:%d/%m/%Y}&sToDate={until:%d/%m/%Y}"
    )


def parse_committees(xml: bytes, council: str, base_url: str) -> list[CommitteeItem]:
    """Committees from GetCommittees (deleted ones left out)."""
    committees = []
    for node in _root(xml, "committees").iter("committee"):
        source_id = _text(node, "committeeid")
        name = _text(node, "committeetitle")
        if not source_id or not name or _flag(node, "committeedeleted"):
            continue
        committees.append(
            CommitteeItem(
                council=council,
                source_id=source_id,
                name=name,
                # The committee's public page, for people to open (never fetched).
                url=urljoin(base_url, f"mgCommitteeDetails.aspx?ID={quote(source_id)}"),
            )
        )
    return committees


def parse_meetings(xml: bytes, committee_source_id: str, base_url: str) -> list[MeetingListEntry]:
    """Meetings from GetMeetings, with their date, time and (cancelled) status."""
    entries = []
    for node in _root(xml, "getmeetings").iter("meeting"):
        meeting_id = _text(node, "meetingid")
        if not meeting_id:
            continue
        entries.append(
            MeetingListEntry(
                source_id=meeting_id,
                committee_source_id=committee_source_id,
                url=_meeting_url(base_url, meeting_id, committee_source_id),
                start=_start(node),
                status=_status(node),
            )
        )
    return entries


def parse_meeting(xml: bytes, council: str, base_url: str) -> MeetingItem:
    """One meeting from GetMeeting: details, agenda items, documents, attendees."""
    root = _root(xml, "meeting")
    meeting_id = _text(root, "meetingid")
    if not meeting_id:
        raise WebServiceError("GetMeeting answer has no <meetingid>")
    committee_id = _text(root, "committeeid")
    agenda = root.find("agendaitems")
    items = [
        _agenda_item(node, position, base_url)
        for position, node in enumerate(agenda.findall("agendaitem") if agenda is not None else [])
    ]
    return MeetingItem(
        council=council,
        committee_source_id=committee_id,
        committee_name=_text(root, "committeetitle") or _committee_from_documents(root),
        source_id=meeting_id,
        title=_text(root, "meetingtitle"),
        start=_start(root),
        status=_status(root),
        venue=_text(root, "meetinglocation") or _text(root, "meetingroom"),
        url=_meeting_url(base_url, meeting_id, committee_id),
        source="webservice",
        agenda_items=items,
        documents=_documents(root.find("linkeddocuments"), base_url, None),
        attendance=_attendance(root.find("attendees")),
    )


# --- reading XML -----------------------------------------------------------------


def _root(xml: bytes | str, expected: str) -> Element:
    """The document element, parsed safely, checked to be `<expected>`."""
    if not xml or not xml.strip():
        raise WebServiceError("the web service answered nothing")
    try:
        root = fromstring(xml, forbid_dtd=True)
    except DefusedXmlException as error:
        raise WebServiceError(f"unsafe XML refused ({type(error).__name__})") from None
    except ParseError as error:
        raise WebServiceError(f"malformed XML from the web service: {error}") from None
    _strip_namespaces(root)
    if root.tag != expected:
        raise WebServiceError(f"expected <{expected}> from the web service, got <{root.tag}>")
    return root


def _strip_namespaces(root: Element) -> None:
    """Some services put a namespace on every element; the names are what matter."""
    for element in root.iter():
        if isinstance(element.tag, str) and "}" in element.tag:
            element.tag = element.tag.rsplit("}", 1)[1]


def _text(node: Element, name: str) -> str | None:
    """The collapsed text of child `name`, None when missing or blank."""
    child = node.find(name)
    if child is None:
        return None
    return collapse("".join(child.itertext())) or None


def _flag(node: Element, name: str) -> bool:
    return (_text(node, name) or "").lower() == "true"


# --- meetings ----------------------------------------------------------------------

_TIME = re.compile(r"(\d{1,2})(?:[.:](\d{2}))?\s*([ap])\.?\s*m\b", re.IGNORECASE)
_TIME_24H = re.compile(r"^(\d{1,2})[.:](\d{2})$")


def _start(node: Element) -> datetime | None:
    """meetingdate dd/mm/yyyy and meetingtime "10.00 am" as one datetime."""
    day = _text(node, "meetingdate")
    if not day:
        return None
    try:
        start = datetime.strptime(day, "%d/%m/%Y")
    except ValueError:
        return None
    time = _text(node, "meetingtime") or ""
    if match := _TIME.search(time):
        hour = int(match[1]) % 12 + (12 if match[3].lower() == "p" else 0)
        minute = int(match[2] or 0)
    elif match := _TIME_24H.match(time):
        hour, minute = int(match[1]), int(match[2])
    else:
        return start
    if hour > 23 or minute > 59:
        return start
    return start.replace(hour=hour, minute=minute)


def _status(node: Element) -> str:
    """cancelled / postponed as the service says; held once minutes or decisions are out."""
    said = (_text(node, "meetingstatus") or "").lower()
    if "cancel" in said:
        return "cancelled"
    if "postpone" in said:
        return "postponed"
    if _flag(node, "minutepublished") or _flag(node, "decisionpublished"):
        return "held"
    return "scheduled"


def _meeting_url(base_url: str, meeting_id: str, committee_id: str | None) -> str:
    """The meeting's public page, for people to open (the crawl reads the XML)."""
    query = f"CId={quote(committee_id)}&" if committee_id else ""
    return urljoin(base_url, f"ieListDocuments.aspx?{query}MId={quote(meeting_id)}&Ver=4")


def _committee_from_documents(root: Element) -> str | None:
    """Older services leave the committee out of GetMeeting; its documents name it."""
    for doc in root.iter("linkeddoc"):
        if title := _text(doc, "committeetitle"):
            return title
    return None


# --- agenda items -------------------------------------------------------------------

# Decision text is not in every service's answer; these are the names it comes under.
_DECISION_ELEMENTS = ("decisionnonemptyhtmlbody", "decisionhtmlbody", "decisiontext")
_MINUTES_ELEMENTS = ("minutesnonemptyhtmlbody", "minuteshtmlbody")


def _agenda_item(node: Element, position: int, base_url: str) -> AgendaItemData:
    number = (
        _text(node, "fulldisplaynumberformat")
        or _text(node, "minutesitemnumber")
        or _text(node, "agendaitemnumber")
    )
    item = AgendaItemData(
        number=number,
        position=position,
        title=_text(node, "agendaitemtitle"),
        description=_html_text(node, ("agendatext",)),
        decision=_html_text(node, _DECISION_ELEMENTS),
        minutes=_html_text(node, _MINUTES_ELEMENTS),
        is_exempt=_flag(node, "isrestricted"),
    )
    item.documents = _documents(node.find("linkeddocuments"), base_url, number)
    return item


def _html_text(node: Element, names: tuple[str, ...]) -> str | None:
    """The first non-empty of `names`, whose text is escaped HTML, as clean text."""
    for name in names:
        child = node.find(name)
        if child is not None and (text := html_fragment_text("".join(child.itertext()))):
            return text
    return None


def _documents(node: Element | None, base_url: str, item_number: str | None) -> list[DocumentRef]:
    """Linked documents that are public and on the council's own site."""
    if node is None:
        return []
    documents = []
    for doc in node.findall("linkeddoc"):
        url = clean_href(_text(doc, "url") or "", base_url)
        title = _text(doc, "title")
        if url is None or not title or _flag(doc, "isrestricted"):
            continue
        documents.append(
            DocumentRef(
                url=url, title=title, kind=document_kind(title, url), item_number=item_number
            )
        )
    return documents


# --- attendance -------------------------------------------------------------------------


def _attendance(node: Element | None) -> list[AttendeeData]:
    if node is None:
        return []
    people = []
    for attendee in node.findall("attendee"):
        name = collapse(attendee.get("name"))
        if name:
            people.append(AttendeeData(person=name, role=_role(attendee)))
    return people


def _role(attendee: Element) -> str:
    """An ATTENDANCE_ROLES value from the attendance ("Apologies") and role description.

    "Expected" (a committee's members, listed for every meeting before it is
    held and where attendance was never recorded) says nobody attended yet.
    """
    attendance = (attendee.get("attendance") or "").lower()
    role = (attendee.get("roledescription") or "").lower()
    if "expected" in attendance:
        return "expected"
    if "apolog" in attendance:
        return "apologies"
    if "absent" in attendance:
        return "absent"
    if "vice" in role and "chair" in role:
        return "vice_chair"
    if "chair" in role:
        return "chair"
    if "officer" in role:
        return "officer"
    if "also" in attendance or "in attendance" in attendance or "also" in role:
        return "also_present"
    return "member"
