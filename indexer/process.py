"""The reading stages after a crawl or an import: extract text, then parse it.

`extract_documents` turns new or changed files into page text on every core;
`parse_documents` reads agendas, packs, minutes and work programmes from
stored text (and the "Decision:" texts meeting pages carry) into meetings'
items, resolutions, attendance and declarations. Both are incremental and
can be re-run at any time; `process` is what crawl and `papers process` call.
"""

from __future__ import annotations

import contextlib
import logging
from collections import Counter
from collections.abc import Callable, Hashable, Iterator, Sequence
from functools import partial
from typing import Any

from sqlalchemy import Engine, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from indexer.extract import ExtractionResult, Limits, pdf
from indexer.extract.pool import Job, extract_many
from indexer.home import Home
from indexer.models import (
    READ_STATUSES,
    TEXT_STATUSES,
    AgendaItem,
    Council,
    Document,
    Meeting,
    Page,
    utcnow,
)
from indexer.parse.agenda import parse_agenda
from indexer.parse.classify import classify_document
from indexer.parse.minutes import parse_minutes
from indexer.parse.pack import split_pack
from indexer.parse.types import ParsedAgenda, ParsedAgendaItem
from indexer.parse.work_programme import parse_work_programme
from indexer.store import meeting_pages, placing, races, structure
from indexer.store.filestore import FileStore, FileStoreError, FileTooLargeError

log = logging.getLogger(__name__)
# Files copied from a remote store at once for reading: a few per core, so the
# temporary copies stay small however many documents wait.
REMOTE_BATCH = 16

# Told (stage, done, total) as papers are read: stage "text" (extraction) or
# "structure" (parsing), so a command can show a count.
ReadingProgress = Callable[[str, int, int], None]


def no_progress(stage: str, done: int, total: int) -> None:
    pass


def _council_filter(query: Any, council: str | None) -> Any:
    if council is None:
        return query
    return query.join(Council, Council.id == Document.council_id).where(Council.slug == council)


def extract_documents(
    engine: Engine,
    home: Home,
    council: str | None = None,
    *,
    limits: Limits | None = None,
    workers: int | None = None,
    progress: ReadingProgress = no_progress,
) -> dict[str, int]:
    """Extract every stored file whose content has not been read yet.

    Returns counts by text status. Each document is written in its own
    transaction as soon as its text is ready.
    """
    limits = limits or Limits.from_env()
    with Session(engine) as session:
        query = _council_filter(
            select(Document.id, Document.file_path, Document.content_type).where(
                Document.sha256.is_not(None),
                Document.file_path.is_not(None),
                or_(
                    Document.extracted_sha256.is_(None),
                    Document.extracted_sha256 != Document.sha256,
                ),
            ),
            council,
        )
        wanted = list(session.execute(query.order_by(Document.id)))
    counts: Counter[str] = Counter()
    progress("text", 0, len(wanted))
    found = _extract_stored(home.files, wanted, limits, workers)
    for done, (doc_id, result) in enumerate(found, 1):
        store = partial(_store_text, doc_id=doc_id, result=result)
        races.in_own_transaction(engine, store, f"storing document {doc_id}'s text")
        counts[result.status] += 1
        if result.status not in READ_STATUSES or result.error:
            log.info("Document %s: %s (%s)", doc_id, result.status, result.error)
        progress("text", done, len(wanted))
    return dict(counts)


def _extract_stored(
    files: FileStore, wanted: Sequence[Any], limits: Limits, workers: int | None
) -> Iterator[tuple[Hashable, ExtractionResult]]:
    """(document id, result) for each (id, key, content type): read in place from a
    folder; from a bucket, copied to a temporary folder a batch at a time."""
    batch = max(1, len(wanted)) if files.is_local else REMOTE_BATCH
    for start in range(0, len(wanted), batch):
        with contextlib.ExitStack() as copies:
            jobs = []
            for doc_id, key, kind in wanted[start : start + batch]:
                try:
                    jobs.append(Job(doc_id, copies.enter_context(files.local_path(key)), kind))
                except FileTooLargeError as exc:
                    yield doc_id, ExtractionResult("too_large", error=str(exc))
                except FileStoreError as exc:
                    yield doc_id, ExtractionResult("failed", error=str(exc))
            yield from extract_many(jobs, limits, workers)


def _store_text(session: Session, doc_id: Hashable, result: ExtractionResult) -> None:
    document = session.get(Document, doc_id)
    if document is not None:  # None: deleted while we read it
        structure.store_pages(session, document, result)


def read_scans_again(engine: Engine, council: str | None = None) -> int:
    """Mark the stored PDFs with pages that have no text for reading again, so
    the next extraction reads those pages by OCR; returns how many.

    Scans stored before OCR was installed (`no_text_layer`), packs with
    scanned pages stored then, and scans whose OCR stopped at the time limit.
    """
    no_text = select(Page.document_id).where(
        func.length(func.trim(Page.text)) < pdf.MIN_CHARS_PER_TEXT_PAGE
    )
    with Session(engine) as session, session.begin():
        query = _council_filter(
            select(Document.id).where(
                Document.sha256.is_not(None),
                or_(
                    Document.text_status == "no_text_layer",
                    Document.error.like("OCR stopped%"),
                    Document.text_status.in_(READ_STATUSES) & Document.id.in_(no_text),
                ),
            ),
            council,
        )
        doc_ids = list(session.scalars(query))
        if doc_ids:
            session.execute(
                update(Document).where(Document.id.in_(doc_ids)).values(extracted_sha256=None)
            )
    return len(doc_ids)


