"""An Atom 1.0 feed of a watch's recent hits, for any feed reader.

Entry ids are derived from the watch name and the hit's key (ids.entry_id),
so they never change between runs: a reader shows each hit once, and a
changed hit (new key) as a new entry. Each entry has a plain-text summary and
an HTML content with the matched words in bold.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from html import escape
from typing import IO, Any
from xml.etree import ElementTree as ET

from indexer import __version__
from indexer.watch.ids import entry_id, feed_id
from indexer.watch.report import (
    WatchReport,
    citation,
    headline,
    html_snippet,
    plain_snippet,
    where,
)

ATOM = "http://www.w3.org/2005/Atom"
__all__ = ["ATOM", "entry_id", "write_atom"]


def _timestamp(value: str | datetime) -> str:
    """RFC 3339 in UTC, as Atom requires (stored times are naive UTC)."""
    when = datetime.fromisoformat(value) if isinstance(value, str) else value
    return when.replace(microsecond=0).isoformat() + "Z"


def _text(parent: ET.Element, tag: str, text: str, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
    element.text = text
    return element


def _entry(feed: ET.Element, watch: str, hit: dict[str, Any]) -> str:
    entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
    _text(entry, "id", entry_id(watch, hit["key"]))
    _text(entry, "title", headline(hit))
    updated = _timestamp(hit["first_seen"])
    _text(entry, "updated", updated)
    if hit.get("url"):
        ET.SubElement(entry, f"{{{ATOM}}}link", {"rel": "alternate", "href": hit["url"]})
    ET.SubElement(entry, f"{{{ATOM}}}category", {"term": hit["kind"]})
    snippet = hit.get("snippet") or ""
    lines = [where(hit), f"What changed: {hit['change']}" if hit.get("change") else ""]
    lines.append(citation(hit))
    _text(entry, "summary", "\n".join(line for line in [*lines, plain_snippet(snippet)] if line))
    # type="html": the HTML is the element's text, escaped once more by the XML writer.
    html = [f"<p>{escape(line)}</p>" for line in lines if line]
    if snippet:
        html.append(f"<p>{html_snippet(snippet)}</p>")
    _text(entry, "content", "".join(html), type="html")
    return updated


def write_atom(reports: Sequence[WatchReport], stream: IO[str], generated: datetime) -> None:
    """Write one feed with the entries of every report, newest first."""
    ET.register_namespace("", ATOM)
    names = [r.name for r in reports]
    feed = ET.Element(f"{{{ATOM}}}feed")
    _text(feed, "id", feed_id(names))
    _text(feed, "title", f"papers watch: {', '.join(names) or 'no watches'}")
    subtitle = "; ".join(f"{r.name}: {r.query}" for r in reports)
    _text(feed, "subtitle", subtitle or "No watches")
    updated = _text(feed, "updated", _timestamp(generated))
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    _text(author, "name", "papers (council-papers)")
    _text(feed, "generator", "papers", version=__version__)
    entries = sorted(
        ((r.name, hit) for r in reports for hit in r.hits),
        key=lambda pair: (pair[1]["first_seen"], pair[1]["key"]),
        reverse=True,
    )
    latest = [_entry(feed, name, hit) for name, hit in entries]
    if latest:
        # The feed changes when its newest entry does, not at every run.
        updated.text = max(latest)
    ET.indent(feed)
    stream.write('<?xml version="1.0" encoding="utf-8"?>\n')
    stream.write(ET.tostring(feed, encoding="unicode"))
    stream.write("\n")
