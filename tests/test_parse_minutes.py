"""Minutes: the real Merton minutes printed in a later pack, and minutes written
in other councils' styles (attendance over several lines, a resolution over a
page break, minute numbers like 64/16, a deferred item), plus hostile text."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from indexer.parse.minutes import parse_minutes
from indexer.parse.types import ParsedAttendance, ParsedDeclaration, ParsedMinutes
from tests.parse_support import MERTON_PACK, pages
from tests.process_support import MINUTES_PAGES

pytestmark = pytest.mark.database_free

MERTON_ALSO_PRESENT = [
    "Chris Edge", "Mark Betteridge", "Margaret Brierly", "Brian Lewis-Lavender", "Russell Makin",
    "Henry Nelless", "George Reynolds", "Peter Southgate", "Martin Whelton",
]  # fmt: skip
MERTON_OFFICERS = [
    "Caroline Holland", "Grant Miles", "Brian Thompson", "Steve Bowsher", "Colin Millar",
    "Suresh Patel", "Lindsay Mallors", "Kelly Jupp", "Patsy Sanwo", "Sandra Lofthouse",
]  # fmt: skip


def test_merton_minutes_printed_in_the_next_pack(shared_fixtures: Path) -> None:
    minutes = parse_minutes(pages(shared_fixtures, MERTON_PACK)[2:4])
    assert minutes.committee == "Audit Committee"
    assert minutes.meeting_date == date(2009, 9, 24)  # the meeting recorded, not the pack's
    assert minutes.meeting_start == datetime(2009, 9, 24, 19, 15)
    assert minutes.attendance == [
        ParsedAttendance("Dave Roberts", "chair"),
        ParsedAttendance("Angela Caldara", "member"),
        ParsedAttendance("Corinna Edge", "member"),
        ParsedAttendance("Danny Connellan", "member"),
        *(ParsedAttendance(name, "also_present") for name in MERTON_ALSO_PRESENT),
        *(ParsedAttendance(name, "officer") for name in MERTON_OFFICERS),
        ParsedAttendance("Rod Scott", "apologies"),
        ParsedAttendance("Diane Neil mills", "apologies"),
    ]
    assert [(d.person, d.item_number) for d in minutes.declarations] == [
        ("Chair", None),
        ("Danny Connellan", None),
    ]
    got = [(i.number, i.title, i.agenda_number, i.page) for i in minutes.items]
    assert got == [
        ("1", "DECLARATIONS OF INTEREST", None, 1),
        ("2", "MINUTES OF THE MEETING HELD ON 23 JUNE 2009", "3", 1),
        ("3", "AUDIT COMMISSION INTERIM REPORT", "4", 1),
        # The title runs over the page break, under the running header.
        ("4", "AUDITED FINAL ACCOUNTS 2008/09 AND USE OF RESOURCES JUDGEMENT", "4", 1),
        ("5", "ANNUAL GOVERNANCE REPORT 2008/09", "5", 2),
        ("6", "ANNUAL GOVERNANCE REPORT 2008/09 – PENSION FUND", "6", 2),
        ("7", "WORK PROGRAMME", "7", 2),
    ]
    resolutions = [
        (i.number, r.kind, r.page, len(r.clauses)) for i in minutes.items for r in i.resolutions
    ]
    assert resolutions == [
        ("2", "resolved", 1, 0),
        ("4", "resolved", 2, 0),
        ("5", "resolved", 2, 2),
        ("6", "resolved", 2, 0),
        ("7", "noted", 2, 0),
    ]
    first = minutes.items[1].resolutions[0]
    assert first.text == (
        "RESOLVED: That the minutes of the meeting held on 23 June are agreed as a correct record."
    )
    assert minutes.items[4].resolutions[0].clauses[1] == (
        "(B) That the Audit Committee notes the Council’s Use of Resources score judgement for "
        "2008/09 as detailed in the Audit Commission’s Annual Governance Report (ISA 260)."
    )


def test_the_shared_sample_minutes() -> None:
    minutes = parse_minutes(["\n".join(page) for page in MINUTES_PAGES])
    assert (minutes.committee, minutes.meeting_start) == (
        "Audit Committee",
        datetime(2018, 7, 10, 19, 0),
    )
    assert minutes.attendance == [
        ParsedAttendance("Ann Lee", "chair"),
        ParsedAttendance("Bob Smith", "vice_chair"),
        ParsedAttendance("Carol Jones", "member"),
        ParsedAttendance("Dan Brown", "apologies"),
    ]
    assert minutes.declarations == [
        ParsedDeclaration(
            "Carol Jones",
            "Councillor Carol Jones declared a personal interest in item 5 as a school governor.",
            "5",
        )
    ]
    assert [(i.number, len(i.resolutions)) for i in minutes.items] == [
        ("1.", 0),
        ("2.", 1),
        ("5.", 1),
        ("6.", 1),
    ]


NEIGHBOURHOOD = [
    """North Neighbourhood Committee
