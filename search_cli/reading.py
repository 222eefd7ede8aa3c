"""What was read from a document, in lines for people.

`papers import` prints these under each file's line, `papers show document`
under the document; `papers crawl` prints the totals of a run.
"""

from __future__ import annotations

from collections.abc import Iterable

from indexer.extract import ocr
from indexer.models import READ_STATUSES
from indexer.reading import (
    AGENDA_KINDS,
    MINUTES_KINDS,
    PRESENT_ROLES,
    DocumentReading,
    MeetingRef,
    MinutesRead,
    PartRead,
    ReadingTotals,
)

# Nouns for counts whose plural is not an added "s".
_PLURALS = {
    "apology": "apologies",
    "set of minutes": "sets of minutes",
    "appendix": "appendices",
    "entry": "entries",
    "work-programme entry": "work-programme entries",
    "minutes": "minutes",
    "decisions": "decisions",
    "also present": "also present",
    "present": "present",
    "absent": "absent",
}

_NOT_READ = {
    "pending": "not read yet: run papers process",
}

_NO_MEETING = "no meeting to file them under; use --date YYYY-MM-DD"

_TEXT_ONLY = {
    "report": "a report",
    "appendix": "an appendix",
    "supplement": "a supplement",
    "forward_plan": "a forward plan",
}


def count(n: int, noun: str) -> str:
    """ "1 apology", "3 apologies", "2 reports"."""
    if n == 1:
        return f"1 {noun}"
    return f"{n} {_PLURALS.get(noun, noun + 's')}"


def pages(spans: Iterable[tuple[int, int]]) -> str:
    """ "page 3", "pages 3-8", "pages 3-4, 9-12": adjacent runs joined."""
    runs: list[list[int]] = []
    for start, end in sorted(spans):
        if runs and start <= runs[-1][1] + 1:
            runs[-1][1] = max(runs[-1][1], end)
        else:
            runs.append([start, end])
    if len(runs) == 1 and runs[0][0] == runs[0][1]:
        return f"page {runs[0][0]}"
    return "pages " + ", ".join(f"{a}" if a == b else f"{a}-{b}" for a, b in runs)


def meeting_label(meeting: MeetingRef | None) -> str:
    """ "meeting 3, Audit Committee on 2009-09-24" (the import line's words)."""
    if meeting is None:
        return "no meeting"
    day = meeting.start.date().isoformat() if meeting.start else "date unknown"
    return f"meeting {meeting.id}, {meeting.committee or 'no committee'} on {day}"


def _numbers(numbers: list[str]) -> str:
    """ "item 4", "items 4 and 5", "items 4-8", "items 4, 6, 7a"."""
    clean = list(dict.fromkeys(n.strip().rstrip(".") for n in numbers))  # each item once
    if len(clean) == 1:
        return f"item {clean[0]}"
    if all(n.isdigit() for n in clean) and len(clean) > 2:
        values = sorted(int(n) for n in clean)
        if values == list(range(values[0], values[-1] + 1)):
            return f"items {values[0]}-{values[-1]}"
    if len(clean) == 2:
        return f"items {clean[0]} and {clean[1]}"
    return "items " + ", ".join(clean)


def _documents(ids: list[int]) -> str:
    """ "document 3", "documents 1, 2 and 3"."""
    if len(ids) == 1:
        return f"document {ids[0]}"
    return "documents " + ", ".join(map(str, ids[:-1])) + f" and {ids[-1]}"


def _agenda_line(reading: DocumentReading) -> str | None:
    if reading.kind not in AGENDA_KINDS:
        return None
    spans = [(p.page_start, p.page_end) for p in reading.parts if p.kind == "agenda"]
    where = f"agenda, {pages(spans)}" if spans else "agenda"
    agenda = reading.agenda
    if agenda is None:
        return f"{where}: no items stored ({_NO_MEETING})"
    if not agenda.items:
        return f"{where}: no agenda items found"
    numbered = f", numbered {agenda.first} to {agenda.last}" if agenda.first and agenda.last else ""
    if agenda.first == agenda.last and agenda.first:
        numbered = f", numbered {agenda.first}"
    if agenda.also_read_from:
        numbered += f" (the meeting's, also read from {_documents(agenda.also_read_from)})"
    if agenda.from_file:
        return f"{where}: {count(agenda.items, 'agenda item')}{numbered}"
    return (
        f"{where}: the meeting page's {count(agenda.items, 'agenda item')} kept"
        f" ({agenda.with_pages} with page ranges)"
    )


