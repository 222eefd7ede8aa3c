"""Sampleshire's mgWebService.asmx answers, in ModernGov's XML shape.

GetCommittees, GetMeetings and GetMeeting, with the elements real services
send (dates dd/mm/yyyy, times "10.00 am", True/False flags, HTML bodies as
escaped text, document URLs absolute). Only written here, never parsed.
"""

from __future__ import annotations

from datetime import date
from html import escape
from urllib.parse import quote, urljoin
from xml.etree.ElementTree import Element, SubElement, indent, tostring

from scraper.sample_site.content import COMMITTEES, CommitteePlan
from scraper.sample_site.documents import Document, item_report, meeting_documents
from scraper.sample_site.record import clock, description, minutes, resolution, resolution_lines
from scraper.sample_site.schedule import Item, Meeting


def _xml(root: Element) -> bytes:
    indent(root)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + tostring(root, encoding="utf-8")


def _add(parent: Element, name: str, text: str | int | bool = "") -> Element:
    child = SubElement(parent, name)
    child.text = str(text) if text != "" else None
    return child


def _html(paragraphs: list[str]) -> str:
    """An HTML body as the service embeds it (the element's text is the markup)."""
    inner = "".join(f'<p class="MsoNormal">{escape(p, quote=False)}</p>\n' for p in paragraphs)
    return f'<div class="WordSection1">\n{inner}</div>\n'


def get_committees() -> bytes:
    root = Element("committees")
    _add(root, "committeescount", f" {len(COMMITTEES)}")
    for committee in COMMITTEES:
        node = _add(root, "committee")
        _add(node, "committeeid", committee.id)
        _add(node, "committeetitle", committee.name)
        _add(node, "committeedeleted", False)
        _add(node, "committeeexpired", False)
        _add(node, "committeecategory", committee.section)
    return _xml(root)


def get_meetings(
    committee: CommitteePlan, meetings: list[Meeting], since: date | None, until: date | None
) -> bytes:
    """The committee's meetings from `since` to `until` (None: no limit)."""
    chosen = [
        m
        for m in meetings
        if (since is None or m.start.date() >= since) and (until is None or m.start.date() <= until)
    ]
    root = Element("getmeetings")
    _add(root, "meetingscount", f" {len(chosen)}")
    _add(root, "committeescount", " 1")
    node = _add(root, "committee")
    _add(node, "committeeid", committee.id)
    _add(node, "committeetitle", committee.name)
    _add(node, "committeemeetingcount", f" {len(chosen)}")
    listed = _add(node, "committeemeetings")
    for meeting in chosen:
        entry = _add(listed, "meeting")
        _add(entry, "meetingid", meeting.id)
        _add(entry, "meetingdate", f"{meeting.start:%d/%m/%Y}")
        _add(entry, "meetingstatus", "Cancelled" if meeting.cancelled else "Confirmed")
        _add(entry, "meetingtime", clock(meeting.start))
        _add(entry, "iswebcast", False)
    return _xml(root)


def get_meeting(meeting: Meeting, base_url: str) -> bytes:
    """One meeting: details, items with agenda text, decisions and minutes, documents, attendees."""
    committee = meeting.committee
    root = Element("meeting")
    _add(root, "meetingid", meeting.id)
    _add(root, "committeeid", committee.id)
    _add(root, "committeetitle", committee.name)
    _add(root, "meetingdate", f"{meeting.start:%d/%m/%Y}")
    _add(root, "meetingstatus", "Cancelled" if meeting.cancelled else "Confirmed")
    _add(root, "isdisplayallowed", True)
    _add(root, "meetingtime", clock(meeting.start))
    _add(root, "meetinglocation", committee.venue)
    _add(root, "iswebcast", False)
    _add(root, "agendaid", meeting.id)
    _add(root, "agendapublished", meeting.published)
    _add(root, "decisionpublished", meeting.held)
    _add(root, "minutepublished", meeting.held)
    items = _add(root, "agendaitems")
    for item in meeting.items:
        _agenda_item(items, meeting, item, base_url)
    _linked(root, meeting, meeting_documents(meeting), base_url)
    _attendees(root, meeting, base_url)
    return _xml(root)


def _agenda_item(parent: Element, meeting: Meeting, item: Item, base_url: str) -> None:
    node = _add(parent, "agendaitem")
    _add(node, "agendaitemid", item.id)
    _add(node, "agendaitemtitle", item.title)
    _add(node, "agendatext", _html([description(meeting, item)]))
    _add(node, "agendaitemnumber", item.number.rstrip("."))
    _add(node, "fulldisplaynumberformat", item.number)
    decided = resolution_lines(resolution(meeting, item)) if meeting.held else []
    if decided:
        _add(node, "decisionnonemptyhtmlbody", _html(decided))
    if meeting.held:
        _add(node, "minutesnonemptyhtmlbody", _html(minutes(meeting, item) + decided))
    _add(node, "isdecision", bool(decided))
    _add(node, "isdecisionpublished", bool(decided))
    _add(node, "isminutepublished", meeting.held)
    _add(node, "isrestricted", False)
    _add(node, "meetingdate", f"{meeting.start:%d/%m/%Y}")
    _add(node, "minutesitemnumber", item.number.rstrip("."))
    report = item_report(meeting, item)
    _linked(node, meeting, [report] if report else [], base_url)


def _linked(parent: Element, meeting: Meeting, documents: list[Document], base_url: str) -> None:
    if not documents:
        return
    node = _add(parent, "linkeddocuments")
    for document in documents:
        doc = _add(node, "linkeddoc")
        _add(doc, "title", document.title)
        _add(doc, "isurl", False)
        _add(doc, "url", urljoin(base_url, quote(document.path, safe="/?=&")))
        _add(doc, "isrestricted", False)
        _add(doc, "meetingdate", f"{meeting.start:%d/%m/%Y}")
        _add(doc, "committeetitle", meeting.committee.name)


def _attendees(parent: Element, meeting: Meeting, base_url: str) -> None:
    """Members with their attendance once held (Expected before), then officers."""
    node = _add(parent, "attendees")
    for member in meeting.committee.members:
        if not meeting.held:
            attendance = "Expected"
        elif member.name in meeting.plan.apologies:
            attendance = "Apologies"
        else:
            attendance = "Present"
        attendee = _add(node, "attendee")
        attendee.attrib.update(
            membertype="U",
            memberid=str(member.uid),
            name=member.name,
            roledescription=member.role or "Committee Member",
            attendance=attendance,
        )
        _add(attendee, "url", urljoin(base_url, f"mgUserInfo.aspx?UID={member.uid}"))
    if meeting.held:
        for officer in meeting.committee.officers:
            name, _, post = officer.partition(" (")
            attendee = _add(node, "attendee")
            attendee.attrib.update(
                membertype="O",
                name=name,
                roledescription=f"Officer: {post.rstrip(')')}",
                attendance="In attendance",
            )
