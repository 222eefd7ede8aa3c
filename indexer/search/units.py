"""The searchable units, read from the database.

One unit per agenda item (title, description, decision, minutes and its
resolutions), resolution, document page, document (its title) and
work-programme entry. A page is searched by its own text only: a document's
or an item's title is not printed on every page, and a page cited for words
it does not contain would be a wrong citation. Titles are found as document
(and item) hits instead. Each unit
carries its citation and a fingerprint of everything indexed, so an
incremental update re-indexes exactly what changed.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any, TypeVar

from sqlalchemy import (
    BigInteger,
    Connection,
    Engine,
    Select,
    any_,
    bindparam,
    func,
    or_,
    select,
    union,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session

from indexer.models import (
    AgendaItem,
    Committee,
    Council,
    Document,
    DocumentPart,
    Meeting,
    Page,
    Resolution,
    WorkProgrammeEntry,
)


@dataclass
class Unit:
    id: str
    type: str
    council: str
    committee: str | None = None
    meeting_id: int | None = None
    meeting_date: datetime | None = None
    meeting_status: str | None = None
    item_number: str | None = None
    title: str = ""
    document_title: str | None = None
    document_kind: str | None = None
    document_url: str | None = None
    page: int | None = None
    url: str | None = None
    # The archived file's key in the file store: each machine makes the archived
    # copy's link from it (indexer.search.hits.link_archive).
    document_file: str | None = None
    text: str = ""
    # The page cited was read by OCR from a picture of it: check before quoting.
    read_from_scan: bool = False
    # Everything indexed (what `papers index` compares), and only what the unit
    # says (what a watch compares: a new citation for the same words is not news).
    fingerprint: str = field(default="", init=False)
    text_fingerprint: str = field(default="", init=False)

    def __post_init__(self) -> None:
        said = [self.type, self.item_number, self.title, self.text]
        self.text_fingerprint = _digest(said)
        self.fingerprint = _digest(asdict(self))

    def fields(self) -> dict[str, Any]:
        """The Whoosh document for this unit."""
        doc = {k: v for k, v in asdict(self).items() if v is not None}
        doc["council"] = self.council.lower()
        if self.committee:
            doc["committee_name"] = self.committee
        if self.meeting_date:
            doc["year"] = str(self.meeting_date.year)
            doc["council_year"] = f"{doc['council']}:{self.meeting_date.year}"
        doc["text"] = doc["pairs"] = self.searchable
        return doc

    @property
    def searchable(self) -> str:
        """The text searched: a page's text (its title labels it: its item or
        document); anything else's title and text."""
        said = (self.text,) if self.type == "page" else (self.title, self.text)
        return "\n".join(t for t in said if t)


@dataclass(frozen=True)
class _MeetingInfo:
    council: str
    committee: str | None
    start: datetime | None
    status: str
    url: str | None


# Document id -> (id, title, kind, url, meeting id, agenda item id, council id, file key).
_Documents = Mapping[int | None, Sequence[Any]]
# Agenda item id -> (number, title, meeting id).
_Items = Mapping[int | None, Sequence[Any]]
# (document id, page number) of the pages read by OCR.
_Scanned = set[tuple[int, int | None]]


