"""What a search returns, the same from every backend: hits, totals, facets."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from indexer.search.snippets import Highlight, snippet
from indexer.store.filestore import FileStore, is_archive_url

SORTS = ("relevance", "newest", "oldest")
# The fields of a hit in JSON/JSONL/CSV output, in order.
HIT_FIELDS = (
    "id",
    "type",
    "council",
    "committee",
    "meeting_id",
    "meeting_date",
    "item_number",
    "title",
    "snippet",
    "document_title",
    "document_kind",
    "document_url",
    "page",
    "url",
    "archived_url",
    "read_from_scan",
    "score",
)
FACETS = {"council": "council", "committee": "committee_name", "year": "year"}


@dataclass
class Hit:
    id: str
    type: str
    council: str
    committee: str | None
    meeting_id: int | None
    meeting_date: date | None
    item_number: str | None
    title: str
    snippet: str
    document_title: str | None
    document_kind: str | None
    document_url: str | None
    page: int | None
    url: str | None
    score: float | None
    # The page cited was read by OCR from a picture of it: check before quoting.
    read_from_scan: bool = False
    # Our archived copy of the document (at the page), in this machine's file
    # store: the council may take its own down. `url` is the council's where
    # it has one (an imported paper has none: then both are the archived copy).
    archived_url: str | None = None
    # Not output: a hash of what the unit says (its words, not its citation: a
    # watch tells a changed unit by it), the meeting's status, and the archived
    # file's key (each machine makes the links from it: link_archive).
    fingerprint: str = ""
    meeting_status: str | None = None
    document_file: str | None = None

    def as_row(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in HIT_FIELDS}

    @property
    def citation(self) -> str:
        """ "document title, p. N" when the hit is on a known page."""
        cited = self.document_title or ""
        if cited and self.page:
            cited = f"{cited}, p. {self.page}"
        if self.read_from_scan:
            return f"{cited} (read from a scan: check the page before quoting)".strip()
        return cited


@dataclass
class SearchResult:
    hits: list[Hit]
    total: int
    expansions: list[str] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)
    facets: dict[str, dict[str, int]] | None = None
    # False when `total` is an upper estimate (a common word with a limit).
    total_exact: bool = True


def _body(stored: dict[str, Any]) -> str:
    """The indexed text without the title it starts with (the title is shown apart)."""
    text, title = stored.get("text", ""), stored.get("title") or ""
    body = text[len(title) :].strip() if title and text.startswith(title) else text
    return body or text


def make_hit(stored: dict[str, Any], score: float | None, marks: Highlight) -> Hit:
    """A hit from a unit's stored fields, with a snippet marked for the query."""
    when = stored.get("meeting_date")
    return Hit(
        id=stored["id"],
        type=stored["type"],
        council=stored["council"],
        committee=stored.get("committee"),
        meeting_id=stored.get("meeting_id"),
        meeting_date=when.date() if isinstance(when, datetime) else None,
        item_number=stored.get("item_number"),
        title=stored.get("title") or "",
        snippet=snippet(_body(stored), marks),
        document_title=stored.get("document_title"),
        document_kind=stored.get("document_kind"),
        document_url=stored.get("document_url"),
        page=stored.get("page"),
        url=stored.get("url"),
        score=round(score, 3) if score is not None else None,
        read_from_scan=bool(stored.get("read_from_scan")),
        fingerprint=stored.get("text_fingerprint", ""),
        meeting_status=stored.get("meeting_status"),
        document_file=stored.get("document_file"),
    )


def link_archive(hits: Iterable[Hit], files: FileStore) -> None:
    """Give each hit in an archived document the archived copy's link in this
    machine's file store, and an imported paper's links (`papers:KEY`) that one."""
    for hit in hits:
        if not hit.document_file:
            continue
        archived = files.url(hit.document_file)
        hit.archived_url = f"{archived}#page={hit.page}" if hit.page else archived
        if hit.document_url and is_archive_url(hit.document_url):
            hit.document_url = archived
        if hit.url and is_archive_url(hit.url):
            _, mark, fragment = hit.url.partition("#")
            hit.url = archived + mark + fragment


def group_by_meeting(hits: Iterable[Hit]) -> list[tuple[tuple[Any, ...], list[Hit]]]:
    """Hits grouped by meeting, groups in order of their first hit."""
    groups: dict[tuple[Any, ...], list[Hit]] = {}
    for hit in hits:
        key = (hit.council, hit.meeting_id or hit.id, hit.meeting_date, hit.committee)
        groups.setdefault(key, []).append(hit)
    return list(groups.items())
