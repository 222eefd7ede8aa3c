"""Exporting tables as flat rows: council, committee and meeting date on every row.

Each export is one SELECT streamed from a server-side cursor (`yield_per`), so
memory stays flat however many rows there are. Rows are plain dicts in a fixed
column order; search_cli.output renders csv/json/jsonl and `write_parquet`
writes Parquet when the optional pyarrow is installed.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    ColumnElement,
    Date,
    DateTime,
    Engine,
    Integer,
    Select,
    func,
    select,
)
from sqlalchemy.orm import aliased

from indexer.errors import UsageError
from indexer.models import (
    AgendaItem,
    Attendance,
    Committee,
    Council,
    Declaration,
    Document,
    Meeting,
    Resolution,
    WorkProgrammeEntry,
)
from indexer.store.councils import council_slug
from indexer.store.filestore import FileStore, reader_url

BATCH_ROWS = 2000


@dataclass(frozen=True)
class ExportFilters:
    """Which rows to export; dates are inclusive (meeting date, or planned date)."""

    council: str | None = None
    committee: str | None = None
    since: date | None = None
    until: date | None = None


def _meeting_context() -> list[ColumnElement[Any]]:
    """The denormalised columns every meeting-based row starts with."""
    return [
        Council.slug.label("council"),
        Council.name.label("council_name"),
        Committee.name.label("committee"),
        func.date(Meeting.start, type_=Date).label("meeting_date"),
        Meeting.id.label("meeting_id"),
    ]


def _meetings() -> Select:
    return (
        select(
            *_meeting_context(),
            Meeting.title,
            Meeting.start,
            Meeting.status,
            Meeting.venue,
            Meeting.url,
            Meeting.source_id,
            Meeting.first_seen,
            Meeting.last_changed,
        )
        .join(Council, Meeting.council_id == Council.id)
        .outerjoin(Committee, Meeting.committee_id == Committee.id)
        .order_by(Meeting.start, Meeting.id)
    )


def _of_meeting(stmt: Select, meeting_id: Any) -> Select:
    """Join a child table's rows to their meeting, council and committee."""
    return (
        stmt.join(Meeting, meeting_id == Meeting.id)
        .join(Council, Meeting.council_id == Council.id)
        .outerjoin(Committee, Meeting.committee_id == Committee.id)
    )


def _agenda_items() -> Select:
    stmt = select(
        *_meeting_context(),
        AgendaItem.id.label("agenda_item_id"),
        AgendaItem.number,
        AgendaItem.position,
        AgendaItem.title,
        AgendaItem.description,
        AgendaItem.decision,
        AgendaItem.minutes,
        AgendaItem.vote,
        AgendaItem.is_exempt,
        AgendaItem.exemption,
        AgendaItem.page_start,
        AgendaItem.page_end,
        AgendaItem.source,
        AgendaItem.first_seen,
        AgendaItem.last_changed,
    )
    return _of_meeting(stmt, AgendaItem.meeting_id).order_by(
        Meeting.start, Meeting.id, AgendaItem.position, AgendaItem.id
    )


def _resolutions() -> Select:
    stmt = select(
        *_meeting_context(),
        Resolution.id.label("resolution_id"),
        Resolution.agenda_item_id,
        AgendaItem.number.label("item_number"),
        AgendaItem.title.label("item_title"),
        Resolution.position,
        Resolution.kind,
        Resolution.text,
        Resolution.clauses,
        Resolution.document_id,
        Document.url.label("document_url"),
        Document.file_path.label("archived_url"),
        Resolution.page,
        Resolution.sources,
        Resolution.first_seen,
    )
    return (
        _of_meeting(stmt, Resolution.meeting_id)
        .outerjoin(AgendaItem, Resolution.agenda_item_id == AgendaItem.id)
        .outerjoin(Document, Resolution.document_id == Document.id)
        .order_by(Meeting.start, Meeting.id, Resolution.position, Resolution.id)
    )


def _documents() -> Select:
    item = aliased(AgendaItem)
    return (
        select(
            *_meeting_context(),
            Document.id.label("document_id"),
            Document.agenda_item_id,
            item.number.label("item_number"),
            Document.title,
            Document.kind,
            Document.url,
            Document.content_type,
            Document.size,
            Document.page_count,
            Document.sha256,
            Document.text_status,
            Document.error,
            Document.fetched_at,
            Document.file_path,
            Document.file_path.label("archived_url"),
            Document.first_seen,
            Document.last_changed,
            Document.withdrawn_at,
        )
        # A document may belong to no meeting (a standalone work programme):
        # its council comes from the document itself.
        .join(Council, Document.council_id == Council.id)
        .outerjoin(Meeting, Document.meeting_id == Meeting.id)
        .outerjoin(Committee, Meeting.committee_id == Committee.id)
        .outerjoin(item, Document.agenda_item_id == item.id)
        .order_by(Meeting.start, Document.id)
    )


def _attendance() -> Select:
    stmt = select(
        *_meeting_context(),
        Attendance.id.label("attendance_id"),
        Attendance.person,
        Attendance.role,
    )
    return _of_meeting(stmt, Attendance.meeting_id).order_by(
        Meeting.start, Meeting.id, Attendance.id
    )


def _declarations() -> Select:
    stmt = select(
        *_meeting_context(),
        Declaration.id.label("declaration_id"),
        Declaration.agenda_item_id,
        AgendaItem.number.label("item_number"),
        AgendaItem.title.label("item_title"),
        Declaration.person,
        Declaration.text,
    )
    return (
        _of_meeting(stmt, Declaration.meeting_id)
        .outerjoin(AgendaItem, Declaration.agenda_item_id == AgendaItem.id)
        .order_by(Meeting.start, Meeting.id, Declaration.id)
    )


