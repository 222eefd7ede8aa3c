"""A ModernGov meeting page saved from a browser and given to `papers import`.

The crawl reads a meeting page (ieListDocuments.aspx) with its HTML parser:
the meeting, each agenda item with its "Decision:", "Minutes:" and recorded
vote. A saved copy is read the same way, so importing it gives what a crawl
of that page gives, less what the page only links to: its documents are not
fetched (a saved file's links lead nowhere an import may follow), and its
attendance page is not there, so apologies and declarations are read from
the items' minutes text.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from indexer.models import Committee, Document, Meeting, Resolution
from indexer.parse.minutes import parse_minutes
from indexer.store import structure
from indexer.store.crawl import MeetingRows
from indexer.store.structure import LOCAL_PREFIX
from scraper.items import MeetingItem
from scraper.moderngov.pages import is_moderngov, parse_meeting

# Bigger than any real meeting page by far; a bigger file is read as text only.
MAX_PAGE_BYTES = 20_000_000
# The meeting's own id, from the links every meeting page carries.
_MEETING_ID = re.compile(r"(?:[?&;]MId=|mgMeetingAttendance\.aspx\?ID=)(\d{1,12})", re.I)


def saved_meeting_page(document: Document, home_root: Path) -> str | None:
    """The HTML of a stored document if it is a ModernGov meeting page."""
    if not document.file_path or "html" not in (document.content_type or ""):
        return None
    path = home_root / document.file_path
    try:
        if path.stat().st_size > MAX_PAGE_BYTES:
            return None
        html = path.read_bytes().decode("utf-8", errors="replace")
    except OSError:
        return None
    if "mgSubTitleTxt" not in html or "mgItemTable" not in html or not is_moderngov(html):
        return None
    return html


def page_kind(html: str) -> str:
    """minutes when the page prints minutes, decisions when only decisions, else agenda."""
    meeting = parse_meeting(html, "", "")
    if any(item.minutes for item in meeting.agenda_items):
        return "minutes"
    if any(item.decision for item in meeting.agenda_items):
        return "decisions"
    return "agenda"


def read_meeting_page(session: Session, document: Document, html: str) -> Counter[str]:
    """Store the meeting a saved page shows and file the document under it."""
    counts: Counter[str] = Counter()
    item = parse_meeting(html, document.url, "")
    item.documents = []
    for data in item.agenda_items:
        data.documents = []
    found = _MEETING_ID.search(html)
    item.source_id = item.source_id or (found.group(1) if found else f"page:{document.sha256}")
    _adopt_local_committee(session, document.council_id, item)
    placeholder = document.meeting
    meeting, _ = MeetingRows(document.council_id).upsert(session, item)
    session.flush()
    session.expire(meeting)  # its items were added by id, not through the relationship
    document.meeting_id = meeting.id
    _drop_placeholder(session, placeholder, meeting, document)
    if "kind" in document.detected.split() or document.kind in ("", "other"):
        document.kind = page_kind(html)
    counts["agenda_items"] += len(meeting.agenda_items)
    # Apologies and declarations, from the items' minutes read as minutes;
    # their resolutions come from the page's decisions below, not twice.
    minutes = parse_minutes(
        [
            "\n".join(
                f"{data.number or ''} {data.title or ''}\n{data.minutes or ''}"
                for data in item.agenda_items
            )
        ]
    )
    for minute in minutes.items:
        minute.resolutions = []
    counts.update(structure.store_minutes(session, meeting, minutes, document))
    counts["resolutions"] += structure.store_decisions(session, meeting)
    session.flush()
    for resolution in session.scalars(
        select(Resolution).where(Resolution.meeting_id == meeting.id)
    ):
        if resolution.document_id is None and "html" in resolution.sources:
            resolution.document_id, resolution.page = document.id, 1
    return counts


def _adopt_local_committee(session: Session, council_id: int, item: MeetingItem) -> None:
    """A committee made by name for this council's imports becomes the page's committee."""
    if not item.committee_name or not item.committee_source_id:
        return
    by_id = session.scalar(
        select(Committee).where(
            Committee.council_id == council_id, Committee.source_id == item.committee_source_id
        )
    )
    named = structure.find_committee(session, council_id, item.committee_name)
    if by_id is None and named is not None and named.source_id.startswith(LOCAL_PREFIX):
        named.source_id = item.committee_source_id


def _drop_placeholder(
    session: Session, placeholder: Meeting | None, meeting: Meeting, document: Document
) -> None:
    """The meeting import made from the page's text before it was read as a
    page (or an earlier version read it as text) goes, if nothing else is in it."""
    if placeholder is None or placeholder.id == meeting.id:
        return
    if not placeholder.source_id.startswith(LOCAL_PREFIX):
        return
    if any(other.id != document.id for other in placeholder.documents):
        return
    session.delete(placeholder)
    session.flush()
