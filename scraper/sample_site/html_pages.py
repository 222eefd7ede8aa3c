"""Sampleshire's web pages, in ModernGov's markup.

The structure (ids, classes, link shapes, labels) is ModernGov's, so the
same parsers read this site and a real council's: div#modgov,
h2.mgSubTitleTxt, div.mgLinks, table.mgItemTable with td.mgItemNumberCell,
p.mgSubItemTitleTxt "Decision:" / "Minutes:", div.mgWordPara, and the
attendance page's table of Attendee / Role / Attendance. Links are
relative, as on real sites.
"""

from __future__ import annotations

from html import escape
from itertools import groupby

from scraper.sample_site.content import COMMITTEES, COUNCIL_NAME, CommitteePlan
from scraper.sample_site.documents import doc_pack_chooser_path, item_report, meeting_documents
from scraper.sample_site.record import (
    description,
    long_date,
    minutes,
    resolution,
    resolution_lines,
)
from scraper.sample_site.schedule import Item, Meeting


def _page(title: str, heading: str, body: str) -> bytes:
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="en"><head><meta charset="utf-8"><title>{escape(title)} - '
        f"{COUNCIL_NAME}</title></head>\n<body>\n"
        f'<header><p><a href="mgCommitteeStructure.aspx">{COUNCIL_NAME}</a></p></header>\n'
        f'<main><div id="modgov"><div class="mgHeader"><h1 class="mgMainTitleTxt">'
        f"{escape(heading)}</h1></div>\n{body}\n</div></main>\n"
        f"<footer><p>&copy; {COUNCIL_NAME}</p></footer>\n</body></html>\n"
    ).encode()


def _word_para(paragraphs: list[str]) -> str:
    """Text as ModernGov pastes it from Word: div.mgWordPara > div.WordSection1 > p."""
    inner = "".join(f'<p class="MsoNormal">{escape(p, quote=False)}</p>\n' for p in paragraphs)
    return f'<div class="mgWordPara"><div class="WordSection1">\n{inner}</div></div>\n'


def _time(meeting: Meeting) -> str:
    """ "10:00 am", as ModernGov prints a meeting's time."""
    hour = meeting.start.hour % 12 or 12
    return f"{hour}:{meeting.start:%M} {'am' if meeting.start.hour < 12 else 'pm'}"


# --- committees ------------------------------------------------------------------


def committee_structure() -> bytes:
    """mgCommitteeStructure.aspx: committees under their section headings."""
    parts = ['<div class="mgContent">']
    for section, committees in groupby(COMMITTEES, key=lambda c: c.section):
        parts.append(f'<h2 class="mgSectionTitle">{escape(section)}</h2>')
        parts.append('<ul class="mgBulletList">')
        parts += [_committee_link(committee) for committee in committees]
        parts.append("</ul>")
    parts.append("</div>")
    return _page("Committee structure", "Committee structure", "\n".join(parts))


def list_committees() -> bytes:
    """mgListCommittees.aspx: every committee in one list."""
    links = "\n".join(_committee_link(committee) for committee in COMMITTEES)
    body = f'<div class="mgContent"><ul class="mgBulletList">\n{links}\n</ul></div>'
    return _page("Committees", "Committees", body)


def _committee_link(committee: CommitteePlan) -> str:
    name = escape(committee.name)
    return (
        f'<li><a href="mgCommitteeDetails.aspx?ID={committee.id}" '
        f'title="Link to details for {name}">{name}</a></li>'
    )


def committee_details(committee: CommitteePlan) -> bytes:
    """mgCommitteeDetails.aspx?ID=: purpose, membership, link to the meetings."""
    name = escape(committee.name)
    members = "\n".join(
        f'<li><a href="mgUserInfo.aspx?UID={m.uid}">{escape(m.name)}</a>'
        + (f"&nbsp; &#40;{escape(m.role)}&#41;" if m.role else "")
        + "</li>"
        for m in committee.members
    )
    body = (
        f'<div class="mgSubTitle"><h2 class="mgSubTitleTxt">{name}</h2></div>\n'
        '<div class="mgLinks"><ul class="mgActionList">\n'
        f'<li><a href="ieListMeetings.aspx?CommitteeId={committee.id}" '
        f'title="Link to meetings for {name}">Browse meetings and agendas for this '
        "committee</a></li>\n</ul></div>\n"
        '<div class="mgContent">\n<h2 class="mgSectionTitle">Purpose of committee</h2>\n'
        + _word_para([committee.purpose])
        + '<h2 class="mgSectionTitle">Membership</h2>\n'
        f'<ul class="mgBulletList">\n{members}\n</ul>\n'
        f'<h2 class="mgSectionTitle">Contact information</h2>\n<p>{escape(committee.contact)}</p>\n'
        "</div>"
    )
    return _page(committee.name, "Committee details", body)


