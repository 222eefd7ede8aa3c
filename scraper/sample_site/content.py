"""What Sampleshire County Council is: committees, members and its year of meetings.

Everything here was written for the project; no council's text is copied.
Meetings are placed by month offset from the reference month (see
`schedule.py`), so the site always holds "the last year and the next few
months" whatever day it is built. Each agenda item's report, discussion and
resolutions live in one file under `papers/` (format in `load_paper`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import time
from functools import cache
from importlib import resources

COUNCIL_NAME = "Sampleshire County Council"
COUNCIL_SLUG = "sampleshire"


@dataclass(frozen=True)
class Member:
    name: str  # "Councillor Helen Marsh"
    role: str = ""  # "Chair", "Vice-Chair", "Co-opted Member", ""
    uid: int = 0


@dataclass(frozen=True)
class MeetingPlan:
    month_offset: int  # months from the reference month (negative: past)
    papers: tuple[str, ...] = ()  # paper slugs, in agenda order
    apologies: tuple[str, ...] = ()  # member names
    declarations: tuple[tuple[str, str], ...] = ()  # (member name, text)
    cancelled: bool = False
    documents: bool = True  # False: the agenda is not published yet
    week: int | None = None  # a special meeting off the committee's usual week


@dataclass(frozen=True)
class CommitteePlan:
    id: int
    name: str
    section: str  # the heading it sits under on the committee structure page
    purpose: str
    members: tuple[Member, ...]
    officers: tuple[str, ...]  # officers who attend, as minutes print them
    contact: str
    venue: str
    start: time
    weekday: int  # 0 = Monday
    week: int  # 1 = the first such weekday of the month
    meetings: tuple[MeetingPlan, ...]
    # Items the work programme lists beyond the meetings on the site.
    future_work: tuple[tuple[str, str], ...] = ()  # (when, title)


@dataclass
class Paper:
    """One agenda item with its report: parsed from papers/<slug>.md."""

    slug: str
    title: str
    file_name: str  # the report's file name on the site, without ".pdf"
    author: str  # "Report of the Director of Children's Services"
    lead_officer: str
    description: str  # the one-line agenda text
    sections: list[tuple[str, list[str]]] = field(default_factory=list)  # the report body
    recommendations: list[str] = field(default_factory=list)  # the (a), (b) clauses
    minutes: list[str] = field(default_factory=list)  # what the meeting said
    also_resolved: list[str] = field(default_factory=list)  # clauses added at the meeting


@cache
def load_paper(slug: str) -> Paper:
    """Read papers/<slug>.md (once: the result is shared, do not change it).

    The file starts with "Key: value" lines (Title, File, Author, Lead,
    Description), then "# Heading" sections of the report, one paragraph a
    line. Lines "(a) ..." in "# Recommendations" are the clauses the meeting
    resolves. "@minutes" and "@also resolved" sections are not printed in the
    report: they are what the meeting said and any clause it added.
    """
    text = resources.files(__package__).joinpath("papers", f"{slug}.md").read_text("utf-8")
    head, _, body = text.partition("\n\n")
    fields = dict(line.split(": ", 1) for line in head.splitlines())
    paper = Paper(
        slug=slug,
        title=fields["Title"],
        file_name=fields["File"],
        author=fields["Author"],
        lead_officer=fields["Lead"],
        description=fields["Description"],
    )
    current: list[str] = []
    for line in filter(None, (raw.strip() for raw in body.splitlines())):
        if line == "@minutes":
            current = paper.minutes
        elif line == "@also resolved":
            current = paper.also_resolved
        elif line.startswith("# "):
            current = []
            paper.sections.append((line[2:], current))
        else:
            heading, lines = paper.sections[-1] if paper.sections else ("", [])
            if heading == "Recommendations" and lines is current:
                paper.recommendations.append(line.split(") ", 1)[1])
            current.append(line)
    return paper


_CONTACT = (
    "Sam Ridley, Democratic Services. Tel: 01632 960418 / Email: sam.ridley@sampleshire.example"
)
_CYP_MEMBERS = (
    Member("Councillor Helen Marsh", "Chair", 301),
    Member("Councillor David Okafor", "Vice-Chair", 302),
    Member("Councillor Priya Raman", "", 303),
    Member("Councillor Tom Hadley", "", 304),
    Member("Councillor Sarah Whitcombe", "", 305),
    Member("Councillor Gareth Lloyd", "", 306),
    Member("Councillor Aisha Bello", "", 307),
    Member("Mrs Ruth Ellison", "Co-opted Member", 308),
)
_ADULT_MEMBERS = (
    Member("Councillor Brian Fenwick", "Chair", 311),
    Member("Councillor Margaret Soames", "Vice-Chair", 312),
    Member("Councillor Imran Qureshi", "", 313),
    Member("Councillor Lucy Barnes", "", 314),
    Member("Councillor Colin Wetherby", "", 315),
    Member("Councillor Nadia Farah", "", 316),
)
_HIGHWAYS_MEMBERS = (
    Member("Councillor Jim Pattison", "Chair", 321),
    Member("Councillor Rebecca Dunn", "Vice-Chair", 322),
    Member("Councillor Owen Price", "", 323),
    Member("Councillor Fiona McBride", "", 324),
    Member("Councillor Harjit Sandhu", "", 325),
    Member("Councillor Tom Hadley", "", 304),
)

COMMITTEES: tuple[CommitteePlan, ...] = (
    CommitteePlan(
        id=131,
        name="Children and Young People Scrutiny Committee",
        section="Overview and Scrutiny",
        purpose=(
            "Scrutinises the Council's services for children, young people and families: "
            "children's social care, early help, education, special educational needs and "
            "disabilities (SEND) and services for care leavers."
        ),
        members=_CYP_MEMBERS,
        officers=(
            "Joanne Pryce (Director of Children's Services)",
            "Mark Tulley (Assistant Director, Education and SEND)",
            "Kerry Nolan (Head of Family Support and Edge of Care)",
            "Sam Ridley (Democratic Services Officer)",
        ),
        contact=_CONTACT,
        venue="Council Chamber, County Hall, Castle Street, Sampleton SA1 1CC",
        start=time(10, 0),
        weekday=1,
        week=2,
        meetings=(
            MeetingPlan(
                -10, ("cyp-social-care-performance",), apologies=("Councillor Gareth Lloyd",)
            ),
            MeetingPlan(
                -8,
                ("cyp-edge-of-care-review", "cyp-send-transport"),
                apologies=("Councillor Aisha Bello", "Mrs Ruth Ellison"),
                declarations=(
                    (
                        "Councillor Priya Raman",
                        "declared a non-registrable interest in the item on home to school "
                        "transport as a close relative uses the service.",
                    ),
                ),
            ),
            MeetingPlan(-6, cancelled=True),
            MeetingPlan(-4, ("cyp-sufficiency-strategy",), apologies=("Councillor Tom Hadley",)),
            MeetingPlan(
                -2,
                ("cyp-send-sufficiency",),
                declarations=(
                    (
                        "Mrs Ruth Ellison",
                        "declared an interest in the item on SEND sufficiency as a governor "
                        "of Brookfield Special School.",
                    ),
                ),
            ),
            MeetingPlan(1, ("cyp-family-help",)),
        ),
        future_work=(
            ("To be scheduled", "Youth Justice Plan: annual refresh"),
            ("To be scheduled", "Corporate Parenting Panel: annual report"),
        ),
    ),
    CommitteePlan(
        id=132,
        name="Adult Social Care and Health Scrutiny Committee",
        section="Overview and Scrutiny",
        purpose=(
            "Scrutinises adult social care, safeguarding adults, public health and the "
            "Council's work with the NHS, including hospital discharge and carers' support."
        ),
        members=_ADULT_MEMBERS,
        officers=(
            "Steven Coles (Director of Adult Social Care)",
            "Dr Anita Shah (Head of Safeguarding Adults)",
            "Sam Ridley (Democratic Services Officer)",
        ),
        contact=_CONTACT,
        venue="Committee Room 2, County Hall, Castle Street, Sampleton SA1 1CC",
        start=time(14, 0),
        weekday=2,
        week=3,
        meetings=(
            MeetingPlan(
                -9, ("asc-safeguarding-annual-report",), apologies=("Councillor Lucy Barnes",)
            ),
            MeetingPlan(-5, ("asc-dols-waiting-list",)),
            MeetingPlan(-1, ("asc-hospital-discharge",), apologies=("Councillor Imran Qureshi",)),
            MeetingPlan(1, documents=False),
        ),
        future_work=(("To be scheduled", "Carers' Strategy refresh"),),
    ),
    CommitteePlan(
        id=133,
        name="Highways and Transport Committee",
        section="Regulatory and Other Committees",
        purpose=(
            "Considers highway maintenance, road safety, traffic management, school travel "
            "and the winter service across the county."
        ),
        members=_HIGHWAYS_MEMBERS,
        officers=(
            "Claire Yeo (Head of Highways)",
            "Paul Andrade (Road Safety Manager)",
            "Sam Ridley (Democratic Services Officer)",
        ),
        contact=_CONTACT,
        venue="Council Chamber, County Hall, Castle Street, Sampleton SA1 1CC",
        start=time(18, 30),
        weekday=3,
        week=2,
        meetings=(
            MeetingPlan(-10, ("hwy-winter-service",)),
            MeetingPlan(-7, ("hwy-potholes",), apologies=("Councillor Harjit Sandhu",)),
            MeetingPlan(-3, ("hwy-school-streets",)),
            MeetingPlan(1, ("hwy-20mph-review",)),
        ),
        future_work=(("To be scheduled", "Bus Service Improvement Plan update"),),
    ),
)

# The meeting `publish_next_meeting` adds: a special Children and Young People
# Scrutiny Committee meeting a week after next month's, with an "edge of care" item.
NEXT_MEETING = (131, MeetingPlan(1, ("cyp-step-down-pilot",), week=3))
