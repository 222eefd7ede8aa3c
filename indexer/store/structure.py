"""Storing page text and what the parsers read from it.

Rows that came from a document are replaced when that document is parsed
again (`detach_document` first), so re-parsing never duplicates. The one
subtle rule: a resolution is keyed by (meeting, fingerprint of its text),
so the same resolution read from the meeting page ("Decision:") and from the
printed minutes is one row whose `sources` names both.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from indexer.extract import ExtractionResult
from indexer.models import (
    AgendaItem,
    Attendance,
    Base,
    Committee,
    Council,
    Declaration,
    Document,
    DocumentPart,
    Meeting,
    Page,
    Resolution,
    WorkProgrammeEntry,
    utcnow,
)
from indexer.parse.resolutions import fingerprint, no_decision, parse_resolutions
from indexer.parse.types import (
    PackPart,
    ParsedAgendaItem,
    ParsedMinutes,
    ParsedMinutesItem,
    ParsedResolution,
    WorkProgrammeRow,
)
from indexer.store.attendance import add_attendance
from indexer.store.councils import LOCAL_PLATFORM
from indexer.store.filestore import is_archive_url

# Where rows read from a file came from: a crawled PDF or an imported file.
FILE_SOURCES = ("pdf", "import")
CRAWLED_ITEM_SOURCES = ("html", "webservice")
LOCAL_PREFIX = "local:"


# --- text -----------------------------------------------------------------


def store_pages(session: Session, document: Document, result: ExtractionResult) -> None:
    """Replace the document's pages with a fresh extraction and record its status."""
    session.execute(delete(Page).where(Page.document_id == document.id))
    confidence = result.ocr_confidence or [None] * len(result.pages)
    session.add_all(
        Page(document_id=document.id, number=number, text=text, ocr_confidence=read_by_ocr)
        for number, (text, read_by_ocr) in enumerate(
            zip(result.pages, confidence, strict=True), start=1
        )
    )
    document.page_count = result.page_count
    document.text_status = result.status
    document.error = result.error
    document.extracted_sha256 = document.sha256
    document.parsed_at = None  # new text: parse it again


def page_texts(session: Session, document: Document) -> list[str]:
    """The stored pages, page 1 first (a gap in the numbering reads as an empty page)."""
    rows = session.execute(
        select(Page.number, Page.text).where(Page.document_id == document.id).order_by(Page.number)
    ).all()
    pages = [""] * (rows[-1][0] if rows else 0)
    for number, text in rows:
        pages[number - 1] = text
    return pages


def is_imported(document: Document) -> bool:
    return is_archive_url(document.url)


def file_source(document: Document) -> str:
    return "import" if is_imported(document) else "pdf"


# --- names, numbers and meetings --------------------------------------------


def normal_number(number: str | None) -> str | None:
    """ "59." "(5)" "Item 5" -> "59" "5" "5": how printed numbers are compared."""
    if not number:
        return None
    text = re.sub(r"^(agenda\s+)?(item|minute|no\.?)\s*", "", number.strip(), flags=re.I)
    text = text.strip().strip("().:").strip().lower()
    return text or None


def item_key(number: str | None, position: int) -> str:
    return normal_number(number) or f"#{position + 1}"


def _normal_name(name: str) -> str:
    text = re.sub(r"[^a-z0-9 ]+", " ", name.lower().replace("&", " and "))
    words = [w for w in text.split() if w not in ("the", "meeting", "of")]
    return " ".join(words)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:80] or "committee"


def same_committee(a: str | None, b: str | None) -> bool:
    """Loose: "AUDIT COMMITTEE" and "Audit Committee"; "Audit" and "Audit Committee"."""
    if not a or not b:
        return False
    x, y = _normal_name(a), _normal_name(b)
    return bool(x and y) and (x == y or x in y or y in x)


def find_committee(session: Session, council_id: int, name: str) -> Committee | None:
    """The committee with this name (exactly, else the one that loosely matches)."""
    committees = session.scalars(select(Committee).where(Committee.council_id == council_id)).all()
    wanted = _normal_name(name)
    exact = [c for c in committees if _normal_name(c.name) == wanted]
    if exact:
        return exact[0]
    loose = [c for c in committees if same_committee(c.name, name)]
    return loose[0] if len(loose) == 1 else None


