"""Reading a page's query string: filters as the CLI takes them, with errors
collected for the page to show instead of a 500."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlencode

from starlette.datastructures import QueryParams

from indexer.export import ExportFilters
from indexer.search.schema import UNIT_TYPES
from indexer.search_index import SORTS, SearchFilters

KINDS = UNIT_TYPES
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
PAGE_SIZE = 20
MAX_SHOWN = 1000


@dataclass
class Filters:
    """What a search or a table was asked for; `errors` says what could not be read."""

    query: str = ""
    council: str | None = None
    committee: str | None = None
    kinds: tuple[str, ...] = ()
    since: date | None = None
    until: date | None = None
    sort: str = "relevance"
    group: bool = False
    limit: int = PAGE_SIZE
    errors: list[str] = field(default_factory=list)

    def search_filters(self, council_slug: str | None) -> SearchFilters:
        return SearchFilters(
            council=council_slug,
            committee=self.committee,
            kinds=self.kinds,
            since=self.since,
            until=self.until,
        )

    def export_filters(self) -> ExportFilters:
        return ExportFilters(self.council, self.committee, self.since, self.until)

    def params(self, **changes: object) -> dict[str, str | list[str]]:
        """The query string of these filters with some changed (None drops one)."""
        values: dict[str, object] = {
            "q": self.query,
            "council": self.council,
            "committee": self.committee,
            "kind": list(self.kinds),
            "since": self.since.isoformat() if self.since else None,
            "until": self.until.isoformat() if self.until else None,
            "sort": self.sort if self.sort != "relevance" else None,
            "group": "meeting" if self.group else None,
        }
        values.update(changes)
        out: dict[str, str | list[str]] = {}
        for key, value in values.items():
            if isinstance(value, list):
                if value:
                    out[key] = [str(v) for v in value]
            elif value not in (None, ""):
                out[key] = str(value)
        return out

    def url(self, path: str, **changes: object) -> str:
        query = urlencode(self.params(**changes), doseq=True)
        return f"{path}?{query}" if query else path


def _date(params: QueryParams, name: str, errors: list[str]) -> date | None:
    text = (params.get(name) or "").strip()
    if not text:
        return None
    try:
        if not ISO_DATE.fullmatch(text):
            raise ValueError
        return date.fromisoformat(text)
    except ValueError:
        errors.append(
            f"{name.capitalize()} date {text!r} is not a date: use YYYY-MM-DD, e.g. 2026-03-10."
        )
        return None


def read_filters(params: QueryParams) -> Filters:
    errors: list[str] = []
    kinds = tuple(k for k in params.getlist("kind") if k)
    unknown = [k for k in kinds if k not in KINDS]
    if unknown:
        errors.append(f"Unknown kind {unknown[0]!r}: choose from {', '.join(KINDS)}.")
        kinds = tuple(k for k in kinds if k in KINDS)
    sort = params.get("sort") or "relevance"
    if sort not in SORTS:
        errors.append(f"Unknown sort {sort!r}: choose from {', '.join(SORTS)}.")
        sort = "relevance"
    limit_text = params.get("limit") or str(PAGE_SIZE)
    limit = int(limit_text) if limit_text.isdigit() and int(limit_text) > 0 else PAGE_SIZE
    filters = Filters(
        query=(params.get("q") or "").strip(),
        council=(params.get("council") or "").strip() or None,
        committee=(params.get("committee") or "").strip() or None,
        kinds=kinds,
        since=_date(params, "since", errors),
        until=_date(params, "until", errors),
        sort=sort,
        group=params.get("group") == "meeting",
        limit=min(limit, MAX_SHOWN),
        errors=errors,
    )
    if filters.since and filters.until and filters.since > filters.until:
        errors.append("The 'since' date is after the 'until' date.")
    return filters