def _sources(read: MinutesRead) -> str:
    """ "the meeting page and documents 1 and 3"."""
    names = ["the meeting page"] if read.meeting_page else []
    if read.also_read_from:
        names.append(_documents(read.also_read_from))
    return " and ".join(names)


def _minutes_line(read: MinutesRead, kind: str) -> str:
    """What a meeting's minutes gave. When only this paper was read into the
    meeting, everything is its own; when others were too (another printing
    of the minutes, the meeting page), only the resolutions citing this paper
    are, and the rest is said as what the meeting has."""
    meeting = read.meeting
    day = meeting.start.date().isoformat() if meeting.start else "date unknown"
    label = "decisions" if kind == "decisions" else "minutes"
    where = f"{label} of {meeting.committee or 'no committee'} on {day} (meeting {meeting.id})"
    if read.pages:
        where += f", {pages(read.pages)}"
    held = [count(read.minutes, "minute")]
    roles = read.attendance
    present = sum(roles.get(role, 0) for role in PRESENT_ROLES)
    for n, noun in (
        (present, "present"),
        (roles.get("apologies", 0), "apology"),
        (roles.get("absent", 0), "absent"),
        (roles.get("also_present", 0), "also present"),
        (roles.get("officer", 0), "officer"),
    ):
        if n:
            held.append(count(n, noun))
    if read.declarations:
        held.append(_declarations(read.declarations))
    shared = _sources(read)
    if not shared:
        held.insert(1, count(read.resolutions, "resolution"))
        return f"{where}: {', '.join(held)}"
    cited = f"{read.resolutions} of its {count(read.resolutions_in_all, 'resolution')}"
    verb = "cites" if read.resolutions == 1 else "cite"
    return (
        f"{where}, also read from {shared}: {cited} {verb} this paper;"
        f" the meeting has {', '.join(held)}"
    )


def _declarations(n: int) -> str:
    return "1 declaration of interest" if n == 1 else f"{n} declarations of interest"


def _filed_lines(parts: list[PartRead]) -> list[tuple[int, str]]:
    """Reports, appendices and the like, grouped by kind, filed under items or
    not: (first page, line)."""
    lines = []
    kinds = dict.fromkeys(p.kind for p in parts)
    for kind in kinds:
        noun = "part" if kind == "other" else kind.replace("_", " ")
        of_kind = [p for p in parts if p.kind == kind]
        filed = [p for p in of_kind if p.item is not None]
        loose = [p for p in of_kind if p.item is None]
        if filed:
            numbers = [p.item.number or p.item.title for p in filed if p.item is not None]
            spans = pages((p.page_start, p.page_end) for p in filed)
            line = f"{count(len(filed), noun)} filed under {_numbers(numbers)}, {spans}"
            lines.append((filed[0].page_start, line))
        if loose:
            spans = pages((p.page_start, p.page_end) for p in loose)
            line = f"{count(len(loose), noun)} not filed under any item, {spans}"
            lines.append((loose[0].page_start, line))
    return lines