Minutes of a meeting of the North Neighbourhood Committee held on
Thursday 15 January 2026 at 7.30 pm at the Guildhall
Members of the Committee present: Councillor Sam Green (Chair), Councillor Ravi Patel
(Vice-Chair), Councillors Jane Bass, Olivia Boult and
Diane White
Also present: Councillor Andrew Kirk
Officers: Alice Aubrey (Democratic Services Officer)
64/16 Apologies for Absence
Apologies were received from Councillors Noel Hart, Patrick Hall and John Sweeney.
65/16 Declarations of Interest
Councillor Bass declared an interest in relation to agenda item 9 Zebra Crossing, as she lived on
Dickerage Road.
66/16 Petition Regarding the Introduction of Traffic Management Measures On
Manorgate Road
The Committee considered a report on a petition with 60 signatures.
RESOLVED that:
1. the experimental traffic management order be approved;
2. a report be brought back to this Committee after 6 months from the
Page 1""",
    """North Neighbourhood Committee
implementation of the scheme outlining its outcome; and
3. approval be granted for a green man phase once funding is secured.
Voting: unanimous
67/16 Zebra Crossing - Local Consultation Results
Residents addressed the Committee.
RESOLVED that the decision on the scheme be deferred to the Committee meeting in March 2026.
68/16 Community Grants
It was RESOLVED that:
a) a grant of £2,230.00 to Man & Boy be approved; and
b) a grant of £825.00 to the Heritage Group be approved.
The meeting ended at 9.40 pm.
Page 2""",
]


def test_minutes_with_a_resolution_over_a_page_break() -> None:
    minutes = parse_minutes(NEIGHBOURHOOD)
    assert minutes.committee == "North Neighbourhood Committee"
    assert minutes.meeting_start == datetime(2026, 1, 15, 19, 30)
    assert minutes.attendance == [
        ParsedAttendance("Sam Green", "chair"),
        ParsedAttendance("Ravi Patel", "vice_chair"),
        ParsedAttendance("Jane Bass", "member"),
        ParsedAttendance("Olivia Boult", "member"),
        ParsedAttendance("Diane White", "member"),
        ParsedAttendance("Andrew Kirk", "also_present"),
        ParsedAttendance("Alice Aubrey", "officer"),
        ParsedAttendance("Noel Hart", "apologies"),
        ParsedAttendance("Patrick Hall", "apologies"),
        ParsedAttendance("John Sweeney", "apologies"),
    ]
    assert [(d.person, d.item_number) for d in minutes.declarations] == [("Bass", "9")]
    items = {i.number: i for i in minutes.items}
    assert list(items) == ["64/16", "65/16", "66/16", "67/16", "68/16"]
    assert items["66/16"].title == (
        "Petition Regarding the Introduction of Traffic Management Measures On Manorgate Road"
    )
    [petition] = items["66/16"].resolutions
    assert petition.page == 1
    assert petition.clauses == [
        "1. the experimental traffic management order be approved;",
        "2. a report be brought back to this Committee after 6 months from the implementation "
        "of the scheme outlining its outcome; and",
        "3. approval be granted for a green man phase once funding is secured.",
    ]
    assert items["67/16"].deferred and not items["66/16"].deferred
    [grants] = items["68/16"].resolutions
    assert (grants.page, [c[:2] for c in grants.clauses]) == (2, ["a)", "b)"])
    assert "meeting ended" not in grants.text


@pytest.mark.timeout(120)  # linear work: a hang is caught, a busy machine is not
def test_hostile_minutes() -> None:
    assert parse_minutes([]).items == []
    empty = parse_minutes(["", "   "])
    assert (empty.committee, empty.meeting_date, empty.attendance) == (None, None, [])
    no_decisions = parse_minutes(["Notes of a briefing\nMembers discussed the budget."])
    assert [r for i in no_decisions.items for r in i.resolutions] == []
    garbled = parse_minutes(["\x00\x01 ����\n1. \n2.\n(((((\nPresent:\n,,,, and and"])
    assert garbled.attendance == []
    long_title = "1 " + "A" * 100_000
    wall = "\n".join(f"{n}. Item {n}\nRESOLVED that (a) " + "x " * 500 for n in range(1, 400))
    parse_minutes([long_title, "PRESENT: " + "Name, " * 20_000, wall])
    parse_minutes(["\n".join(["UPPER CASE HEADING LINE"] * 5000)])


CABINET = """CABINET
MINUTES of the meeting of the Cabinet held on Tuesday, 4 February 2025 at 10.00 am
PRESENT:
Councillor Mary Jones (Leader, in the Chair)
Councillor Tom Brown
Councillor Sue Green
Apologies for absence: Councillor Peter White
45. BUDGET 2025/26
45.1 The Director of Finance introduced the report.
45.2 Members asked about reserves
RESOLVED – That Council be RECOMMENDED to approve:
(a) the revenue budget for 2025/26; and
(b) the capital programme.
46. SCHOOL TRANSPORT
Councillor Sue Green declared a pecuniary interest and left the room.
DEFERRED"""


def test_one_name_per_line_numbered_paragraphs_and_a_deferred_item() -> None:
    minutes = parse_minutes([CABINET])
    assert (minutes.committee, minutes.meeting_start) == ("Cabinet", datetime(2025, 2, 4, 10, 0))
    assert minutes.attendance == [
        ParsedAttendance("Mary Jones", "chair"),
        ParsedAttendance("Tom Brown", "member"),
        ParsedAttendance("Sue Green", "member"),
        ParsedAttendance("Peter White", "apologies"),
    ]
    assert [(i.number, i.title, i.deferred) for i in minutes.items] == [
        ("45.", "BUDGET 2025/26", False),  # "45.1 ..." and "45.2 ..." are its paragraphs
        ("46.", "SCHOOL TRANSPORT", True),
    ]
    [budget] = minutes.items[0].resolutions
    assert (budget.kind, len(budget.clauses)) == ("resolved", 2)
    assert budget.text.startswith("RESOLVED – That Council be RECOMMENDED to approve:")
    assert minutes.declarations[0].item_number == "46."


def test_a_deferral_decided_in_prose_is_a_deferred_resolution_a_note_is_not() -> None:
    minutes = parse_minutes(
        [
            "Minutes of the Schools Forum held on 10 July 2018\n"
            "5. SCHOOL PLACES\n"
            "The Forum agreed to defer the item to the next meeting as the report was late.\n"
            "6. BUDGET\n"
            "The Forum discussed whether deferral would help.\n"
            "RESOLVED - That the budget be approved.\n"
            "7. ADMISSIONS\n"
            "This item was deferred to the next meeting.\n"
        ]
    )
    places, budget, admissions = minutes.items
    assert places.deferred and [r.text for r in places.resolutions] == [
        "The Forum agreed to defer the item to the next meeting as the report was late."
    ]
    # A note of what happened records no decision (as the gold for real minutes counts).
    assert admissions.deferred and admissions.resolutions == []
    # A printed resolution is the decision: the word in passing adds nothing.
    assert [r.kind for r in budget.resolutions] == ["resolved"]


def test_a_deferral_mentioned_in_passing_is_not_one() -> None:
    for sentence in (
        "The report, which had been deferred at the last meeting, was now before the Panel.",
        "Officers explained that care charges can be deferred until the sale of a property.",
        "A resident asked whether the item would be deferred.",
    ):
        [minute] = parse_minutes(
            [f"Minutes of the Panel held on 1 May 2019\n7. ITEM\n{sentence}\n"]
        ).items
        assert not minute.deferred and minute.resolutions == [], sentence


# Real Kent County Council minutes (../shared/fixtures/kent): four house styles.
KENT = "kent/kent_{}_minutes_{}.pdf"
KENT_HONOURS = {"OBE", "MBE", "CBE"}


def kent(shared_fixtures: Path, committee: str, day: str) -> ParsedMinutes:
    return parse_minutes(pages(shared_fixtures, KENT.format(committee, day)))


def roles(minutes: ParsedMinutes, role: str) -> list[str]:
    return [a.person for a in minutes.attendance if a.role == role]


def test_kent_council_minutes_with_an_unnumbered_election_of_chair(shared_fixtures: Path) -> None:
    minutes = kent(shared_fixtures, "council", "2025-01-09")
    assert [(i.number, i.title, i.agenda_number) for i in minutes.items] == [
        (None, "Election of Chair", None),
        ("283.", "Apologies for Absence", "1"),
        # The title wraps; its "(Item 2)" is on the next page.
        (
            "284.",
            "Declarations of Disclosable Pecuniary Interests or Other Significant Interests in "
            "items on the agenda",
            "2",
        ),
        ("285.", "English Devolution White Paper", "3"),  # paragraphs 1) to 26) inside
    ]
    assert any("Mr Cooke be elected" in r.text for r in minutes.items[0].resolutions)
    # Reported in a sentence over three lines, then one more "had given her formal apologies".
    assert roles(minutes, "apologies") == [
        "Mr Beaney", "Mr Campkin", "Miss Carey", "Mr Collor", "Mr Cooper", "Ms Dawkins",
        "Mrs Game", "Mr Kennedy", "Mr Meade", "Mrs Prendergast", "Mr Ridgers", "Mr Sweetland",
        "Mr Wright", "Ms Grehan",
    ]  # fmt: skip
    assert roles(minutes, "chair") == ["Mr G Cooke"]  # elected to chair the meeting
    members = roles(minutes, "member")
    assert len(members) == 66 and not KENT_HONOURS & set(members)
    assert {"Sir Paul Carter", "Mrs T Dean", "Mr R C Love", "Rich Lehmann"} <= set(members)
    assert roles(minutes, "also_present") == ["Mr J Cook", "Mr B Watts"]
    assert minutes.declarations == []  # "Members who were district ... councillors": nobody named


def test_kent_council_minutes_sentence_case_heading_and_two_apologies_sentences(
    shared_fixtures: Path,
) -> None:
    minutes = kent(shared_fixtures, "council", "2024-12-19")
    assert [i.number for i in minutes.items] == [f"{n}." for n in range(270, 283)]
    assert [i.agenda_number for i in minutes.items] == [str(n) for n in range(1, 14)]
    assert minutes.items[2].title == (
        "Minutes of the meeting held on 7 November 2024, if in order, to be approved as a "
        "correct record"
    )
    apologies = [name.replace("-", "") for name in roles(minutes, "apologies")]
    assert apologies == [
        "Mr Baldock", "Mrs Bruneau", "Sir Paul Carter", "Mr Chard", "Mr Chittenden",
        "Ms Constantine", "Mr CrowBrown",  # the PDF breaks "Crow-Brown" at a line end
        "Mr Manion", "Mr Ross", "Mr Simkins", "Mr Webb", "Mr Cooke",
    ]  # fmt: skip
    assert (roles(minutes, "chair"), roles(minutes, "vice_chair")) == (
        ["Mr B J Sweetland"],
        ["Mr A M Ridgers"],
    )
    assert len(roles(minutes, "member")) == 64
    assert [(d.person, d.item_number) for d in minutes.declarations] == [
        ("Mrs Chandler", "12"),  # "Mrs Chandler and Mr Rayner declared ..."
        ("Mr Rayner", "12"),
        ("Mr Lehmann", "6"),
        ("Mr Streatfield", "6"),
        ("Mr Jeffrey", "12"),
    ]


def test_kent_cabinet_minutes(shared_fixtures: Path) -> None:
    minutes = kent(shared_fixtures, "cabinet", "2025-01-09")
    assert [(i.number, i.agenda_number) for i in minutes.items] == [
        (f"{n}.", str(n - 75)) for n in range(76, 84)
    ]
    assert minutes.items[5].title == "Quarterly Performance Report, Q2 2024-2025"
    assert roles(minutes, "apologies") == []  # "No apologies were received."
    assert roles(minutes, "chair") == ["Mr R W Gough"]
    assert roles(minutes, "member") == [
        "Mr N Baker", "Mrs C Bell", "Mrs S Chandler", "Mr D Jeffrey", "Mr R C Love",
        "Mr D Murphy", "Mr P J Oakford", "Mr D Watkins", "Mr R J Thomas",
    ]  # fmt: skip
    assert len(roles(minutes, "also_present")) == 11  # IN ATTENDANCE: officers with their jobs


def test_kent_panel_minutes_with_unnumbered_headings_over_item_lines(
    shared_fixtures: Path,
) -> None:
    minutes = kent(shared_fixtures, "cpp", "2024-10-29")
    assert [(i.number, i.agenda_number, i.title) for i in minutes.items] == [
        (None, "1", "Apologies and Substitutes"),
        (None, "2", "Chairman’s Announcements"),
        (None, "3", "Minutes of the meeting held on 30 July 2024"),
        (None, "4", "Participation Team update"),
        (None, "5", "Verbal updates by the Cabinet Member"),
        (None, "6", "Adoption Partnership South East, Regional Adoption Agency Annual Report "
         "2023/2024"),
        (None, "7", "Youth Justice Annual Report"),
        (None, "8", "Performance Scorecard for Children in Care"),
        (None, "9", "The Joint Housing Protocol for Care Leavers"),  # "(Item 9)" over the page
        (None, "10", "Sufficiency Strategy 2022-2027"),
        (None, "11", "Kent CIC in the statutory school years with an EHCP - Access to Education"),
        (None, "12", "Work programme"),
    ]  # fmt: skip
    assert [len(i.resolutions) for i in minutes.items] == [0] + [1] * 11
    assert roles(minutes, "apologies") == ["Mr R Love", "Ms K Leonard", "Ms A Farmer"]
    assert (roles(minutes, "chair"), roles(minutes, "vice_chair")) == (
        ["Shellina Prendergast"],
        ["Paul Bartlett"],
    )
    assert len(roles(minutes, "member")) == 12
    assert "Sue Chandler" in roles(minutes, "also_present")


HEADING_STYLES = """Planning Committee
Minutes of the Planning Committee held on 3 March 2026 at 7.00 pm
Present: Councillor Ann Lee (Chair), Councillor Bob Grey
77/21
Apologies for Absence
Apologies were received from Councillor Cy Wu.
78/21
Land at Mill Road, Westby, for eight houses
1. The officer introduced the application.
2. Members asked about parking and access.
3. RESOLVED that permission be granted.
79/21 24/00108 - Revenue and Capital Budget 2026-27
1) The report was introduced.
2) RESOLVED that the budget be recommended to Council.
80/21 Treasury management, mid-year review and the prudential
indicators for 2026-27
RESOLVED that the review be noted.
"""


def test_heading_styles_number_alone_decision_number_and_sentence_case() -> None:
    minutes = parse_minutes([HEADING_STYLES])
    assert [(i.number, i.title) for i in minutes.items] == [
        ("77/21", "Apologies for Absence"),
        ("78/21", "Land at Mill Road, Westby, for eight houses"),
        ("79/21", "24/00108 - Revenue and Capital Budget 2026-27"),
        (
            "80/21",
            "Treasury management, mid-year review and the prudential indicators for 2026-27",
        ),
    ]
    assert [len(i.resolutions) for i in minutes.items] == [0, 1, 1, 1]


def test_prefixed_minute_numbers_and_paragraphs_that_restart() -> None:
    minutes = parse_minutes(
        [
            "Minutes of the Cabinet held on 4 February 2026\n"
            "CAB 45 Apologies\n"
            "None.\n"
            "CAB 46 Budget Monitoring, Quarter 3\n"
            "1. The Director introduced the report.\n"
            "2. Members asked questions.\n"
            "3. RESOLVED that the report be noted.\n"
            "CAB 47 Work Programme\n"
            "The programme was noted.\n"
            "Minute 48 Exclusion of the press and public\n"
        ]
    )
    assert [(i.number, i.title) for i in minutes.items] == [
        ("CAB 45", "Apologies"),
        ("CAB 46", "Budget Monitoring, Quarter 3"),
        ("CAB 47", "Work Programme"),
        ("Minute 48", "Exclusion of the press and public"),
    ]
    low = parse_minutes(
        [
            "Minutes of the Forum held on 5 March 2026\n"
            "1. Apologies for Absence\n"
            "Apologies were received from Mrs A Ames.\n"
            "2. Budget Monitoring\n"
            "1. The Director introduced the report.\n"
            "2. Members asked about the reserves, and the savings plan.\n"
            "3. The Forum noted the report.\n"
            "3. Work Programme\n"
            "The programme was noted.\n"
        ]
    )
    # "2." and "3." inside minute 2 go on from its paragraph "1.": paragraphs.
    assert [(i.number, i.title) for i in low.items] == [
        ("1.", "Apologies for Absence"),
        ("2.", "Budget Monitoring"),
        ("3.", "Work Programme"),
    ]


def test_unnumbered_headings_over_item_lines() -> None:
    minutes = parse_minutes(
        [
            "SCHOOLS PANEL – 3 March 2026\n"
            "PRESENT: Ann Lee (Chair), Bob Grey (Vice-Chair), Cy Wu\n"
            "Apologies and Substitutes\n"
            "(Item 1)\n"
            "Apologies were received from Ms D Fox.\n"
            "Annual report of the virtual school, attendance and\n"
            "exclusions\n"
            "(Item 2)\n"
            "1. The head teacher introduced the report.\n"
            "2. RESOLVED that the report be noted.\n",
            "Work programme\n(Item 3)\nRESOLVED that the work programme be noted.\n",
        ]
    )
    assert [(i.number, i.agenda_number, i.title) for i in minutes.items] == [
        (None, "1", "Apologies and Substitutes"),
        (None, "2", "Annual report of the virtual school, attendance and exclusions"),
        (None, "3", "Work programme"),
    ]
    assert [a.person for a in minutes.attendance if a.role == "apologies"] == ["Ms D Fox"]


def test_four_digit_minute_numbers_but_not_years() -> None:
    minutes = parse_minutes(
        [
            "Minutes of the Cabinet held on 4 February 2026\n"
            "1240 NOTICE OF RECORDING\n"
            "The meeting was webcast.\n"
            "1241 BUDGET 2026/27\n"
            "The plan is to plant\n"
            "1000 Trees in the parks before 2027.\n"
            "2026 Budget Consultation Results\n"
            "RESOLVED that the budget be recommended.\n"
        ]
    )
    assert [(i.number, i.title) for i in minutes.items] == [
        ("1240", "NOTICE OF RECORDING"),
        ("1241", "BUDGET 2026/27"),
    ]


def test_an_attendance_line_is_not_the_committee() -> None:
    minutes = parse_minutes(
        [
            "SCHOOLS PANEL– 3 March 2026\n"
            "MINUTES of the meeting held in the Council Chamber.\n"
            "ALSO PRESENT: Ann Lee, Cabinet Member for Schools and Early\n"
            "Years.\n"
        ]
    )
    assert minutes.committee == "Schools Panel"


def test_long_numbered_paragraphs_are_not_minutes() -> None:
    minutes = parse_minutes(
        [
            "Minutes of the Panel held on 6 May 2026\n"
            "1. Apologies for Absence\n"
            "There were none.\n"
            "2. The Panel considered the report of the Director of Place, which set out the\n"
            "proposals for the new parking scheme and the results of the consultation.\n"
            "3. Members asked about enforcement, the cost of permits and the hours of\n"
            "operation, and the officers answered their questions in turn.\n"
            "4. Parking Strategy, Review and Next Steps\n"
            "RESOLVED that the strategy be approved.\n"
        ]
    )
    assert [(i.number, i.title) for i in minutes.items] == [
        ("1.", "Apologies for Absence"),
        ("4.", "Parking Strategy, Review and Next Steps"),
    ]


def test_committee_year_number_minutes_and_a_declaration_with_initials() -> None:
    minutes = parse_minutes(
        [
            "Minutes of the Environment Committee held on 3 March 2026\n"
            "ENV/26/1 Declarations of interest\n"
            "Councillor B Taylor declared a personal interest in item 3 as a board member.\n"
            "ENV/26/2 Minutes of the previous meeting\n"
            "RESOLVED that the minutes be signed.\n"
            "12/03/2026 Site visit\n"
            "ENV/26/3 Waste Strategy\n"
        ]
    )
    assert [i.number for i in minutes.items] == ["ENV/26/1", "ENV/26/2", "ENV/26/3"]
    assert [(d.person, d.item_number) for d in minutes.declarations] == [("B Taylor", "3")]