# --- meeting lists -----------------------------------------------------------------


def meeting_list(committee: CommitteePlan, meetings: list[Meeting], years: list[int]) -> bytes:
    """ieListMeetings.aspx: the committee's meetings, newest first, and a year selector."""
    name = escape(committee.name)
    options = "\n".join(f'<option value="{year}">{year}</option>' for year in years)
    rows = "".join(
        f'<li class="{"mgTableEvenRow" if n % 2 == 0 else "mgTableOddRow"}">{_list_row(m)}</li>'
        for n, m in enumerate(sorted(meetings, key=lambda m: m.start, reverse=True))
    )
    body = (
        f'<div class="mgSubTitle"><h2 class="mgSubTitleTxt">{name}</h2></div>\n'
        f"<p>This page lists the meetings for {name}.</p>\n"
        '<form method="post" action="ieListMeetings.aspx" id="FormYearSelect">\n'
        '<div class="mgLinks"><ul class="mgActionList">\n'
        f'<li><a href="mgCommitteeDetails.aspx?ID={committee.id}">More information about '
        f"{name}</a></li>\n"
        '<li><label for="YearSelect">Show meetings for the year: </label>'
        f'<select size="1" id="YearSelect" name="YearSelect"><option value="0"> </option>\n'
        f'{options}</select><input class="mgGoButton" type="submit" name="Submit" value="Go">'
        "</li>\n</ul></div>\n"
        '<div class="mgContent"><div class="mgList">\n'
        f'<div class="mgHiddenField"><input type="hidden" name="hCommitteeId" '
        f'value="{committee.id}"></div>\n'
        '<div class="mgTableBorder"><div class="mgTableTitleTxt">Meetings</div>\n'
        f'<ul class="mgNonBulletTableList">{rows}</ul>\n'
        "</div></div></div>\n</form>"
    )
    return _page(f"Browse meetings - {committee.name}", "Browse meetings", body)


def _list_row(meeting: Meeting) -> str:
    link = (
        f'<a class="mgMeetingTableLnk" href="ieListDocuments.aspx?CId={meeting.committee.id}'
        f'&amp;MId={meeting.id}&amp;Ver=4">{meeting.start.day} {meeting.start:%b %Y}'
        f"&nbsp;{_time(meeting)}</a>"
    )
    if meeting.cancelled:
        return link + " - CANCELLED"
    if meeting.held:
        return link + " - Agenda, Decisions, Minutes"
    return link + (" - Agenda" if meeting.published else "")


# --- meeting page --------------------------------------------------------------------


def meeting_page(meeting: Meeting) -> bytes:
    """ieListDocuments.aspx?CId=&MId=: documents, venue, and every item with its outcome."""
    committee = meeting.committee
    name = escape(committee.name)
    when = f"{long_date(meeting.start)} {_time(meeting)}"
    status = ", CANCELLED" if meeting.cancelled else ""
    heading = "Agenda, decisions and minutes" if meeting.held else "Agenda and draft minutes"
    if not meeting.published:
        heading = "Meeting"
    documents = meeting_documents(meeting)
    chooser = doc_pack_chooser_path(meeting)
    links = "".join(
        f'<li><a href="{escape(doc.path)}" title="Link to {escape(doc.title.lower())} pdf file">'
        f"{escape(doc.title)}</a></li>\n"
        for doc in (documents[1:] if chooser else documents)
    )
    if chooser:  # the pack (always first) through the chooser page instead
        links = (
            f'<li><a href="{chooser}" title="Link to agenda reports document pack">'
            f"{escape(documents[0].title)}</a></li>\n"
        ) + links
    if meeting.held:
        links = (
            f'<li><a href="mgMeetingAttendance.aspx?ID={meeting.id}" title="Link to attendance '
            f'details for the meeting of {name} {escape(when)}">Attendance details</a></li>\n'
        ) + links
    venue_label = "Venue: " if meeting.published else "Proposed venue: "
    parts = [
        f'<div class="mgSubTitle"><h2 class="mgSubTitleTxt"><a href="mgCommitteeDetails.aspx'
        f'?ID={committee.id}" title="Link to {name}">{name} - {escape(when)}{status}</a>'
        "</h2></div>",
        f'<div class="mgLinks"><ul class="mgActionList">\n{links}</ul></div>',
        '<div class="mgContent">',
    ]
    if not meeting.published:
        parts.append("<p>No documents are available for this meeting</p>")
    parts += [
        f'<p><span class="mgLabel">{venue_label}</span>{escape(committee.venue)}</p>',
        f'<p><span class="mgLabel">Contact: </span>{escape(committee.contact)}</p>',
    ]
    if meeting.items:
        parts.append(
            '<table class="mgItemTable" summary="Table of agenda items" id="mgItemTable">'
            '<caption class="mgSectionTitle">Items</caption>\n<tr><th class="mgHide" abbr="No" '
            'scope="col">No.</th><th class="mgHide" abbr="Item" scope="col">Item</th></tr>'
        )
        parts += [_item_row(meeting, item) for item in meeting.items]
        parts.append("</table>")
    parts.append("</div>")
    title = f"Agenda for {committee.name} on {long_date(meeting.start)}, {_time(meeting)}"
    return _page(title, heading, "\n".join(parts))