def committee_named(session: Session, council_id: int, name: str) -> Committee:
    """Find the committee or add it as a local one."""
    found = find_committee(session, council_id, name)
    if found is not None:
        return found
    committee = Committee(
        council_id=council_id, source_id=f"{LOCAL_PREFIX}{_slug(name)}", name=name
    )
    session.add(committee)
    session.flush()
    return committee


def meeting_on(
    session: Session,
    council_id: int,
    committee: Committee | None,
    day: date,
    *,
    create: bool,
    at: time | None = None,
) -> Meeting | None:
    """The committee's meeting on that day (not a cancelled one if there is a choice).

    A meeting created here starts at `at` when the papers give the time.
    """
    start = datetime.combine(day, time())
    query = select(Meeting).where(
        Meeting.council_id == council_id,
        Meeting.start >= start,
        Meeting.start < start + timedelta(days=1),
        Meeting.committee_id == committee.id
        if committee is not None
        else Meeting.committee_id.is_(None),
    )
    found = sorted(session.scalars(query), key=lambda m: (m.status == "cancelled", m.id))
    if found or not create:
        return found[0] if found else None
    meeting = Meeting(
        council_id=council_id,
        committee_id=committee.id if committee else None,
        source_id=f"{LOCAL_PREFIX}{committee.id if committee else 0}:{day.isoformat()}",
        title=committee.name if committee else None,
        start=datetime.combine(day, at or time()),
        status="held" if day <= date.today() else "scheduled",
    )
    session.add(meeting)
    session.flush()
    return meeting


def meeting_in_use(session: Session, meeting_id: int, *, but: int | None = None) -> bool:
    """Whether anything but document `but` keeps a meeting: a document filed
    under it, a part of a document, a resolution not read from `but`,
    attendance or a declaration. Agenda items alone do not: they are what a
    paper's reading put there."""
    other = -1 if but is None else but
    queries = (
        select(Document.id).where(Document.meeting_id == meeting_id, Document.id != other),
        select(DocumentPart.id).where(
            DocumentPart.meeting_id == meeting_id, DocumentPart.document_id != other
        ),
        select(Resolution.id).where(
            Resolution.meeting_id == meeting_id,
            or_(Resolution.document_id.is_(None), Resolution.document_id != other),
        ),
        select(Attendance.id).where(Attendance.meeting_id == meeting_id),
        select(Declaration.id).where(Declaration.meeting_id == meeting_id),
    )
    return any(session.scalar(query.limit(1)) is not None for query in queries)


def delete_meeting(session: Session, meeting: Meeting) -> None:
    """Delete a meeting and what hangs on it. Its rows are loaded first, so the
    session forgets them too (the database's cascade alone would leave them
    in the session, to be confused with new rows given the same ids)."""
    # Reading each collection loads it.
    _ = (meeting.agenda_items, meeting.resolutions, meeting.attendances, meeting.declarations)
    session.delete(meeting)
    session.flush()


def forget_reading(session: Session, document: Document, meeting_id: int) -> None:
    """Before a document is read again somewhere else, or read differently:
    clear what its reading stored in a meeting of its own (a local one no
    other paper reads into), so what the new reading does not find again
    does not stay behind. Resolutions are left to the parse, which keeps
    those it finds again."""
    meeting = session.get(Meeting, meeting_id)
    if meeting is None or not meeting.source_id.startswith(LOCAL_PREFIX):
        return
    others = (
        select(Document.id).where(
            Document.meeting_id == meeting_id,
            Document.id != document.id,
            Document.kind.in_(("agenda", "agenda_pack", "minutes", "decisions")),
        ),
        select(DocumentPart.id).where(
            DocumentPart.meeting_id == meeting_id, DocumentPart.document_id != document.id
        ),
        select(Resolution.id).where(
            Resolution.meeting_id == meeting_id,
            Resolution.document_id.is_not(None),
            Resolution.document_id != document.id,
        ),
    )
    if any(session.scalar(query.limit(1)) is not None for query in others):
        return
    meeting.attendances.clear()
    meeting.declarations.clear()
    for item in list(meeting.agenda_items):
        if item.source in FILE_SOURCES:
            meeting.agenda_items.remove(item)
    session.flush()


