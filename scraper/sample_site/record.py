"""What each agenda item says and what the meeting resolved, for pages, XML and PDFs.

One source for every format, so the meeting page's "Decision:" text, the
web service's decision HTML and the printed minutes always agree.
"""

from __future__ import annotations

from datetime import date, datetime

from scraper.sample_site.content import Member, load_paper
from scraper.sample_site.schedule import (
    APOLOGIES,
    DECLARATIONS,
    PREVIOUS_MINUTES,
    WORK_PROGRAMME,
    Item,
    Meeting,
)

RESOLVED = "RESOLVED \u2013 That"


def long_date(day: date | datetime) -> str:
    """ "Tuesday 9 September 2026", as ModernGov and printed minutes write it."""
    return f"{day:%A} {day.day} {day:%B %Y}"


def clock(moment: datetime) -> str:
    """ "10.00 am" / "6.30 pm"."""
    hour = moment.hour % 12 or 12
    return f"{hour}.{moment:%M} {'am' if moment.hour < 12 else 'pm'}"


def description(meeting: Meeting, item: Item) -> str:
    """The item's agenda text."""
    if item.paper is not None:
        return item.paper.description
    if item.title == APOLOGIES:
        return "To receive any apologies for absence."
    if item.title == DECLARATIONS:
        return (
            "Members are asked to declare any disclosable pecuniary interests or other "
            "registrable or non-registrable interests in items on this agenda."
        )
    if item.title == PREVIOUS_MINUTES and meeting.previous is not None:
        return (
            "To confirm as a correct record the minutes of the meeting held on "
            f"{long_date(meeting.previous.start)}."
        )
    return "To consider the Committee's work programme for the rest of the municipal year."


def minutes(meeting: Meeting, item: Item) -> list[str]:
    """What the minutes say happened at the item, before any resolution."""
    if item.paper is not None:
        return item.paper.minutes
    if item.title == APOLOGIES:
        names = meeting.plan.apologies
        if not names:
            return ["There were no apologies for absence."]
        return [f"Apologies for absence were received from {_and(names)}."]
    if item.title == DECLARATIONS:
        declared = [f"{name} {text}" for name, text in meeting.plan.declarations]
        return declared or ["There were no declarations of interest."]
    if item.title == WORK_PROGRAMME:
        return ["The Committee considered its work programme for the rest of the municipal year."]
    return []


def resolution(meeting: Meeting, item: Item) -> list[str]:
    """The clauses the meeting resolved at the item: one, or (a), (b), ..."""
    if item.paper is not None:
        return item.paper.recommendations + item.paper.also_resolved
    if item.title == PREVIOUS_MINUTES and meeting.previous is not None:
        return [
            f"the minutes of the meeting held on {long_date(meeting.previous.start)} be "
            "approved as a correct record and signed by the Chair."
        ]
    if item.title == WORK_PROGRAMME:
        return ["the work programme be noted."]
    return []


def resolution_lines(clauses: list[str]) -> list[str]:
    """ "RESOLVED – That the ..." or "RESOLVED – That:" followed by "(a) ...", "(b) ..."."""
    if not clauses:
        return []
    if len(clauses) == 1:
        return [f"{RESOLVED} {clauses[0]}"]
    return [f"{RESOLVED}:"] + [f"({chr(97 + n)}) {clause}" for n, clause in enumerate(clauses)]


def present(meeting: Meeting) -> list[Member]:
    return [m for m in meeting.committee.members if m.name not in meeting.plan.apologies]


def member_label(member: Member) -> str:
    return f"{member.name} ({member.role})" if member.role else member.name


def work_programme(meeting: Meeting) -> list[tuple[str, str, str]]:
    """(meeting, item, lead officer) rows for the committee's coming business."""
    rows = [
        (long_date(later.start), paper_title, lead)
        for later in meeting.later
        for paper_title, lead in _planned(later)
    ]
    rows += [(when, title, "") for when, title in meeting.committee.future_work]
    return rows


def _planned(meeting: Meeting) -> list[tuple[str, str]]:
    papers = map(load_paper, meeting.plan.papers)
    return [(paper.title, paper.lead_officer) for paper in papers]


def _and(names: tuple[str, ...]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