def parse_documents(
    engine: Engine,
    council: str | None = None,
    everything: bool = False,
    home: Home | None = None,
    progress: ReadingProgress = no_progress,
) -> dict[str, int]:
    """Parse stored text into structure: new or re-extracted documents, or
    with `everything` all of them; then the meeting pages' decisions. With
    the `home` its files are in, a saved meeting page is read as the crawl
    reads one."""
    with Session(engine) as session:
        query = _council_filter(
            select(Document.id).where(Document.text_status.in_(READ_STATUSES)), council
        )
        if not everything:
            query = query.where(Document.parsed_at.is_(None))
        doc_ids = list(session.scalars(query.order_by(Document.id)))
    counts: Counter[str] = Counter()
    progress("structure", 0, len(doc_ids))
    for done, doc_id in enumerate(doc_ids, 1):
        what = f"parsing document {doc_id}"
        try:
            parse = partial(_parse_stored, doc_id=doc_id, home=home)
            counts.update(races.in_own_transaction(engine, parse, what))
        except IntegrityError as exc:  # the same clash every time: a bug, not a race
            failed = partial(_parse_failed, doc_id=doc_id, exc=exc)
            counts.update(races.in_own_transaction(engine, failed, what))
        progress("structure", done, len(doc_ids))
    counts["resolutions"] += parse_decisions(engine, council)
    return dict(counts)


def _parse_stored(session: Session, doc_id: int, home: Home | None) -> Counter[str]:
    """Parse one document in `session`; a failure is recorded on it, except a lost
    race (IntegrityError), which is raised so the transaction can be run again."""
    document = session.get(Document, doc_id)
    if document is None:
        return Counter()
    counts: Counter[str] = Counter(documents=1)
    try:
        with session.begin_nested():
            counts.update(parse_document(session, document, home))
        document.error = None
    except IntegrityError:
        raise
    except Exception as exc:  # one odd document must not stop the run
        log.exception("Could not parse document %s", doc_id)
        _record_failure(document, exc)
        counts["parse_failed"] += 1
    document.parsed_at = utcnow()
    return counts


def _parse_failed(session: Session, doc_id: int, exc: Exception) -> Counter[str]:
    document = session.get(Document, doc_id)
    if document is None:
        return Counter()
    log.error("Could not parse document %s: %s", doc_id, exc)
    _record_failure(document, exc)
    document.parsed_at = utcnow()
    return Counter(documents=1, parse_failed=1)


def _record_failure(document: Document, exc: Exception) -> None:
    document.error = f"could not parse: {type(exc).__name__}: {exc}"


def parse_decisions(engine: Engine, council: str | None = None) -> int:
    """Resolutions from the meeting pages' "Decision:" (or "Minutes:") texts; returns how many
    are new."""
    with Session(engine) as session:
        query = (
            select(AgendaItem.meeting_id)
            .where(or_(AgendaItem.decision.is_not(None), AgendaItem.minutes.is_not(None)))
            .distinct()
        )
        if council is not None:
            query = (
                query.join(Meeting, Meeting.id == AgendaItem.meeting_id)
                .join(Council, Council.id == Meeting.council_id)
                .where(Council.slug == council)
            )
        meeting_ids = list(session.scalars(query))
    new = 0
    for meeting_id in meeting_ids:
        store = partial(_store_decisions, meeting_id=meeting_id)
        new += races.in_own_transaction(engine, store, f"reading meeting {meeting_id}'s decisions")
    return new


def _store_decisions(session: Session, meeting_id: int) -> int:
    meeting = session.get(Meeting, meeting_id)
    return 0 if meeting is None else structure.store_decisions(session, meeting)


def parse_document(session: Session, document: Document, home: Home | None = None) -> Counter[str]:
    """Parse one document's stored text and store what it says."""
    page = meeting_pages.saved_meeting_page(document, home.files) if home else None
    if page is not None:
        return meeting_pages.read_meeting_page(session, document, page)
    counts: Counter[str] = Counter()
    pages = structure.page_texts(session, document)
    unknown = document.kind in (None, "", "other") and not structure.is_imported(document)
    if document.read_from_text("kind") or unknown:
        # Read from the text, so read again: a kind the user or the site gave stays.
        document.kind = classify_document(pages, document.title or None)
        document.mark_read_from_text("kind")
    placing.place_again(session, document, pages)
    orphans = structure.detach_document(session, document)
    kind = document.kind
    meeting = document.meeting
    source = structure.file_source(document)
    listed: set[int] = set()  # work-programme entries this document lists
    if kind in ("agenda", "agenda_pack"):
        agenda = parse_agenda(pages)
        if meeting is not None:
            counts["agenda_items"] += structure.store_agenda_items(
                session, meeting, agenda.items, source
            )
        if kind == "agenda_pack":
            counts.update(_store_pack(session, document, pages, agenda, listed))
    elif kind == "supplement":
        # A covering letter listing the enclosed items, then the enclosures:
        # read like a pack, its items added to the meeting's (never replacing them).
        agenda = parse_agenda(pages)
        if meeting is not None:
            counts["agenda_items"] += structure.add_agenda_items(
                session, meeting, agenda.items, source
            )
        counts.update(_store_pack(session, document, pages, agenda, listed, supplement=True))
    elif kind in ("minutes", "decisions"):
        counts.update(_store_minutes(session, document, pages, 0))
    elif kind == "work_programme":
        found, new = structure.store_work_programme(session, document, parse_work_programme(pages))
        listed |= found
        counts["work_programme_entries"] += new
    structure.drop_unlisted_work_programme(session, document, listed)
    structure.drop_unfound(session, orphans)
    return counts