def _work_programme() -> Select:
    return (
        select(
            Council.slug.label("council"),
            Council.name.label("council_name"),
            Committee.name.label("committee"),
            WorkProgrammeEntry.planned_date,
            WorkProgrammeEntry.id.label("entry_id"),
            WorkProgrammeEntry.planned_label,
            WorkProgrammeEntry.section,
            WorkProgrammeEntry.position,
            WorkProgrammeEntry.title,
            WorkProgrammeEntry.details,
            WorkProgrammeEntry.outcome,
            WorkProgrammeEntry.cabinet_member,
            WorkProgrammeEntry.lead_officer,
            WorkProgrammeEntry.document_id,
            Document.url.label("document_url"),
            Document.file_path.label("archived_url"),
            WorkProgrammeEntry.first_seen,
        )
        .join(Council, WorkProgrammeEntry.council_id == Council.id)
        .outerjoin(Committee, WorkProgrammeEntry.committee_id == Committee.id)
        .outerjoin(Document, WorkProgrammeEntry.document_id == Document.id)
        .order_by(WorkProgrammeEntry.planned_date, WorkProgrammeEntry.id)
    )


TABLES: dict[str, Callable[[], Select]] = {
    "meetings": _meetings,
    "agenda-items": _agenda_items,
    "resolutions": _resolutions,
    "documents": _documents,
    "attendance": _attendance,
    "declarations": _declarations,
    "work-programme": _work_programme,
}


def export_columns(table: str) -> list[str]:
    """The column names of an export, in order."""
    return list(_statement(table).selected_columns.keys())


def _statement(table: str) -> Select:
    try:
        return TABLES[table]()
    except KeyError:
        raise UsageError(
            f"No export called {table!r}", hint=f"choose one of: {', '.join(TABLES)}"
        ) from None


def _filtered(engine: Engine, table: str, filters: ExportFilters) -> Select:
    stmt = _statement(table)
    if filters.council:
        stmt = stmt.where(Council.slug == council_slug(engine, filters.council))
    if filters.committee:
        stmt = stmt.where(Committee.name.icontains(filters.committee, autoescape=True))
    # Work-programme entries have no meeting yet: their planned date is the date.
    if table == "work-programme":
        if filters.since:
            stmt = stmt.where(WorkProgrammeEntry.planned_date >= filters.since)
        if filters.until:
            stmt = stmt.where(WorkProgrammeEntry.planned_date <= filters.until)
        return stmt
    if filters.since:
        stmt = stmt.where(Meeting.start >= datetime.combine(filters.since, time()))
    if filters.until:
        # The end of the day, not the next midnight: 9999-12-31 has no day after.
        stmt = stmt.where(Meeting.start <= datetime.combine(filters.until, time.max))
    return stmt


def export_rows(
    engine: Engine, table: str, filters: ExportFilters, *, files: FileStore
) -> Iterator[dict[str, Any]]:
    """Stream the rows of one export as dicts (column order as `export_columns`),
    with links a reader can follow: the council's document URL where there is
    one, else (an imported paper) the archived copy in `files`; and the archived
    copy's own link.

    The table name and filters are checked here, before any row is read.
    """
    rows = _stream(engine, _filtered(engine, table, filters))
    return _linked(rows, files) if "archived_url" in export_columns(table) else rows


def _linked(rows: Iterator[dict[str, Any]], files: FileStore) -> Iterator[dict[str, Any]]:
    for row in rows:
        key = row["archived_url"]  # selected as the file's key
        row["archived_url"] = files.url(key) if key else None
        for name in ("url", "document_url"):  # the document's (only documents have "url")
            if name in row:
                row[name] = reader_url(files, row[name], key)
        yield row


def _stream(engine: Engine, stmt: Select) -> Iterator[dict[str, Any]]:
    with engine.connect() as connection:
        result = connection.execution_options(yield_per=BATCH_ROWS).execute(stmt)
        keys = list(result.keys())
        for row in result:
            yield dict(zip(keys, row, strict=True))


def _arrow_type(sql_type: Any) -> Any:
    import pyarrow as pa

    if isinstance(sql_type, Boolean):
        return pa.bool_()
    if isinstance(sql_type, Integer):
        return pa.int64()
    if isinstance(sql_type, DateTime):
        return pa.timestamp("us")
    if isinstance(sql_type, Date):
        return pa.date32()
    return pa.string()


def _arrow_value(value: Any, sql_type: Any) -> Any:
    # Lists (resolution clauses, sources) as JSON text, as in CSV.
    if isinstance(sql_type, JSON) and value is not None:
        return json.dumps(value, ensure_ascii=False)
    return value


def write_parquet(
    rows: Iterator[dict[str, Any]], table: str, path: Path, batch_rows: int = 10_000
) -> int:
    """Write rows to a Parquet file in row groups; returns how many were written."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise UsageError(
            "Parquet export needs pyarrow, which is not installed",
            hint="install the parquet extra (pip install pyarrow), or use --format csv or jsonl",
        ) from None
    selected = _statement(table).selected_columns
    names = list(selected.keys())
    types = [selected[name].type for name in names]
    schema = pa.schema([(name, _arrow_type(t)) for name, t in zip(names, types, strict=True)])
    count = 0
    with pq.ParquetWriter(path, schema) as writer:
        batch: list[dict[str, Any]] = []
        for row in rows:
            batch.append({n: _arrow_value(row[n], t) for n, t in zip(names, types, strict=True)})
            if len(batch) >= batch_rows:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                count += len(batch)
                batch = []
        if batch:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            count += len(batch)
    return count