def meeting_recorded(
    session: Session, document: Document, minutes: ParsedMinutes
) -> Meeting | None:
    """The meeting minutes record: by committee and date, created if absent.

    Minutes printed in a later meeting's pack belong to the meeting they
    record, so the date comes from the minutes, never from the pack.
    """
    day = minutes.meeting_date or (minutes.meeting_start.date() if minutes.meeting_start else None)
    own = document.meeting
    standalone = document.kind in ("minutes", "decisions")
    given = is_imported(document) and not document.read_from_text("date")
    if standalone and own is not None and given:
        return own  # the user said which meeting (--date): that is the one
    if day is None:
        return own if standalone else None
    if own is not None and own.start is not None and own.start.date() == day:
        return own
    own_committee = own.committee if own is not None else None
    committee: Committee | None
    if own_committee is not None and (
        not minutes.committee or same_committee(own_committee.name, minutes.committee)
    ):
        committee = own_committee
    elif minutes.committee:
        committee = committee_named(session, document.council_id, minutes.committee)
    else:
        committee = None
    at = minutes.meeting_start.time() if minutes.meeting_start else None
    return meeting_on(session, document.council_id, committee, day, create=True, at=at)


def _items_by_number(meeting: Meeting) -> dict[str, AgendaItem]:
    found: dict[str, AgendaItem] = {}
    for item in meeting.agenda_items:
        key = normal_number(item.number)
        if key:
            found.setdefault(key, item)
    return found


def find_item(meeting: Meeting, number: str | None, title: str | None = None) -> AgendaItem | None:
    key = normal_number(number)
    if key and key in (by_number := _items_by_number(meeting)):
        return by_number[key]
    if title:
        wanted = _normal_name(title)
        for item in meeting.agenda_items:
            if _normal_name(item.title) == wanted:
                return item
    return None


# --- agenda items -----------------------------------------------------------


def _description(parsed: ParsedAgendaItem) -> str | None:
    parts = [p for p in (parsed.report_of, parsed.description) if p]
    return "\n".join(parts) or None


def store_agenda_items(
    session: Session, meeting: Meeting, items: Sequence[ParsedAgendaItem], source: str
) -> int:
    """Items read from a printed agenda; returns how many are new.

    When the crawl already has the meeting's items from its web page, those
    stay and only gain the page ranges the printed agenda gives.
    """
    if any(item.source in CRAWLED_ITEM_SOURCES for item in meeting.agenda_items):
        for parsed in items:
            match = find_item(meeting, parsed.number, parsed.title)
            if match is not None and parsed.page_start is not None:
                match.page_start, match.page_end = parsed.page_start, parsed.page_end
        return 0
    by_key = {item.key: item for item in meeting.agenda_items}
    kept = set()
    new = 0
    for parsed in items:
        key = item_key(parsed.number, parsed.position)
        if key in kept:
            continue  # a number printed twice: the first is the agenda's
        kept.add(key)
        row = by_key.get(key)
        if row is None:
            row = AgendaItem(meeting_id=meeting.id, key=key)
            meeting.agenda_items.append(row)
            new += 1
        changed = (row.title, row.page_start, row.page_end) != (
            parsed.title,
            parsed.page_start,
            parsed.page_end,
        )
        row.number = parsed.number
        row.position = parsed.position
        row.title = parsed.title
        row.description = _description(parsed)
        row.is_exempt = parsed.is_exempt
        row.exemption = parsed.exemption
        row.page_start, row.page_end = parsed.page_start, parsed.page_end
        row.source = source
        if changed:
            row.last_changed = utcnow()
    for row in list(meeting.agenda_items):
        if row.key not in kept and row.source in FILE_SOURCES:
            meeting.agenda_items.remove(row)
    session.flush()
    return new