def _digest(content: object) -> str:
    text = json.dumps(content, default=str, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def page_url(url: str | None, page: int | None) -> str | None:
    """A link that opens a PDF at the page (`...pdf#page=N`)."""
    if not url:
        return None
    return f"{url.split('#', 1)[0]}#page={page}" if page else url


def _joined(*parts: str | None) -> str:
    return "\n".join(p.strip() for p in parts if p and p.strip())


@dataclass(frozen=True)
class Scope:
    """Part of the database whose units are read: those of these councils,
    meetings, documents and work-programme entries, and of the work
    programmes of these committees (their entries name the committee's meetings).

    A meeting's units include the papers filed under it; a document's
    include the items and resolutions of the meetings it is filed under (they
    cite it), and `item_meetings` asks for those alone: a changed paper
    changes what its meeting's items cite, not the meeting's other papers.
    """

    councils: frozenset[int] = frozenset()
    meetings: frozenset[int] = frozenset()
    item_meetings: frozenset[int] = frozenset()
    documents: frozenset[int] = frozenset()
    entries: frozenset[int] = frozenset()
    committees: frozenset[int] = frozenset()


# A sub-select of ids, or None for no limit.
_Ids = Any


@dataclass(frozen=True)
class _Within:
    """The ids a scoped read is limited to, as sub-selects (None: everything)."""

    meetings: _Ids = None  # whose items and resolutions are units
    documents: _Ids = None  # whose pages and titles are units
    entries: _Ids = None  # work-programme entries
    # What those units cite, looked up around them.
    meeting_lookup: _Ids = None
    document_lookup: _Ids = None
    item_lookup: _Ids = None


def _among(column: Any, ids: frozenset[int]) -> Any:
    """`column = ANY(ids)`: one parameter however many ids a big transaction changed."""
    return column == any_(bindparam(None, list(ids), type_=ARRAY(BigInteger)))


def _items_of(meetings: _Ids) -> _Ids:
    return select(AgendaItem.id).where(AgendaItem.meeting_id.in_(meetings))


def _within(scope: Scope) -> _Within:
    given_documents = _among(Document.id, scope.documents)
    item_meeting = select(AgendaItem.meeting_id).where(
        AgendaItem.id.in_(
            union(
                select(Document.agenda_item_id).where(given_documents),
                select(DocumentPart.agenda_item_id).where(
                    _among(DocumentPart.document_id, scope.documents)
                ),
            )
        )
    )
    whole_meetings = or_(
        _among(Meeting.id, scope.meetings), _among(Meeting.council_id, scope.councils)
    )
    meetings = select(Meeting.id).where(
        or_(
            whole_meetings,
            _among(Meeting.id, scope.item_meetings),
            Meeting.id.in_(select(Document.meeting_id).where(given_documents)),
            Meeting.id.in_(
                select(DocumentPart.meeting_id).where(
                    _among(DocumentPart.document_id, scope.documents)
                )
            ),
            Meeting.id.in_(
                select(Resolution.meeting_id).where(_among(Resolution.document_id, scope.documents))
            ),
            Meeting.id.in_(item_meeting),
        )
    )
    items = _items_of(select(Meeting.id).where(_among(Meeting.id, scope.meetings)))
    documents = select(Document.id).where(
        or_(
            given_documents,
            _among(Document.council_id, scope.councils),
            _among(Document.meeting_id, scope.meetings),
            Document.agenda_item_id.in_(items),
            Document.id.in_(
                select(DocumentPart.document_id).where(
                    or_(
                        _among(DocumentPart.meeting_id, scope.meetings),
                        DocumentPart.agenda_item_id.in_(items),
                    )
                )
            ),
        )
    )
    entries = select(WorkProgrammeEntry.id).where(
        or_(
            _among(WorkProgrammeEntry.id, scope.entries),
            _among(WorkProgrammeEntry.council_id, scope.councils),
            _among(WorkProgrammeEntry.committee_id, scope.committees),
            # Entries name their committee's meetings, not the papers filed there.
            WorkProgrammeEntry.committee_id.in_(select(Meeting.committee_id).where(whole_meetings)),
            WorkProgrammeEntry.document_id.in_(documents),
        )
    )
    unit_items = _items_of(meetings)
    document_lookup: Any = union(
        documents,
        select(DocumentPart.document_id).where(DocumentPart.agenda_item_id.in_(unit_items)),
        select(Resolution.document_id).where(Resolution.meeting_id.in_(meetings)),
        select(WorkProgrammeEntry.document_id).where(WorkProgrammeEntry.id.in_(entries)),
    )
    item_lookup = union(
        unit_items,
        select(Document.agenda_item_id).where(Document.id.in_(documents)),
        select(DocumentPart.agenda_item_id).where(DocumentPart.document_id.in_(documents)),
    )
    meeting_lookup: Any = union(
        meetings,
        select(Document.meeting_id).where(Document.id.in_(document_lookup)),
        select(DocumentPart.meeting_id).where(DocumentPart.document_id.in_(documents)),
        select(AgendaItem.meeting_id).where(AgendaItem.id.in_(item_lookup)),
        select(Meeting.id).where(
            Meeting.committee_id.in_(
                select(WorkProgrammeEntry.committee_id).where(WorkProgrammeEntry.id.in_(entries))
            )
        ),
    )
    return _Within(
        meetings,
        documents,
        entries,
        select(meeting_lookup.subquery()),
        select(document_lookup.subquery()),
        select(item_lookup.subquery()),
    )


_Statement = TypeVar("_Statement", bound=Select)


def _limit(statement: _Statement, column: Any, ids: _Ids) -> _Statement:
    """The statement limited to `column` in `ids` (when not None: everything)."""
    return statement if ids is None else statement.where(column.in_(ids))


def iter_units(source: Engine | Connection, scope: Scope | None = None) -> Iterator[Unit]:
    """Every searchable unit in the database (or in `scope`), streamed.

    `source` may be a connection inside a transaction: its uncommitted rows are read.
    """
    within = _Within() if scope is None else _within(scope)
    with Session(source) as session:
        councils = dict(session.execute(select(Council.id, Council.slug)).all())
        committees = dict(session.execute(select(Committee.id, Committee.name)).all())
        meetings: dict[int, _MeetingInfo] = {}
        # (committee id, day) -> meeting id: where a work-programme entry is planned.
        meeting_days: dict[tuple[int, date], int] = {}
        meeting_rows = select(
            Meeting.id,
            Meeting.council_id,
            Meeting.committee_id,
            Meeting.start,
            Meeting.status,
            Meeting.url,
        ).order_by(Meeting.id)
        for mid, cid, comid, st, s, u in session.execute(
            _limit(meeting_rows, Meeting.id, within.meeting_lookup)
        ):
            meetings[mid] = _MeetingInfo(
                councils[cid], committees.get(comid) if comid else None, st, s, u
            )
            if comid is not None and st is not None:
                meeting_days.setdefault((comid, st.date()), mid)
        documents: dict[int | None, Sequence[Any]] = {
            row[0]: row
            for row in session.execute(
                _limit(
                    select(
                        Document.id,
                        Document.title,
                        Document.kind,
                        Document.url,
                        Document.meeting_id,
                        Document.agenda_item_id,
                        Document.council_id,
                        Document.file_path,
                    ),
                    Document.id,
                    within.document_lookup,
                )
            )
        }
        citations = _item_citations(session, documents, within)
        scanned = _scanned_pages(session, within)
        items: dict[int | None, Sequence[Any]] = {
            iid: (number, title, mid)
            for iid, number, title, mid in session.execute(
                _limit(
                    select(
                        AgendaItem.id, AgendaItem.number, AgendaItem.title, AgendaItem.meeting_id
                    ),
                    AgendaItem.id,
                    within.item_lookup,
                )
            )
        }
        yield from _item_units(session, meetings, documents, citations, scanned, within)
        yield from _resolution_units(session, meetings, documents, items, scanned, within)
        yield from _page_units(session, meetings, documents, items, councils, scanned, within)
        # A scoped read looks up more documents than it makes units of.
        wanted = None if within.documents is None else set(session.scalars(within.documents))
        yield from _document_units(meetings, documents, items, councils, wanted)
        yield from _work_programme_units(
            session, councils, committees, documents, meetings, meeting_days, scanned, within
        )


def _meeting_fields(meeting: _MeetingInfo, meeting_id: int) -> dict[str, Any]:
    return {
        "council": meeting.council,
        "committee": meeting.committee,
        "meeting_id": meeting_id,
        "meeting_date": meeting.start,
        "meeting_status": meeting.status,
    }


def _document_fields(
    document: Sequence[Any] | None, page: int | None, scanned: _Scanned
) -> dict[str, Any]:
    if document is None:
        return {}
    doc_id, title, kind, url, *_, key = document
    return {
        "document_title": title or None,
        "document_kind": kind,
        "document_url": url,
        "document_file": key,
        "page": page,
        "read_from_scan": (doc_id, page) in scanned,
    }


def _scanned_pages(session: Session, within: _Within) -> _Scanned:
    """(document id, page) of every page read by OCR."""
    rows = session.execute(
        _limit(
            select(Page.document_id, Page.number).where(Page.ocr_confidence.is_not(None)),
            Page.document_id,
            within.document_lookup,
        )
    )
    return {(doc_id, number) for doc_id, number in rows}


def _item_citations(
    session: Session, documents: _Documents, within: _Within
) -> dict[int, tuple[int, int | None]]:
    """Agenda item id -> (document id, page): where to read the item.

    Its report inside the reports pack, at the pack page it starts on (the
    printed "(Pages 79 - 110)" number the page footers, not the PDF, so they
    are not used); else the first document attached to the item, no page.
    """
    citations: dict[int, tuple[int, int | None]] = {}
    parts = (
        select(DocumentPart)
        .where(DocumentPart.agenda_item_id.is_not(None))
        .order_by(DocumentPart.document_id, DocumentPart.page_start)
    )
    for part in session.scalars(_limit(parts, DocumentPart.agenda_item_id, within.item_lookup)):
        if part.agenda_item_id is not None:
            citations.setdefault(part.agenda_item_id, (part.document_id, part.page_start))
    for doc_id in sorted(d for d in documents if d is not None):
        item_id = documents[doc_id][5]
        if item_id is not None:
            citations.setdefault(item_id, (doc_id, None))
    return citations


def _item_units(
    session: Session,
    meetings: dict[int, _MeetingInfo],
    documents: _Documents,
    citations: dict[int, tuple[int, int | None]],
    scanned: _Scanned,
    within: _Within,
) -> Iterator[Unit]:
    resolutions: dict[int | None, list[str]] = defaultdict(list)
    from_scans: set[int | None] = set()  # items with a resolution read from a scanned page
    said = (
        select(Resolution.agenda_item_id, Resolution.text, Resolution.document_id, Resolution.page)
        .where(Resolution.agenda_item_id.is_not(None))
        .order_by(Resolution.agenda_item_id, Resolution.position, Resolution.id)
    )
    for item_id, text, doc_id, page in session.execute(
        _limit(said, Resolution.meeting_id, within.meetings)
    ):
        resolutions[item_id].append(text)
        if (doc_id, page) in scanned:
            from_scans.add(item_id)
    rows = session.execute(
        _limit(
            select(
                AgendaItem.id,
                AgendaItem.meeting_id,
                AgendaItem.number,
                AgendaItem.title,
                AgendaItem.description,
                AgendaItem.decision,
                AgendaItem.minutes,
            ),
            AgendaItem.meeting_id,
            within.meetings,
        ).execution_options(yield_per=2000)
    )
    for iid, mid, number, title, description, decision, minutes in rows:
        meeting = meetings[mid]
        doc_id, page = citations.get(iid, (None, None))
        document = documents.get(doc_id)
        # The report at its page when there is one, else the meeting's page.
        url = page_url(document[3], page) if document is not None and page else meeting.url
        fields = _document_fields(document, page, scanned)
        fields["read_from_scan"] = fields.get("read_from_scan") or iid in from_scans
        yield Unit(
            id=f"item:{iid}",
            type="item",
            item_number=number,
            title=title or "",
            url=url,
            text=_joined(description, decision, minutes, *resolutions.get(iid, [])),
            **_meeting_fields(meeting, mid),
            **fields,
        )


def _resolution_units(
    session: Session,
    meetings: dict[int, _MeetingInfo],
    documents: _Documents,
    items: _Items,
    scanned: _Scanned,
    within: _Within,
) -> Iterator[Unit]:
    rows = session.execute(
        _limit(
            select(
                Resolution.id,
                Resolution.meeting_id,
                Resolution.agenda_item_id,
                Resolution.text,
                Resolution.document_id,
                Resolution.page,
            ),
            Resolution.meeting_id,
            within.meetings,
        ).execution_options(yield_per=2000)
    )
    for rid, mid, item_id, text, doc_id, page in rows:
        meeting = meetings[mid]
        number, item_title, _ = items.get(item_id, (None, "", None))
        document = documents.get(doc_id)
        fields = _document_fields(document, page, scanned)
        yield Unit(
            id=f"resolution:{rid}",
            type="resolution",
            item_number=number,
            title=item_title or "Resolution",
            url=page_url(fields.get("document_url"), page) or meeting.url,
            text=text,
            **_meeting_fields(meeting, mid),
            **fields,
        )


def _page_units(
    session: Session,
    meetings: dict[int, _MeetingInfo],
    documents: _Documents,
    items: _Items,
    councils: dict[int, str],
    scanned: _Scanned,
    within: _Within,
) -> Iterator[Unit]:
    parts: dict[int, list[tuple[int, int, str, int | None, int | None]]] = defaultdict(list)
    part_rows = select(
        DocumentPart.document_id,
        DocumentPart.page_start,
        DocumentPart.page_end,
        DocumentPart.kind,
        DocumentPart.meeting_id,
        DocumentPart.agenda_item_id,
    )
    for doc_id, start, end, kind, mid, item_id in session.execute(
        _limit(part_rows, DocumentPart.document_id, within.documents)
    ):
        parts[doc_id].append((start, end, kind, mid, item_id))
    page_rows = select(Page.id, Page.document_id, Page.number, Page.text).where(Page.text != "")
    rows = session.execute(
        _limit(page_rows, Page.document_id, within.documents).execution_options(yield_per=2000)
    )
    for _, doc_id, number, text in rows:
        _, doc_title, kind, url, mid, item_id, council_id, key = documents[doc_id]
        # A pack's page belongs to the part (minutes, report...) it falls in.
        for start, end, part_kind, part_meeting, part_item in parts.get(doc_id, ()):
            if start <= number <= end:
                kind = part_kind
                mid = part_meeting or mid
                item_id = part_item or item_id
                break
        number_printed, item_title, meeting_fields = _under_item(
            items, item_id, mid, meetings, councils[council_id]
        )
        yield Unit(
            id=f"page:{doc_id}:{number}",
            type="page",
            item_number=number_printed,
            title=item_title or doc_title or "",
            document_title=doc_title or None,
            document_kind=kind,
            document_url=url,
            page=number,
            url=page_url(url, number),
            document_file=key,
            text=text,
            read_from_scan=(doc_id, number) in scanned,
            **meeting_fields,
        )


def _under_item(
    items: _Items,
    item_id: int | None,
    meeting_id: int | None,
    meetings: dict[int, _MeetingInfo],
    council: str,
) -> tuple[str | None, str | None, dict[str, Any]]:
    """A paper's item number and title, and the meeting fields it is cited under:
    its own meeting, else its item's, else only its council."""
    number, title, item_meeting = items.get(item_id, (None, None, None))
    mid = meeting_id or item_meeting
    fields = _meeting_fields(meetings[mid], mid) if mid else {"council": council}
    return number, title, fields


def _document_units(
    meetings: dict[int, _MeetingInfo],
    documents: _Documents,
    items: _Items,
    councils: dict[int, str],
    wanted: set[int] | None,
) -> Iterator[Unit]:
    """One unit per titled document (of those `wanted`): its title, citing it, no page."""
    for doc_id, title, kind, url, mid, item_id, council_id, key in documents.values():
        if not title or (wanted is not None and doc_id not in wanted):
            continue
        number, _, meeting_fields = _under_item(items, item_id, mid, meetings, councils[council_id])
        yield Unit(
            id=f"document:{doc_id}",
            type="document",
            item_number=number,
            title=title,
            document_title=title,
            document_kind=kind,
            document_url=url,
            url=url,
            document_file=key,
            **meeting_fields,
        )


def count_units(engine: Engine) -> int:
    """How many units `iter_units` yields, counted in the database."""
    with Session(engine) as session:
        counted = (
            select(func.count()).select_from(AgendaItem),
            select(func.count()).select_from(Resolution),
            select(func.count()).select_from(Page).where(Page.text != ""),
            select(func.count()).select_from(Document).where(Document.title != ""),
            select(func.count()).select_from(WorkProgrammeEntry),
        )
        return sum(session.scalar(query) or 0 for query in counted)


def _work_programme_units(
    session: Session,
    councils: dict[int, str],
    committees: dict[int, str],
    documents: _Documents,
    meetings: dict[int, _MeetingInfo],
    meeting_days: dict[tuple[int, date], int],
    scanned: _Scanned,
    within: _Within,
) -> Iterator[Unit]:
    entries = _limit(select(WorkProgrammeEntry), WorkProgrammeEntry.id, within.entries)
    rows = session.scalars(entries.execution_options(yield_per=2000))
    for entry in rows:
        document = documents.get(entry.document_id)
        planned = entry.planned_date
        # The meeting it is planned for, once the site lists that meeting.
        planned_for = (entry.committee_id, planned) if entry.committee_id and planned else None
        mid = meeting_days.get(planned_for) if planned_for else None
        when = {
            "council": councils[entry.council_id],
            "committee": committees.get(entry.committee_id) if entry.committee_id else None,
            "meeting_date": datetime.combine(planned, datetime.min.time()) if planned else None,
        }
        yield Unit(
            id=f"work-programme:{entry.id}",
            type="work-programme",
            **(_meeting_fields(meetings[mid], mid) if mid is not None else when),
            title=entry.title,
            url=page_url(document[3], entry.page) if document else None,
            text=_joined(
                entry.planned_label,
                entry.section,
                entry.details,
                entry.outcome,
                entry.cabinet_member,
                entry.lead_officer,
            ),
            **_document_fields(document, entry.page, scanned),
        )
