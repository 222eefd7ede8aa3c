"""What a watch matches now, and what counts as news about it.

A watch re-runs the same search as `papers search`. Each hit gets a key made
of its id, a fingerprint of what it says and its meeting's status and date: a new
key is news (a new item, a re-published agenda with a changed item, a new
version of a document, a cancelled or moved meeting); a key already recorded
is not.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from indexer.home import Home
from indexer.search_index import Hit, SearchFilters, search

NEW_KINDS = {
    "item": "new_item",
    "resolution": "new_resolution",
    "page": "new_page",
    "work-programme": "new_work_programme",
    "document": "new_document",
}
# What a kind of news is called in text, e-mail and feed titles.
KIND_LABELS = {
    "new_item": "New agenda item",
    "new_resolution": "New decision",
    "new_page": "New in a document",
    "new_document": "New document",
    "new_work_programme": "Newly scheduled",
    "changed": "Changed",
    "cancelled": "Meeting cancelled",
    "moved": "Meeting moved",
}


@dataclass(frozen=True)
class WatchQuery:
    """A saved search: the query and the filters of `papers search`."""

    query: str
    council: str | None = None
    committee: str | None = None
    kinds: tuple[str, ...] = ()
    upcoming_only: bool = False

    def filters(self, today: date) -> SearchFilters:
        return SearchFilters(
            council=self.council,
            committee=self.committee,
            kinds=self.kinds,
            since=today if self.upcoming_only else None,
        )


def current_hits(home: Home, watch: WatchQuery, today: date) -> list[Hit]:
    """Every hit the watch's search finds now, oldest meeting first."""
    return search(home, watch.query, watch.filters(today), limit=None, sort="oldest").hits


# Keys made since fingerprints cover only what a unit says start with this;
# older keys (the whole unit, citation included) have no prefix.
KEY_SCHEME = "2|"


def hit_key(hit: Hit) -> str:
    """The identity of a hit in its current state."""
    when = hit.meeting_date.isoformat() if hit.meeting_date else ""
    return KEY_SCHEME + "|".join((hit.id, hit.fingerprint, hit.meeting_status or "", when))


def describe(hit: Hit, previous: dict[str, Any] | None) -> dict[str, Any]:
    """The hit as stored and reported, with what kind of news it is.

    `previous` is the payload last recorded for the same hit id, if any.
    """
    payload: dict[str, Any] = {
        "id": hit.id,
        "type": hit.type,
        "council": hit.council,
        "committee": hit.committee,
        "meeting_id": hit.meeting_id,
        "meeting_date": hit.meeting_date.isoformat() if hit.meeting_date else None,
        "meeting_status": hit.meeting_status,
        "item_number": hit.item_number,
        "title": hit.title,
        "snippet": hit.snippet,
        "document_title": hit.document_title,
        "document_kind": hit.document_kind,
        "document_url": hit.document_url,
        "page": hit.page,
        "url": hit.url,
        "fingerprint": hit.fingerprint,
    }
    kind, change = _what_changed(payload, previous)
    payload["kind"] = kind
    payload["change"] = change
    return payload


def _what_changed(now: dict[str, Any], before: dict[str, Any] | None) -> tuple[str, str | None]:
    if before is None:
        return NEW_KINDS.get(now["type"], "new_page"), None
    if now["meeting_status"] != before.get("meeting_status"):
        if now["meeting_status"] == "cancelled":
            return "cancelled", "the meeting was cancelled"
        return "changed", f"the meeting is now {now['meeting_status'] or 'unknown'}"
    if now["meeting_date"] != before.get("meeting_date"):
        was = before.get("meeting_date") or "no date"
        return "moved", f"the meeting moved from {was} to {now['meeting_date'] or 'no date'}"
    return "changed", "the text changed"