def add_agenda_items(
    session: Session, meeting: Meeting, items: Sequence[ParsedAgendaItem], source: str
) -> int:
    """Items a supplement's covering letter lists (or an "Agenda Item N" stamp
    names), added to the meeting's where missing; returns how many are new.

    Nothing is replaced or removed: the letter lists only the items it
    encloses, and its page ranges are the supplement's own pages, not the
    pack's, so none are stored. A placeholder without a title gets the
    letter's title."""
    new = 0
    for parsed in items:
        row = find_item(meeting, parsed.number, parsed.title or None)
        if row is not None:
            if not row.title and parsed.title:
                row.title = parsed.title
            continue
        key = item_key(parsed.number, len(meeting.agenda_items))
        if any(item.key == key for item in meeting.agenda_items):
            continue
        meeting.agenda_items.append(
            AgendaItem(
                meeting_id=meeting.id,
                key=key,
                number=parsed.number,
                position=len(meeting.agenda_items),
                title=parsed.title,
                description=_description(parsed),
                is_exempt=parsed.is_exempt,
                exemption=parsed.exemption,
                source=source,
            )
        )
        new += 1
    session.flush()
    return new


# --- resolutions ------------------------------------------------------------


def occurrence_fingerprints(texts: Sequence[str]) -> list[str]:
    """One fingerprint per resolution; a text repeated within one source
    ("NOTED" under several items) gets its occurrence counted in, so each
    stays a row and the k-th one from the web page meets the k-th from the PDF."""
    seen: Counter[str] = Counter()
    out = []
    for text in texts:
        base = fingerprint(text)
        seen[base] += 1
        n = seen[base]
        out.append(base if n == 1 else hashlib.sha256(f"{base}:{n}".encode()).hexdigest())
    return out


def resolution_position(item: AgendaItem | None, index: int) -> int:
    """Order resolutions by their item on the agenda, whichever source read them."""
    return (item.position if item is not None else 10_000) * 1000 + index


def _citation_rank(session: Session, meeting: Meeting, document_id: int | None) -> int:
    """How good a document is to cite for a meeting's resolution (lower is better):
    its own printed minutes or decisions, another of its papers, anything else
    (such as the next meeting's pack, which reprints the minutes)."""
    document = session.get(Document, document_id) if document_id is not None else None
    if document is None:
        return 3
    if document.meeting_id != meeting.id:
        return 2
    return 0 if document.kind in ("minutes", "decisions") else 1


def _cites_better(
    session: Session, meeting: Meeting, document_id: int, current: int | None
) -> bool:
    return _citation_rank(session, meeting, document_id) < _citation_rank(session, meeting, current)


def upsert_resolution(
    session: Session,
    meeting: Meeting,
    parsed: ParsedResolution,
    fp: str,
    *,
    source: str,
    position: int,
    item: AgendaItem | None,
    document_id: int | None = None,
    page: int | None = None,
) -> bool:
    """Add the resolution, or record one more source for it; True if new."""
    row = session.scalar(
        select(Resolution).where(Resolution.meeting_id == meeting.id, Resolution.fingerprint == fp)
    )
    if row is None:
        row = _revised(session, meeting, item, parsed)
        if row is not None:  # the same decision, read better: it keeps its id
            row.text, row.clauses, row.kind, row.fingerprint = (
                parsed.text,
                list(parsed.clauses),
                parsed.kind,
                fp,
            )
            row.position = position
    if row is None:
        session.add(
            Resolution(
                meeting_id=meeting.id,
                agenda_item_id=item.id if item else None,
                position=position,
                kind=parsed.kind,
                text=parsed.text,
                clauses=list(parsed.clauses),
                document_id=document_id,
                page=page,
                sources=[source],
                fingerprint=fp,
            )
        )
        session.flush()
        return True
    if source not in row.sources:
        row.sources = [*row.sources, source]  # a new list: JSON columns track assignment
    if document_id is not None and _cites_better(session, meeting, document_id, row.document_id):
        row.document_id, row.page = document_id, page
    if parsed.clauses and len(parsed.clauses) > len(row.clauses or []):
        row.clauses = list(parsed.clauses)
    if row.agenda_item_id is None and item is not None:
        row.agenda_item_id = item.id
    return False


