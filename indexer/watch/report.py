"""What a run reports, per watch, and its text and JSON forms."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from html import escape
from typing import IO, Any

from indexer.models import WatchHit
from indexer.search.snippets import MARK
from indexer.watch.ids import entry_id, notice_id
from indexer.watch.matching import KIND_LABELS


@dataclass
class WatchReport:
    """One watch's hits for one destination: payloads with `key`, `first_seen` and
    `entry_id`. `id` names this set of hits (see ids.notice_id): sent again, it is the same."""

    name: str
    query: str
    hits: list[dict[str, Any]] = field(default_factory=list)
    id: str = ""


# News about a whole meeting: told once, not once per matching paper.
MEETING_NEWS = ("cancelled", "moved")


def watch_report(name: str, query: str, rows: Sequence[WatchHit]) -> WatchReport:
    """The report of these stored hits, a meeting's cancellation or move told once."""
    hits: list[dict[str, Any]] = []
    told: dict[tuple[str, Any], dict[str, Any]] = {}
    for payload in map(hit_payload, rows):
        payload["entry_id"] = entry_id(name, payload["key"])
        kind, meeting = payload.get("kind"), payload.get("meeting_id")
        if kind not in MEETING_NEWS or meeting is None:
            hits.append(payload)
            continue
        first = told.get((kind, meeting))
        if first is None:
            told[(kind, meeting)] = payload
            hits.append(payload)
        else:
            first["also"] = [*first.get("also", []), payload["id"]]
    for payload in told.values():
        if payload.get("also"):
            others = len(payload["also"])
            more = "paper" if others == 1 else "papers"
            payload["change"] = f"{payload['change']} ({others} more matching {more} there)"
    return WatchReport(name, query, hits, notice_id(name, (row.key for row in rows)))


def hit_payload(row: WatchHit) -> dict[str, Any]:
    """A stored hit as reported: its payload plus its key and when it was found."""
    first_seen = row.first_seen.isoformat(timespec="seconds")
    return {**row.payload, "key": row.key, "first_seen": first_seen}


def where(hit: dict[str, Any]) -> str:
    """Council, committee and meeting date: the start of a citation."""
    parts = [hit.get("council"), hit.get("committee"), hit.get("meeting_date")]
    return " · ".join(str(p) for p in parts if p)


def headline(hit: dict[str, Any]) -> str:
    """What happened and to what: "New decision: 5. Edge of care service"."""
    label = KIND_LABELS.get(hit.get("kind", ""), "New")
    number = f"{hit['item_number']} " if hit.get("item_number") else ""
    return f"{label}: {number}{hit.get('title') or hit.get('document_title') or hit['id']}"


def citation(hit: dict[str, Any]) -> str:
    """The paper and page, when the hit is in a document."""
    if hit.get("document_title") and hit.get("page"):
        return f"{hit['document_title']}, p. {hit['page']}"
    return hit.get("document_title") or ""


def snippet_parts(snippet: str) -> list[tuple[str, bool]]:
    """A snippet's text in runs, each with whether it is a matched (marked) run."""
    text = " ".join(snippet.split())
    parts = text.split(MARK)
    if len(parts) % 2 == 0:  # an odd number of marks: one was the text's own
        return [(text, False)]
    return [(part, n % 2 == 1) for n, part in enumerate(parts) if part]


def plain_snippet(snippet: str) -> str:
    """The snippet's words without the marks, for text a person reads (e-mail, a feed)."""
    return "".join(part for part, _ in snippet_parts(snippet))


def html_snippet(snippet: str) -> str:
    """The snippet as escaped HTML, the matched words in <b> (what every feed reader shows)."""
    return "".join(
        f"<b>{escape(part)}</b>" if marked else escape(part)
        for part, marked in snippet_parts(snippet)
    )


def write_text(reports: Sequence[WatchReport], stream: IO[str], *, marks: bool = True) -> None:
    """The text report; `marks` keeps the **matched** words marked (the terminal's form)."""
    for report in reports:
        count = len(report.hits)
        status = f"{count} new" if count else "nothing new"
        stream.write(f"{report.name} ({report.query}): {status}\n")
        for hit in report.hits:
            write_hit(hit, stream, marks=marks)
        stream.write("\n")


def write_hit(hit: dict[str, Any], stream: IO[str], *, marks: bool = True) -> None:
    """One hit as an indented block: what, where, the paper, a snippet, the link."""
    stream.write(f"\n  {headline(hit)}\n  {where(hit)}\n")
    if hit.get("change"):
        stream.write(f"  What changed: {hit['change']}\n")
    if citation(hit):
        stream.write(f"  In: {citation(hit)}\n")
    if hit.get("snippet"):
        words = " ".join(hit["snippet"].split()) if marks else plain_snippet(hit["snippet"])
        stream.write(f"  {words}\n")
    if hit.get("url"):
        stream.write(f"  {hit['url']}\n")


def report_json(report: WatchReport) -> dict[str, Any]:
    return {"id": report.id, "watch": report.name, "query": report.query, "hits": report.hits}


def write_json(reports: Sequence[WatchReport], stream: IO[str]) -> None:
    json.dump([report_json(r) for r in reports], stream, ensure_ascii=False, indent=2)
    stream.write("\n")
