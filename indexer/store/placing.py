"""Which meeting a paper belongs to: given by the user, or read from its text.

`place` files a newly imported paper (kind, committee and date read where
not given, and `documents.detected` says which were read). `place_again`
runs when the parsers read a paper again: what was read from the text is
read again, so a date an older version took from the wrong line moves the
paper to the right meeting, or to none when the text names no meeting.
"""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy.orm import Session

from indexer.models import Document, Meeting
from indexer.parse.classify import classify_document, detect_meeting
from indexer.store import structure


def place(
    session: Session,
    document: Document,
    committee: str | None,
    meeting_date: date | None,
    kind: str | None,
    pages: list[str],
) -> tuple[str, ...]:
    """Give a document its kind and meeting, reading from the text what was not given."""
    found: list[str] = []
    if kind is None and pages:
        document.kind = classify_document(pages, document.title)
        found.append("kind")
    start: datetime | None = None
    if (committee is None or meeting_date is None) and pages:
        seen_committee, seen_date = detect_meeting(pages, document.title, kind=document.kind)
        if committee is None and seen_committee:
            committee = seen_committee
            found.append("committee")
        if meeting_date is None and seen_date:
            if isinstance(seen_date, datetime):
                start, meeting_date = seen_date, seen_date.date()
            else:
                meeting_date = seen_date
            found.append("date")
    if meeting_date is not None:
        committee_row = (
            structure.committee_named(session, document.council_id, committee)
            if committee
            else None
        )
        meeting = structure.meeting_on(
            session, document.council_id, committee_row, meeting_date, create=True
        )
        assert meeting is not None
        if start is not None and meeting.start == datetime.combine(meeting_date, time()):
            meeting.start = start  # the printed time, where the meeting had none
        document.meeting_id = meeting.id
    # A scan stored without OCR has no text yet: what was not given is read
    # from the text once OCR gives it one (`papers reparse --ocr`).
    given = {"kind": kind, "committee": committee, "date": meeting_date}
    later = [] if pages else [name for name, value in given.items() if value is None]
    document.detected = " ".join(found + later)
    return tuple(found)


def place_again(session: Session, document: Document, pages: list[str]) -> None:
    """Read again the committee and date an imported paper's text gave."""
    read_committee = document.read_from_text("committee")
    read_date = document.read_from_text("date")
    if not structure.is_imported(document) or not (read_committee or read_date):
        return
    old: Meeting | None = document.meeting
    committee = None
    if not read_committee and old is not None and old.committee is not None:
        committee = old.committee.name  # given by the user: kept
    day = None
    if not read_date and old is not None and old.start is not None:
        day = old.start.date()
    if old is not None and _agrees(old, pages, document):
        return  # read the same again: it stays where it is
    if old is not None:
        structure.forget_reading(session, document, old.id)
    document.meeting_id = None
    session.flush()
    kind_read = document.read_from_text("kind")
    place(session, document, committee, day, document.kind, pages)
    if kind_read:  # the kind is not read here (parse_document did): keep its mark
        document.mark_read_from_text("kind")
    session.flush()
    session.expire(document, ["meeting"])
    if old is not None and old.id != document.meeting_id and _only_for(session, old, document):
        structure.delete_meeting(session, old)


def _only_for(session: Session, meeting: Meeting, document: Document) -> bool:
    """A meeting made for this paper by an older reading, with nothing else in it."""
    return meeting.source_id.startswith(structure.LOCAL_PREFIX) and not structure.meeting_in_use(
        session, meeting.id, but=document.id
    )


def _agrees(meeting: Meeting, pages: list[str], document: Document) -> bool:
    """Does the text, read again, name this meeting (its committee and day)?"""
    committee, when = detect_meeting(pages, document.title, kind=document.kind)
    day = when.date() if isinstance(when, datetime) else when
    if document.read_from_text("date") and (meeting.start is None or day != meeting.start.date()):
        return False
    if document.read_from_text("committee"):
        named = meeting.committee.name if meeting.committee else None
        return bool(committee) and structure.same_committee(named, committee)
    return True
