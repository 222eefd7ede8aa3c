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

from sqlalchemy import select
from sqlalchemy.orm import Session

from indexer.models import AgendaItem, Committee, Document, Meeting, Resolution
from indexer.parse.minutes import parse_minutes
from indexer.store import structure
from indexer.store.crawl import MeetingRows
from indexer.store.filestore import FileStore, FileStoreError
from indexer.store.structure import LOCAL_PREFIX
from scraper.items import MeetingItem
from scraper.moderngov.pages import is_moderngov, parse_meeting

# Bigger than any real meeting page by far; a bigger file is read as text only.
MAX_PAGE_BYTES = 20_000_000
# The meeting's own id: its attendance link names it; other links may name
# other meetings (previous and next), so a bare MId= is the last resort.
_ATTENDANCE_ID = re.compile(r"mgMeetingAttendance\.aspx\?ID=(\d{1,12})", re.I)
_ANY_MEETING_ID = re.compile(r"[?&;]MId=(\d{1,12})", re.I)


def saved_meeting_page(document: Document, files: FileStore) -> str | None:
    """The HTML of a stored document if it is a ModernGov meeting page."""
    if not document.file_path or "html" not in (document.content_type or ""):
        return None
    try:
        html = files.read(document.file_path, MAX_PAGE_BYTES).decode("utf-8", errors="replace")
    except FileStoreError:  # too big for a meeting page, or gone: read as text only
        return None
    # A meeting page has its heading and its items (or, cancelled, its
    # attendance link); a list of meetings has neither.
    if "mgSubTitleTxt" not in html or not _ATTENDANCE_ID.search(html) and "mgItemTable" not in html:
        return None
    return html if is_moderngov(html) else None


def read_meeting_page(session: Session, document: Document, html: str) -> Counter[str]:
    """Store the meeting a saved page shows and file the document under it."""
    counts: Counter[str] = Counter()
    item = parse_meeting(html, document.url, "")
    item.documents = []
    for data in item.agenda_items:
        data.documents = []
    found = _ATTENDANCE_ID.search(html) or _ANY_MEETING_ID.search(html)
    item.source_id = item.source_id or (found.group(1) if found else f"page:{document.sha256}")
    if document.read_from_text("kind") or not structure.is_imported(document):
        document.kind = page_kind(item)
    crawled = session.scalar(
        select(Meeting).where(
            Meeting.council_id == document.council_id,
            Meeting.source_id == item.source_id,
            Meeting.url.like("http%"),
        )
    )
    if crawled is not None:
        # The council's own page, crawled, is newer than a saved copy: file under it.
        _leave_placeholder(session, document, crawled)
        return counts
    _adopt_local_committee(session, document.council_id, item)
    _adopt_placeholder(session, document, item)
    rows = MeetingRows(document.council_id)
    before = _item_ids(session, document.meeting_id)
    meeting, _ = rows.upsert(session, item)
    session.flush()
    session.expire(meeting)  # its items were added by id, not through the relationship
    _leave_placeholder(session, document, meeting)
    counts["agenda_items"] += len(_item_ids(session, meeting.id) - before)
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


def page_kind(meeting: MeetingItem) -> str:
    """minutes when the page prints minutes, decisions when only decisions, else agenda."""
    if any(item.minutes for item in meeting.agenda_items):
        return "minutes"
    if any(item.decision for item in meeting.agenda_items):
        return "decisions"
    return "agenda"


def _item_ids(session: Session, meeting_id: int | None) -> set[int]:
    if meeting_id is None:
        return set()
    return set(session.scalars(select(AgendaItem.id).where(AgendaItem.meeting_id == meeting_id)))


def _adopt_placeholder(session: Session, document: Document, item: MeetingItem) -> None:
    """The meeting import filed the page under by its text (found by committee
    and date, maybe holding minutes a later pack printed) becomes the page's
    meeting, keeping its rows and their ids, unless the page's meeting exists."""
    placeholder = document.meeting
    if placeholder is None or not placeholder.source_id.startswith(LOCAL_PREFIX):
        return
    taken = session.scalar(
        select(Meeting.id).where(
            Meeting.council_id == document.council_id, Meeting.source_id == item.source_id
        )
    )
    if taken is not None:
        return
    if not structure.meeting_in_use(session, placeholder.id, but=document.id):
        # Its items are an older reading of this page's own text.
        for row in list(placeholder.agenda_items):
            if row.source in structure.FILE_SOURCES:
                session.delete(row)
    placeholder.source_id = item.source_id or placeholder.source_id
    session.flush()
    session.expire(placeholder)


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


def _leave_placeholder(session: Session, document: Document, meeting: Meeting) -> None:
    """File the page under its meeting; a local meeting it leaves goes only
    if nothing else is in it (another paper, a part, a resolution, people)."""
    placeholder = document.meeting
    document.meeting_id = meeting.id
    session.flush()
    if placeholder is None or placeholder.id == meeting.id:
        return
    if placeholder.source_id.startswith(LOCAL_PREFIX) and not structure.meeting_in_use(
        session, placeholder.id
    ):
        structure.delete_meeting(session, placeholder)
