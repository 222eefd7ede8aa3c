"""Sampleshire's meetings as dated records, placed relative to a reference day.

Each meeting falls on its committee's usual weekday ("the second Tuesday")
of the month `month_offset` months from the reference day's month. Offsets
are never 0, so past meetings are always held (minutes out) and future ones
always upcoming, whatever day the site is built. Ids are fixed by the order
in `content.py`, so the same meeting keeps its id when a meeting is added.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from scraper.sample_site.content import (
    COMMITTEES,
    NEXT_MEETING,
    CommitteePlan,
    MeetingPlan,
    Paper,
    load_paper,
)

# Standard items every agenda opens and closes with.
APOLOGIES = "Apologies for Absence"
DECLARATIONS = "Declarations of Interest"
PREVIOUS_MINUTES = "Minutes of the Previous Meeting"
WORK_PROGRAMME = "Work Programme"


@dataclass
class Item:
    number: str  # as printed: "14."
    title: str
    id: int  # the agenda item id (also its report's documents/sNNN/ number)
    paper: Paper | None = None  # the report behind it, for the substantive items


@dataclass
class Meeting:
    id: int  # the MId
    pack_id: int  # the documents/gNNN/ number: not the meeting id, as on real sites
    committee: CommitteePlan
    plan: MeetingPlan
    start: datetime
    held: bool
    previous: Meeting | None = None  # the last meeting held before it
    later: list[Meeting] = field(default_factory=list)  # the committee's meetings after it
    items: list[Item] = field(default_factory=list)

    @property
    def cancelled(self) -> bool:
        return self.plan.cancelled

    @property
    def published(self) -> bool:
        """Whether its agenda and papers are on the site."""
        return not self.cancelled and self.plan.documents


def month_day(reference: date, month_offset: int, weekday: int, week: int) -> date:
    """The `week`-th `weekday` (0 = Monday) of the month `month_offset` from `reference`."""
    months = reference.year * 12 + reference.month - 1 + month_offset
    first = date(months // 12, months % 12 + 1, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (week - 1))


def build_schedule(today: date, *, extra_meeting: bool = False) -> list[Meeting]:
    """Every meeting on the site, committee by committee, in date order."""
    meetings: list[Meeting] = []
    for index, committee in enumerate(COMMITTEES):
        plans = list(committee.meetings)
        if extra_meeting and NEXT_MEETING[0] == committee.id:
            plans.append(NEXT_MEETING[1])  # last, so no other meeting's id moves
        dated = []
        for position, plan in enumerate(plans):
            week = plan.week or committee.week
            day = month_day(today, plan.month_offset, committee.weekday, week)
            meeting_id = 5100 + 20 * index + position
            dated.append(
                Meeting(
                    id=meeting_id,
                    pack_id=meeting_id + 617,
                    committee=committee,
                    plan=plan,
                    start=datetime.combine(day, committee.start),
                    held=day < today and not plan.cancelled,
                )
            )
        dated.sort(key=lambda meeting: meeting.start)
        _number_items(dated)
        meetings.extend(dated)
    return meetings


def _number_items(meetings: list[Meeting]) -> None:
    """Agenda items numbered on through the year, as minutes are; link each meeting's neighbours."""
    number = 1
    previous: Meeting | None = None
    for position, meeting in enumerate(meetings):
        meeting.previous = previous
        # Special meetings (an extra week) are called late: no work programme lists them.
        meeting.later = [
            m for m in meetings[position + 1 :] if not m.cancelled and m.plan.week is None
        ]
        if not meeting.published:
            continue
        titles: list[tuple[str, Paper | None]] = [(APOLOGIES, None), (DECLARATIONS, None)]
        if previous is not None:
            titles.append((PREVIOUS_MINUTES, None))
        titles += [(paper.title, paper) for paper in map(load_paper, meeting.plan.papers)]
        titles.append((WORK_PROGRAMME, None))
        for offset, (title, paper) in enumerate(titles):
            meeting.items.append(Item(f"{number}.", title, meeting.id * 10 + offset, paper))
            number += 1
        if meeting.held:
            previous = meeting