def attendance_page(meeting: Meeting) -> bytes:
    """mgMeetingAttendance.aspx?ID=: each member's attendance, then the officers present."""
    committee = meeting.committee
    when = f"{long_date(meeting.start)} {_time(meeting)}"
    rows = [
        (
            f'<a href="mgUserInfo.aspx?UID={m.uid}">{escape(m.name)}</a>',
            m.role or "Committee Member",
            "Apologies" if m.name in meeting.plan.apologies else "Present",
        )
        for m in committee.members
    ]
    rows += [(escape(o.partition(" (")[0]), "Officer", "In attendance") for o in committee.officers]
    body = "\n".join(
        f'<tr class="{"mgTableEvenRow" if n % 2 == 0 else "mgTableOddRow"}"><td>{who}</td>'
        f"<td>{escape(role)}</td><td>{status}</td><td></td></tr>"
        for n, (who, role, status) in enumerate(rows)
    )
    parts = [
        f'<div class="mgSubTitle"><h2 class="mgSubTitleTxt"><a href="ieListDocuments.aspx?CId='
        f'{committee.id}&amp;MId={meeting.id}&amp;Ver=4">{escape(committee.name)} - '
        f"{escape(when)}</a></h2></div>",
        '<div class="mgContent"><table class="mgStatsTable" summary="Table of meeting attendance">'
        '<caption class="mgSectionTitle">Attendance details</caption>\n<thead><tr>'
        '<th scope="col">Attendee</th><th scope="col">Role</th><th scope="col">Attendance</th>'
        f'<th scope="col">Notes</th></tr></thead>\n<tbody>\n{body}\n</tbody></table></div>',
    ]
    return _page(f"Attendance - {committee.name}", "Attendance details", "\n".join(parts))


def doc_pack_chooser_page(meeting: Meeting) -> bytes:
    """mgChooseDocPack.aspx?ID=: the meeting's packs, each a link to its PDF."""
    committee = meeting.committee
    when = f"{long_date(meeting.start)} {_time(meeting)}"
    links = "\n".join(
        f'<li><a href="{escape(doc.path)}" title="Link to {escape(doc.title.lower())} pdf file">'
        f"{escape(doc.title)}</a></li>"
        for doc in meeting_documents(meeting)
    )
    parts = [
        f'<div class="mgSubTitle"><h2 class="mgSubTitleTxt"><a href="ieListDocuments.aspx?CId='
        f'{committee.id}&amp;MId={meeting.id}&amp;Ver=4">{escape(committee.name)} - '
        f"{escape(when)}</a></h2></div>",
        '<div class="mgContent"><p>Choose the document pack you would like to view.</p>',
        f'<ul class="mgBulletList">\n{links}\n</ul></div>',
    ]
    return _page(f"Document packs - {committee.name}", "Choose document pack", "\n".join(parts))


def _item_row(meeting: Meeting, item: Item) -> str:
    report = item_report(meeting, item)
    title = escape(item.title)
    if report is not None:
        title = (
            f'<a class="mgAiTitleLnk" href="{escape(report.path)}" '
            f"title=\"Link to document '{title}' pdf file\">{title}</a>"
        )
    cells = [f'<p class="mgAiTitleTxt">{title}</p>', _word_para([description(meeting, item)])]
    if meeting.held:
        decided = resolution_lines(resolution(meeting, item))
        if decided:
            cells += ['<p class="mgSubItemTitleTxt">Decision:</p>', _word_para(decided)]
        cells += [
            '<p class="mgSubItemTitleTxt">Minutes:</p>',
            _word_para(minutes(meeting, item) + decided),
        ]
    anchor = f'<a name="AI{item.id}"></a>'
    return (
        f'<tr><td class="mgItemNumberCell"><p class="mgAiTitleTxt">{anchor}{item.number}</p></td>'
        f"\n<td>\n{''.join(cells)}</td></tr>"
    )