def _store_minutes(
    session: Session, document: Document, pages: list[str], offset: int
) -> Counter[str]:
    minutes = parse_minutes(pages)
    target = structure.meeting_recorded(session, document, minutes)
    counts: Counter[str] = Counter()
    if target is not None:
        counts.update(structure.store_minutes(session, target, minutes, document, offset))
        counts["minutes"] += 1
    return counts


def _store_pack(
    session: Session,
    document: Document,
    pages: list[str],
    agenda: ParsedAgenda,
    listed: set[int],
    *,
    supplement: bool = False,
) -> Counter[str]:
    """Split a reports pack or supplement and store each part against its
    meeting and item. A supplement's part stamped with an item its letter
    does not list adds that item (number only) to the meeting."""
    counts: Counter[str] = Counter()
    meeting = document.meeting
    source = structure.file_source(document)
    for part in split_pack(pages, agenda):
        if supplement and part.kind == "agenda":
            part.title = "Covering letter"
        part_pages = pages[part.page_start - 1 : part.page_end]
        offset = part.page_start - 1
        part_meeting = meeting
        # The item of the pack's own meeting the pages are printed under (for
        # minutes too: they record another meeting but are this one's item).
        item = _part_item(session, meeting, part.item_number, source, counts, supplement)
        if part.kind == "minutes":
            minutes = parse_minutes(part_pages)
            part_meeting = structure.meeting_recorded(session, document, minutes)
            if part_meeting is not None:
                counts.update(
                    structure.store_minutes(session, part_meeting, minutes, document, offset)
                )
                counts["minutes"] += 1
        elif part.kind == "work_programme":
            found, new = structure.store_work_programme(
                session, document, parse_work_programme(part_pages), len(listed), offset
            )
            listed |= found
            counts["work_programme_entries"] += new
        structure.store_part(session, document, part, part_meeting, item)
        counts["parts"] += 1
    return counts


def _part_item(
    session: Session,
    meeting: Meeting | None,
    number: str | None,
    source: str,
    counts: Counter[str],
    supplement: bool,
) -> AgendaItem | None:
    if meeting is None or not number:
        return None
    item = structure.find_item(meeting, number)
    if item is None and supplement:
        placeholder = ParsedAgendaItem(number=number, title="", position=0)
        added = structure.add_agenda_items(session, meeting, [placeholder], source)
        counts["agenda_items"] += added
        item = structure.find_item(meeting, number)
    return item


def process(
    engine: Engine,
    home: Home,
    council: str | None = None,
    progress: ReadingProgress = no_progress,
) -> dict[str, int]:
    """Extract new files, then parse what is new: what crawl runs."""
    counts = Counter(extract_documents(engine, home, council, progress=progress))
    counts.update(parse_documents(engine, council, home=home, progress=progress))
    return dict(counts)


# What extracting a file can end in: every text status but "pending".
EXTRACTED = tuple(status for status in TEXT_STATUSES if status != "pending")
# What reading papers adds, counted as new rows (not rows read again).
NEW_ROWS = ("agenda_items", "resolutions", "attendance", "declarations", "work_programme_entries")


def describe_new(counts: dict[str, int]) -> str:
    """ "12 agenda items, 28 resolutions" or "" when nothing is new."""
    found = [f"{counts[key]} {key.replace('_', ' ')}" for key in NEW_ROWS if counts.get(key)]
    return ", ".join(found)


def describe_processing(counts: dict[str, int]) -> str:
    """One line: what `process` gave (`papers crawl`, `papers process`, a plain `scrapy crawl`)."""
    read = sum(counts.get(status, 0) for status in EXTRACTED)
    if not read and not counts.get("documents"):
        return "no new or changed papers to read"
    unread = ", ".join(
        f"{counts[status]} {status.replace('_', ' ')}"
        for status in EXTRACTED[1:]
        if counts.get(status)
    )
    found = describe_new(counts)
    failed = f"; {counts['parse_failed']} could not be parsed" if counts.get("parse_failed") else ""
    return (
        f"read {read} files"
        + (f" ({unread})" if unread else "")
        + (f"; new: {found}" if found else "")
        + failed
    )
