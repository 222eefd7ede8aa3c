"""What a published file name says about a document: weaker evidence than its text.

ModernGov, which most UK councils use, names the files it makes for a
meeting after the meeting: "Agenda frontsheet 13th-Mar-2025 15.00
Cabinet.pdf", "Public reports pack ...", "Printed minutes ...", or a
supplement pack's own title before the date ("Item 3 Supplement - ...
09th-Jan-2025 10.00 County Council.pdf"). Older sites save packs as
"(Public Pack)Agenda Document for Cabinet, 13/03/2025 15:00". The date,
24-hour time and committee in such a name are the meeting's; the words
before them say what the file is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time

from indexer.parse.text import MONTHS, clean
from indexer.parse.titles import title_kind

_MAX = 300  # file names are short; a longer "title" is cut before matching
_EXTENSION = re.compile(r"\.(?:pdf|docx?|html?|txt|text|rtf|odt)$", re.I)
# "<prefix> 13th-Mar-2025 15.00 <committee>": ModernGov's meeting-level files.
_MEETING_FILE = re.compile(
    r"(?:^|\s)(?P<day>\d{1,2})(?:st|nd|rd|th)?-(?P<month>[A-Za-z]{3,9})-(?P<year>(?:19|20)\d\d)"
    r"(?:\s+(?P<hour>[01]?\d|2[0-3])[.: ](?P<minute>[0-5]\d))?\s+(?P<committee>[A-Za-z&(].*)$"
)
# "(Public Pack)Agenda Document for Cabinet, 13/03/2025 15:00" (also with "_" for "/" and ":")
_PACK_FILE = re.compile(
    r"^\((?:public|private|restricted)\s+pack\)\s*(?P<prefix>[^,()]{2,80}?)\s+document\s+for\s+"
    r"(?P<committee>[^,]{2,120}),\s*(?P<day>\d{1,2})[/_.-](?P<month>\d{1,2})[/_.-](?P<year>\d{4})"
    r"(?:\s+(?P<hour>[01]?\d|2[0-3])[:_.](?P<minute>[0-5]\d))?",
    re.I,
)


@dataclass
class MeetingFile:
    """A file name that names its meeting."""

    prefix: str  # the words before the date: what the file is
    day: date
    at: time | None
    committee: str | None

    @property
    def when(self) -> date | datetime:
        return datetime.combine(self.day, self.at) if self.at else self.day

    @property
    def kind(self) -> str | None:
        """What the words before the date say the file is ("Printed minutes",
        "Item 3 Supplement - ..."), or None."""
        return title_kind(self.prefix)


def _month(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    return MONTHS.get(text.lower())


def meeting_file(title: str | None) -> MeetingFile | None:
    """The meeting a ModernGov-style file name names, or None."""
    if not title:
        return None
    name = clean(_EXTENSION.sub("", clean(title[:_MAX])))
    found = _PACK_FILE.match(name)
    if found is None:
        name = clean(name.replace("_", " "))
        found = _MEETING_FILE.search(name)
    if found is None:
        return None
    month = _month(found.group("month"))
    try:
        day = date(int(found.group("year")), month or 0, int(found.group("day")))
    except ValueError:
        return None
    at = None
    if found.group("hour") is not None:
        at = time(int(found.group("hour")), int(found.group("minute")))
    if found.re is _PACK_FILE:
        prefix = found.group("prefix")
        if re.fullmatch(r"(?i)agenda", prefix.strip()):
            prefix = "public pack"
    else:
        prefix = name[: found.start()]
    committee = clean(found.group("committee")).strip(" ,-–")
    if not re.search(r"[A-Za-z]{2}", committee):
        committee = ""
    return MeetingFile(clean(prefix).strip(" -–,"), day, at, committee or None)