def reading_lines(reading: DocumentReading) -> list[str]:
    """What was read from the document, one line per part or group, no indent,
    in the order the document prints them."""
    if reading.text_status == "no_text_layer" and not ocr.available():
        return [f"nothing read: no text; to read it by OCR, {ocr.HOW_TO_ENABLE}"]
    if reading.text_status not in READ_STATUSES:
        return [_NOT_READ.get(reading.text_status, "nothing read: no text")]
    if reading.parsed_at is None:
        return [_NOT_READ["pending"]]
    placed: list[tuple[int, str]] = []  # (first page, line)
    agenda = _agenda_line(reading)
    if agenda:
        placed.append((0, agenda))
    for read in reading.minutes:
        kind = reading.kind
        mine = [p for p in reading.parts if p.meeting and p.meeting.id == read.meeting.id]
        part_kinds = {p.kind for p in mine} & set(MINUTES_KINDS)
        if part_kinds:
            kind = "decisions" if part_kinds == {"decisions"} else "minutes"
        first = min((start for start, _ in read.pages), default=0)
        placed.append((first, _minutes_line(read, kind)))
    if reading.kind in MINUTES_KINDS and not reading.minutes:
        placed.append((0, f"{reading.kind}: not stored ({_NO_MEETING})"))
    for part in reading.parts:
        if part.kind == "work_programme":
            where = pages([(part.page_start, part.page_end)])
            line = f"work programme, {where}: {_entries(part.work_programme_entries)}"
            placed.append((part.page_start, line))
    if reading.kind == "work_programme":
        placed.append((0, f"work programme: {_entries(reading.work_programme_entries)}"))
    filed = [p for p in reading.parts if p.kind not in ("agenda", "work_programme", *MINUTES_KINDS)]
    placed.extend(_filed_lines(filed))
    lines = [line for _, line in sorted(placed, key=lambda pair: pair[0])]
    if reading.item is not None:
        number = (reading.item.number or "").rstrip(".")
        lines.append(f"filed under item {number} {reading.item.title}".replace("  ", " "))
    if not lines:
        if reading.kind == "other":
            lines.append(
                "text only: not recognised as an agenda, minutes or work programme "
                "(if it is one, import it again with --kind)"
            )
        else:
            what = _TEXT_ONLY.get(reading.kind, f"a {reading.kind.replace('_', ' ')}")
            lines.append(f"text only: nothing more is read from {what}")
    return lines


def _entries(n: int) -> str:
    if n:
        return count(n, "entry")
    return "0 entries (none read, or a newer programme lists them)"


def change_lines(before: DocumentReading, after: DocumentReading) -> list[str]:
    """What reading a document again changed: kind and meeting, then what was read."""
    lines = []
    if before.kind != after.kind:
        lines.append(f"kind: {before.kind} → {after.kind}")
    if before.meeting != after.meeting:
        lines.append(f"meeting: {meeting_label(before.meeting)} → {meeting_label(after.meeting)}")
    old, new = reading_lines(before), reading_lines(after)
    if old == new:
        lines.append("read, as before:")
        lines.extend(f"  {line}" for line in new)
        return lines
    lines.append("read before:")
    lines.extend(f"  {line}" for line in old)
    lines.append("read now:")
    lines.extend(f"  {line}" for line in new)
    return lines


# documents.kind values as words in a count: "12 agenda packs", "3 minutes".
_KIND_NOUNS = {
    "agenda_pack": "agenda pack",
    "minutes": "set of minutes",
    "decisions": "decision notice",
    "work_programme": "work programme",
    "forward_plan": "forward plan",
    "other": "other paper",
}


def totals_line(totals: ReadingTotals) -> str:
    """The crawl's line: documents read by kind, and what is stored from them
    (each meeting's agenda and minutes counted once)."""
    if not totals.documents:
        return "what was read: no documents"
    kinds = ", ".join(count(n, _KIND_NOUNS.get(kind, kind)) for kind, n in totals.documents.items())
    held = [
        count(totals.agenda_items, "agenda item"),
        count(totals.minutes, "minute"),
        count(totals.resolutions, "resolution"),
        count(totals.work_programme_entries, "work-programme entry"),
    ]
    return f"what was read: {kinds}; {', '.join(held)}"


def document_lines(readings: list[DocumentReading], most: int) -> list[str]:
    """One line a paper from which more than text was read ("document 12,
    Agenda reports pack (agenda_pack): agenda, pages 1-2: 10 agenda items;
    minutes of ..."), at most `most` of them, then how many more."""
    lines = [
        f"document {r.id}, {r.title} ({r.kind}): " + "; ".join(reading_lines(r))
        for r in readings
        if r.read_anything
    ]
    if len(lines) <= most:
        return lines
    rest = len(lines) - most
    return [*lines[:most], f"and {count(rest, 'more paper')}: papers show document ID"]
