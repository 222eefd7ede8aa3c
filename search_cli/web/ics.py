"""iCalendar (RFC 5545) feeds of meetings, for subscribing in a calendar app.

Lines end in CRLF and are folded at 75 octets; text is escaped. Each event's
UID is derived from the council and the meeting's id, so a calendar updates a
moved or cancelled meeting instead of adding a second one. Times are the
council's local time converted to UTC (no VTIMEZONE needed); a meeting whose
papers print no time is an all-day event.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from indexer import __version__

CRLF = "\r\n"
FOLD_OCTETS = 75


@dataclass(frozen=True)
class Event:
    uid: str
    start: datetime
    summary: str
    status: str  # a meeting status: scheduled / cancelled / postponed / held
    url: str | None = None
    description: str = ""
    location: str | None = None


def escape_text(value: str) -> str:
    """A TEXT value: backslash, semicolon, comma escaped; newlines as \\n."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


def fold(line: str) -> str:
    """Split a content line into 75-octet pieces, never inside a UTF-8 character."""
    pieces, current, size = [], "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        # Continuation lines start with a space, which counts toward their 75.
        if size + width > FOLD_OCTETS:
            pieces.append(current)
            current, size = " ", 1
        current += char
        size += width
    pieces.append(current)
    return CRLF.join(pieces)


def _utc(value: datetime) -> str:
    return value.strftime("%Y%m%dT%H%M%SZ")


def _event_lines(event: Event, zone: ZoneInfo, stamp: datetime) -> list[str]:
    lines = ["BEGIN:VEVENT", f"UID:{event.uid}", f"DTSTAMP:{_utc(stamp)}"]
    if event.start.time() == datetime.min.time():
        day: date = event.start.date()
        lines += [
            f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
            f"DTEND;VALUE=DATE:{day + timedelta(days=1):%Y%m%d}",
        ]
    else:
        local = event.start.replace(tzinfo=zone)
        lines.append(f"DTSTART:{_utc(local.astimezone(ZoneInfo('UTC')))}")
    cancelled = event.status in ("cancelled", "postponed")
    summary = event.summary + (f" ({event.status})" if cancelled else "")
    lines.append(f"SUMMARY:{escape_text(summary)}")
    lines.append(f"STATUS:{'CANCELLED' if cancelled else 'CONFIRMED'}")
    if event.location:
        lines.append(f"LOCATION:{escape_text(event.location)}")
    if event.description:
        lines.append(f"DESCRIPTION:{escape_text(event.description)}")
    if event.url:
        lines.append(f"URL:{event.url}")
    lines.append("END:VEVENT")
    return lines


def calendar(name: str, events: Iterable[Event], timezone: str, stamp: datetime) -> str:
    """A VCALENDAR with these events; `stamp` is the naive-UTC time it was made."""
    zone = ZoneInfo(timezone)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//council-papers//papers {__version__}//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for event in events:
        lines += _event_lines(event, zone, stamp)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + CRLF for line in lines)