_OPENING_WORDS = 10


def _opening(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", text.casefold())[:_OPENING_WORDS]


def _revised(
    session: Session, meeting: Meeting, item: AgendaItem | None, parsed: ParsedResolution
) -> Resolution | None:
    """A resolution of this meeting and item that the parse under way has not
    found again (it has no source left) and that opens with the same words:
    the same decision, its text read better by an improved parser."""
    opening = _opening(parsed.text)
    if len(opening) < 4:  # "RESOLVED - Noted." says too little to be sure
        return None
    candidates = session.scalars(
        select(Resolution).where(
            Resolution.meeting_id == meeting.id,
            Resolution.agenda_item_id == item.id
            if item is not None
            else Resolution.agenda_item_id.is_(None),
        )
    )
    alike = [r for r in candidates if not r.sources and _opening(r.text) == opening]
    # Two that open alike could be taken for each other: then neither is.
    return alike[0] if len(alike) == 1 else None


def _forget_source(rows: Sequence[Resolution], source: str) -> list[Resolution]:
    """Forget that these resolutions came from `source`; returns those left with none."""
    for row in rows:
        row.sources = [s for s in row.sources if s != source]  # a new list: JSON columns
    return [row for row in rows if not row.sources]


def drop_source(session: Session, rows: Sequence[Resolution], source: str) -> None:
    """Forget that these resolutions came from `source`; delete those left with none."""
    for row in _forget_source(rows, source):
        session.delete(row)
    session.flush()


def store_decisions(session: Session, meeting: Meeting) -> int:
    """The meeting page's "Decision:" texts as resolutions (source "html").

    A decision text in which the parser finds no resolution keyword is kept
    whole as one resolution: the page says it is the decision. An item with
    no "Decision:" gives the resolutions its "Minutes:" text records
    ("Resolved that the minutes ... be agreed"), if any.
    """
    found: list[tuple[AgendaItem, ParsedResolution]] = []
    for item in meeting.agenda_items:
        if item.decision and item.decision.strip():
            if no_decision(item.decision):  # "Decision: There were none."
                continue
            whole = item.decision.strip()
            kind = "deferred" if re.match(r"(?i)deferred\b", whole) else "resolved"
            read = parse_resolutions(item.decision) or [ParsedResolution(kind=kind, text=whole)]
        elif item.minutes and item.source in ("html", "webservice"):
            read = parse_resolutions(item.minutes)
        else:
            continue
        found.extend((item, p) for p in read)
    fps = occurrence_fingerprints([p.text for _, p in found])
    new = 0
    for index, ((item, parsed), fp) in enumerate(zip(found, fps, strict=True)):
        position = resolution_position(item, index)
        new += upsert_resolution(
            session, meeting, parsed, fp, source="html", position=position, item=item
        )
    stale = [
        r
        for r in session.scalars(select(Resolution).where(Resolution.meeting_id == meeting.id))
        if "html" in r.sources and r.fingerprint not in set(fps)
    ]
    drop_source(session, stale, "html")
    return new


# --- minutes, parts, work programmes ------------------------------------------


def detach_document(session: Session, document: Document) -> list[int]:
    """Undo what an earlier parse of this document stored, before parsing it again.

    Resolutions it alone gave are not deleted here but returned: parsing it
    again finds most of them (same meeting, same text) and they keep their
    ids, so watches do not see them as new; `drop_unfound` removes the rest.
    """
    source = file_source(document)
    rows = session.scalars(select(Resolution).where(Resolution.document_id == document.id)).all()
    for row in rows:
        row.document_id, row.page = None, None
    orphans = [row.id for row in _forget_source(rows, source)]
    session.execute(delete(DocumentPart).where(DocumentPart.document_id == document.id))
    session.flush()
    return orphans


def drop_unfound(session: Session, resolution_ids: list[int]) -> None:
    """Of these resolutions, delete those that a new parse did not find again."""
    for row_id in resolution_ids:
        row = session.get(Resolution, row_id)
        if row is not None and not row.sources:
            session.delete(row)
    session.flush()


def _shift(page: int | None, offset: int) -> int | None:
    return page + offset if page is not None else None


def match_minute(meeting: Meeting, minute: ParsedMinutesItem) -> AgendaItem | None:
    """The agenda item a minute records: the one item with its title, else the
    agenda number the minute cites, else the minute's own number. (Titles can
    repeat: "Exclusion of the press and public" before each private item.)"""
    wanted = _normal_name(minute.title)
    titled = [i for i in meeting.agenda_items if wanted and _normal_name(i.title) == wanted]
    if len(titled) == 1:
        return titled[0]
    numbers = {normal_number(minute.agenda_number), normal_number(minute.number)} - {None}
    for item in titled:
        if normal_number(item.number) in numbers:
            return item
    return find_item(meeting, minute.agenda_number) or find_item(meeting, minute.number)


# Each minute with the agenda item it records.
_Matched = list[tuple[ParsedMinutesItem, AgendaItem | None]]


def _declared_item(meeting: Meeting, matched: _Matched, number: str | None) -> AgendaItem | None:
    """The item a declaration names ("item 4": the agenda's numbering, as minutes cite it)."""
    key = normal_number(number)
    for minute, item in matched:
        if key and normal_number(minute.agenda_number) == key:
            return item
    return find_item(meeting, number)


def store_minutes(
    session: Session,
    meeting: Meeting,
    minutes: ParsedMinutes,
    document: Document,
    offset: int = 0,
) -> dict[str, int]:
    """Attendance, declarations, items and resolutions of the meeting minutes record.

    `offset` turns the parser's page numbers (counted within the part it was
    given) into the document's.
    """
    source = file_source(document)
    counts = Counter[str]()
    counts["attendance"] += add_attendance(
        meeting, ((person.person, person.role) for person in minutes.attendance)
    )
    if not meeting.agenda_items and minutes.items:
        # A meeting known only from its minutes: their items, numbered as the
        # minutes number them, are its agenda. (The agenda numbers minutes cite
        # can repeat by mistake: Merton's 24 Sept 2009 minutes 3 and 4 both
        # say "Agenda item 4".)
        store_agenda_items(
            session,
            meeting,
            [
                ParsedAgendaItem(
                    number=i.number or i.agenda_number, title=i.title, position=i.position
                )
                for i in minutes.items
            ],
            source,
        )
    matched = [(minute, match_minute(meeting, minute)) for minute in minutes.items]
    for minute, item in matched:
        # The meeting page's own "Minutes:" text, when it has one, is kept.
        if item is None or not minute.text.strip():
            continue
        if not item.minutes or item.source in FILE_SOURCES:
            item.minutes = minute.text.strip()
    if minutes.declarations:
        before = {(d.person, d.text) for d in meeting.declarations}
        meeting.declarations.clear()
        for declared in minutes.declarations:
            item = _declared_item(meeting, matched, declared.item_number)
            meeting.declarations.append(
                Declaration(
                    person=declared.person,
                    text=declared.text,
                    agenda_item_id=item.id if item else None,
                )
            )
            counts["declarations"] += (declared.person, declared.text) not in before
    session.flush()
    found = [(minute, item, r) for minute, item in matched for r in minute.resolutions]
    fps = occurrence_fingerprints([r.text for _, _, r in found])
    for index, ((minute, item, parsed), fp) in enumerate(zip(found, fps, strict=True)):
        counts["resolutions"] += upsert_resolution(
            session,
            meeting,
            parsed,
            fp,
            source=source,
            position=resolution_position(item, index),
            item=item,
            document_id=document.id,
            page=_shift(parsed.page or minute.page, offset),
        )
    return dict(counts)


def store_part(
    session: Session,
    document: Document,
    part: PackPart,
    meeting: Meeting | None,
    item: AgendaItem | None,
) -> None:
    session.add(
        DocumentPart(
            document_id=document.id,
            kind=part.kind,
            title=part.title,
            page_start=part.page_start,
            page_end=part.page_end,
            meeting_id=meeting.id if meeting else None,
            agenda_item_id=item.id if item else None,
        )
    )
    session.flush()


# What a programme prints about an entry: copied from the newest listing.
_PRINTED_FIELDS = (
    "planned_date",
    "planned_label",
    "section",
    "title",
    "details",
    "outcome",
    "cabinet_member",
    "lead_officer",
)


def _fit(model: type[Base], name: str, value: object) -> object:
    """Text cut to its column's length (PostgreSQL refuses longer; a PDF table
    read without its column boundaries can run a cell on)."""
    length = getattr(model.__table__.c[name].type, "length", None)
    return value[:length] if isinstance(value, str) and length else value


def work_programme_key(row: WorkProgrammeRow) -> str:
    """What makes two printings of a programme the same entry: title and planned
    date; without a date, title, label and section ("tbc" in two sections is
    two entries)."""
    if row.planned_date:
        when = row.planned_date.isoformat()
    else:
        when = f"{_normal_name(row.planned_label or '')}|{_normal_name(row.section or '')}"
    return f"{_normal_name(row.title)}|{when}"[:500]


def _listed_on(document: Document | None) -> tuple[datetime, int]:
    """How recent a programme is: its meeting's date, else when it was fetched."""
    if document is None:
        return (datetime.min, 0)
    when = document.meeting.start if document.meeting else None
    return (when or document.fetched_at or datetime.min, document.id)


def store_work_programme(
    session: Session,
    document: Document,
    rows: Sequence[WorkProgrammeRow],
    start: int = 0,
    page_offset: int = 0,
) -> tuple[set[int], int]:
    """Rows of a work programme (numbered on from `start` within the document;
    `page_offset` turns the rows' page numbers into the document's).

    Every agenda pack reprints the committee's programme, so an entry already
    known (same committee, title and planned date) is updated in place, and
    keeps its id, when this programme is the newest listing it. Returns the
    ids of the entries this programme lists and how many of them are new.
    """
    committee_id = document.meeting.committee_id if document.meeting else None
    # The committee's entries by key, read once (the oldest row of a key wins).
    known: dict[str, WorkProgrammeEntry] = {}
    for stored in session.scalars(
        select(WorkProgrammeEntry)
        .where(
            WorkProgrammeEntry.council_id == document.council_id,
            WorkProgrammeEntry.committee_id == committee_id
            if committee_id is not None
            else WorkProgrammeEntry.committee_id.is_(None),
        )
        .order_by(WorkProgrammeEntry.id)
    ):
        known.setdefault(stored.key, stored)
    listed: set[int] = set()
    new = 0
    for offset, row in enumerate(rows):
        key = work_programme_key(row)
        entry = known.get(key)
        if entry is None:
            entry = WorkProgrammeEntry(council_id=document.council_id, committee_id=committee_id)
            session.add(entry)
            known[key] = entry
            new += 1
        elif entry.id in listed or _listed_on(document) < _listed_on(
            session.get(Document, entry.document_id) if entry.document_id else None
        ):
            listed.add(entry.id)  # printed twice here, or a newer programme has it
            continue
        entry.key, entry.document_id, entry.position = key, document.id, start + offset
        entry.page = _shift(row.page, page_offset)
        for name in _PRINTED_FIELDS:
            setattr(entry, name, _fit(WorkProgrammeEntry, name, getattr(row, name)))
        session.flush()
        listed.add(entry.id)
    return listed, new


def drop_unlisted_work_programme(session: Session, document: Document, listed: set[int]) -> None:
    """Entries this document was the newest source of, and no longer lists."""
    session.execute(
        delete(WorkProgrammeEntry).where(
            WorkProgrammeEntry.document_id == document.id, WorkProgrammeEntry.id.not_in(listed)
        )
    )
    session.flush()


def is_slug(text: str) -> bool:
    return re.fullmatch(r"[a-z0-9][a-z0-9-]*", text) is not None


def local_council(session: Session, slug: str) -> Council:
    """The council with this slug, added as a local one (no website) if new."""
    council = session.scalar(select(Council).where(Council.slug == slug))
    if council is None:
        council = Council(slug=slug, name=slug.replace("-", " ").title(), platform=LOCAL_PLATFORM)
        session.add(council)
        session.flush()
    return council
