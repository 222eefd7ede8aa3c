"""Attendance from several sources (web service, meeting page, printed minutes) as one list.

The sources name people differently ("Councillor Ann Lee" on the page, "Ann
Lee" in the minutes) and list officers both as officers and as "also
present"; without care each person would be listed two or three times. A
member listed as "expected" (before the meeting) is replaced by how they
attended once a source says.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from indexer.models import Attendance, Meeting
from indexer.parse.text import strip_honorific

# A role that only says someone was in the room adds nothing to these; being
# expected adds nothing to what is known of how they did attend, and goes
# once that is known.
SUBSUMED = {
    "also_present": ("officer", "member", "chair", "vice_chair"),
    "expected": ("member", "chair", "vice_chair", "apologies", "also_present", "absent", "officer"),
}


def person_key(name: str) -> str:
    return re.sub(r"\s+", " ", strip_honorific(name)).casefold()


def add_attendance(meeting: Meeting, people: Iterable[tuple[str, str]]) -> int:
    """Add each (person, role) not already recorded for the meeting; returns how many."""
    have = {(person_key(a.person), a.role) for a in meeting.attendances}
    added = 0
    for person, role in people:
        key = person_key(person)
        if not key or (key, role) in have:
            continue
        if any((key, stronger) in have for stronger in SUBSUMED.get(role, ())):
            continue
        for row in [a for a in meeting.attendances if a.role in SUBSUMED]:
            if person_key(row.person) == key and role in SUBSUMED[row.role]:
                meeting.attendances.remove(row)  # an officer first seen as "also present"
                have.discard((key, row.role))
        meeting.attendances.append(Attendance(person=person, role=role))
        have.add((key, role))
        added += 1
    return added
