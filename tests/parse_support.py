"""Real documents' text, read exactly as the pipeline reads it (indexer.extract)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from indexer.extract import extract_file

KINGSTON = "moderngov/kingston"
MERTON_PACK = "pdfs/merton_audit_committee_agenda_2009-10-22.pdf"
KINGSTON_ZEBRA = "pdfs/kingston_ZebraCrossing.pdf"
KINGSTON_MANORGATE = "pdfs/kingston_ManorgatePetition.pdf"
KINGSTON_JANUARY = f"{KINGSTON}/kingston_ieListDocuments_CId711_MId10221.html"
KINGSTON_NOVEMBER = f"{KINGSTON}/kingston_ieListDocuments_CId711_MId10220.html"


@cache
def _pages(path: str) -> tuple[str, ...]:
    result = extract_file(Path(path))
    assert result.status == "ok", (path, result.status, result.error)
    return tuple(result.pages)


def pages(fixtures: Path, name: str) -> list[str]:
    """The page texts of a shared fixture file (extracted once per test run)."""
    return list(_pages(str(fixtures / name)))


def meeting_page_section(fixtures: Path, name: str, number: str, label: str) -> str:
    """One item's "Decision:" or "Minutes:" text from a ModernGov meeting page's text."""
    text = pages(fixtures, name)[0]
    start = text.index(f"\n{number}.\n")
    following = text.find(f"\n{int(number) + 1}.\n", start + 1)
    item = text[start : following if following > 0 else len(text)]
    body = item[item.index(f"{label}:") + len(label) + 1 :]
    for end in ("\nMinutes:", "\nRecorded Vote", "\nview the full minutes text"):
        if end in body:
            body = body[: body.index(end)]
    return body.strip()
