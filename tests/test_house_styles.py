"""Short papers written here in other UK councils' house styles (London borough,
metropolitan borough, district, county, unitary, city, Welsh and Scottish councils,
CMIS and ModernGov), each imported with nothing but a council and read back from
the database: kind, committee, date, items as printed, resolutions, attendance."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from indexer.home import Home
from indexer.models import AgendaItem, Attendance, Document, Meeting, Resolution
from indexer.parse.heading import read_heading
from indexer.store.imports import import_files


@dataclass
class Stored:
    kind: str
    committee: str | None
    start: datetime | None
    items: list[tuple[str | None, str]]
    resolutions: list[tuple[str | None, str, str]]  # (item number, kind, text)
    people: dict[str, list[str]]  # role -> names, sorted


def _read(engine: Engine, home: Home, tmp_path: Path, name: str, text: str) -> Stored:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    [outcome] = import_files(engine, home, [path], "elsewhere")
    with Session(engine) as session:
        document = session.get(Document, outcome.document_id)
        assert document is not None
        meeting = session.get(Meeting, document.meeting_id) if document.meeting_id else None
        if meeting is None:
            return Stored(document.kind, None, None, [], [], {})
        items = session.scalars(
            select(AgendaItem)
            .where(AgendaItem.meeting_id == meeting.id)
            .order_by(AgendaItem.position)
        ).all()
        numbers = {item.id: item.number for item in items}
        resolutions = session.scalars(
            select(Resolution)
            .where(Resolution.meeting_id == meeting.id)
            .order_by(Resolution.position, Resolution.id)
        ).all()
        people: dict[str, list[str]] = {}
        for row in session.scalars(select(Attendance).where(Attendance.meeting_id == meeting.id)):
            people.setdefault(row.role, []).append(row.person)
        return Stored(
            document.kind,
            meeting.committee.name if meeting.committee else None,
            meeting.start,
            [(item.number, item.title) for item in items],
            [
                (numbers.get(r.agenda_item_id or 0), r.kind, " ".join(r.text.split()))
                for r in resolutions
            ],
            {role: sorted(names) for role, names in people.items()},
        )


# A district council's planning committee: each minute is an application, its
# title led by the application's reference.
DISTRICT_PLANNING = """NORTHWOLD DISTRICT COUNCIL
Minutes of a Meeting of the Planning Committee
held at the Council Offices, Market Street, Northwold
on Thursday 6 March 2025 at 6.30 pm
PRESENT: Councillor G Turner (Chairman)
Councillors A Bell, C Doyle, E Frost, H Irwin and J Knight
Apologies for absence were received from Councillors B Lane and N Moss.
PL/101 APOLOGIES FOR ABSENCE
As recorded above.
PL/102 DECLARATIONS OF INTEREST
None.
PL/103 24/01234/FUL - Land East of Mill Road, Eastham
Erection of 24 dwellings with associated access and landscaping.
The Planning Officer presented the report. Mr Field spoke in objection.
It was proposed by Councillor Bell and seconded by Councillor Doyle that it be approved.
RESOLVED that planning permission be GRANTED subject to the conditions set out in the report.
PL/104 24/01567/HOU - 12 Church Lane, Westby
Single storey rear extension.
RESOLVED that planning permission be REFUSED as the extension would harm the listed building.
The meeting closed at 8.40 pm.
"""


def test_planning_minutes_whose_titles_start_with_an_application_reference(
    engine: Engine, home: Home, tmp_path: Path
) -> None:
    stored = _read(engine, home, tmp_path, "planning.txt", DISTRICT_PLANNING)
    assert (stored.kind, stored.committee, stored.start) == (
        "minutes",
        "Planning Committee",
        datetime(2025, 3, 6, 18, 30),
    )
    assert stored.items == [
        ("PL/101", "APOLOGIES FOR ABSENCE"),
        ("PL/102", "DECLARATIONS OF INTEREST"),
        ("PL/103", "24/01234/FUL - Land East of Mill Road, Eastham"),
        ("PL/104", "24/01567/HOU - 12 Church Lane, Westby"),
    ]
    assert [(number, kind) for number, kind, _ in stored.resolutions] == [
        ("PL/103", "resolved"),
        ("PL/104", "resolved"),
    ]
    assert stored.people["chair"] == ["G Turner"]
    assert stored.people["apologies"] == ["B Lane", "N Moss"]


# A county council's record of a decision taken by one cabinet member: no
# meeting, the day of the decision and who took it.
COUNTY_RECORD = """SHIREHAM COUNTY COUNCIL
RECORD OF DECISION
Decision taken by: Cabinet Member for Highways and Transport
Decision Number: 2025/017
Date of Decision: 18 March 2025
Subject: Award of the Winter Gritting Contract
DECISION:
To award the winter gritting contract for 2025 to 2030 to the bidder named in the exempt appendix.
Reasons for the Decision:
The preferred bidder offered the most economically advantageous tender.
Alternative Options Considered:
To extend the current contract. This was rejected as it cannot lawfully be extended again.
Declarations of Interest: None
Signed: Cabinet Member for Highways and Transport
"""


def test_a_cabinet_members_record_of_decision_is_filed_under_its_day_and_maker(
    engine: Engine, home: Home, tmp_path: Path
) -> None:
    stored = _read(engine, home, tmp_path, "record.txt", COUNTY_RECORD)
    assert (stored.kind, stored.committee, stored.start) == (
        "decisions",
        "Cabinet Member for Highways and Transport",
        datetime(2025, 3, 18),
    )
    assert [(kind, text[:40]) for _, kind, text in stored.resolutions] == [
        ("resolved", "DECISION: To award the winter gritting c")
    ]


def test_a_decision_taken_by_a_named_councillor_names_no_committee(
    engine: Engine, home: Home, tmp_path: Path
) -> None:
    text = COUNTY_RECORD.replace(
        "Decision taken by: Cabinet Member for Highways and Transport",
        "Decision taken by: Councillor Ann Lowe",
    )
    stored = _read(engine, home, tmp_path, "record.txt", text)
    assert (stored.kind, stored.committee, stored.start) == (
        "decisions",
        None,
        datetime(2025, 3, 18),
    )


UNITARY_NOTICE = """Decision Notice
Cabinet
Tuesday 25 February 2025
Decisions published on 27 February 2025; they may be implemented on 7 March 2025 unless called in.
1. Revenue Budget 2025/26
DECISION: That the recommendations be approved.
Reasons: To set a balanced budget.
2. Fees and Charges
DECISION:
(a) That the fees and charges in Appendix 1 be approved; and
(b) That the Director of Finance be authorised to make minor changes.
Reasons: To recover the cost of services.
3. Leisure Centre Refurbishment
DECISION: Deferred to the next meeting.
"""


def test_a_unitarys_decision_notice_and_a_decision_to_defer(
    engine: Engine, home: Home, tmp_path: Path
) -> None:
    stored = _read(engine, home, tmp_path, "notice.txt", UNITARY_NOTICE)
    assert (stored.kind, stored.committee, stored.start) == (
        "decisions",
        "Cabinet",
        datetime(2025, 2, 25),
    )
    assert [item for item, _ in stored.items] == ["1.", "2.", "3."]
    assert [(number, kind) for number, kind, _ in stored.resolutions] == [
        ("1.", "resolved"),
        ("2.", "resolved"),
        ("3.", "deferred"),
    ]
    assert stored.resolutions[1][2].endswith("be authorised to make minor changes.")


# A Scottish council: a "Minute of Meeting", a Convener in the chair, "Decided:".
SCOTTISH = """STRATHGLEN COUNCIL
EDUCATION COMMITTEE
MINUTE of MEETING of the EDUCATION COMMITTEE held in the COUNCIL CHAMBERS, MUNICIPAL
BUILDINGS, on THURSDAY, 13 FEBRUARY 2025 at 10.00 am.
Present:
Councillor Fiona Campbell (Convener), Councillor Alan Munro, Councillor Iain Ross,
Councillor Morag Stewart.
Apologies: Councillor Kenneth Reid.
In attendance: Executive Director of Education.
1. Declarations of Interest
There were no declarations of interest.
2. Attainment Report
There was submitted a report by the Executive Director of Education.
Decided:
(1) to note the report; and
(2) to agree that a further report be submitted in August 2025.
3. Early Years Expansion
Decided: to approve the proposals set out in section 4 of the report.
"""


def test_a_scottish_minute_of_meeting_with_a_convener(
    engine: Engine, home: Home, tmp_path: Path
) -> None:
    stored = _read(engine, home, tmp_path, "minute.txt", SCOTTISH)
    assert (stored.kind, stored.committee, stored.start) == (
        "minutes",
        "Education Committee",
        datetime(2025, 2, 13, 10, 0),
    )
    assert stored.items == [
        ("1.", "Declarations of Interest"),
        ("2.", "Attainment Report"),
        ("3.", "Early Years Expansion"),
    ]
    assert [(number, kind) for number, kind, _ in stored.resolutions] == [
        ("2.", "resolved"),
        ("3.", "resolved"),
    ]
    assert stored.people == {
        "chair": ["Fiona Campbell"],
        "member": ["Alan Munro", "Iain Ross", "Morag Stewart"],
        "apologies": ["Kenneth Reid"],
    }


# A saved ModernGov meeting page whose heading prints the date with a weekday,
# a comma and an ordinal: "Cabinet - Wednesday, 12th March, 2025 7.00 pm".
MODERNGOV_ORDINAL = """<html><body><div id="modgov">
<h2 class="mgSubTitleTxt"><a href="mgCommitteeDetails.aspx?ID=130">Cabinet</a>
 - Wednesday, 12th March, 2025 7.00 pm</h2>
<p><a href="mgMeetingAttendance.aspx?ID=555">Attendance details</a></p>
<table class="mgItemTable">
<tr><td class="mgItemNumberCell">101.</td><td>
 <p class="mgAiTitleTxt">Apologies for Absence</p>
 <p class="mgSubItemTitleTxt">Minutes:</p>
 <div class="mgWordPara"><p>Apologies for absence were received from Councillor Rachel
 Stone.</p></div>
</td></tr>
<tr><td class="mgItemNumberCell">102.</td><td>
 <p class="mgAiTitleTxt">Local Plan Consultation</p>
 <p class="mgSubItemTitleTxt">Decision:</p>
 <div class="mgWordPara"><p>That Cabinet:</p><ol><li>approves the draft plan for
 consultation; and</li><li>delegates minor changes to the Director of Place.</li></ol></div>
</td></tr>
</table></div></body></html>
"""


def test_a_moderngov_page_with_an_ordinal_date_in_its_heading(
    engine: Engine, home: Home, tmp_path: Path
) -> None:
    stored = _read(engine, home, tmp_path, "Cabinet page.html", MODERNGOV_ORDINAL)
    assert (stored.committee, stored.start) == ("Cabinet", datetime(2025, 3, 12, 19, 0))
    assert stored.items == [("101.", "Apologies for Absence"), ("102.", "Local Plan Consultation")]
    assert [(number, kind) for number, kind, _ in stored.resolutions] == [("102.", "resolved")]
    assert stored.people == {"apologies": ["Rachel Stone"]}


# A cover printing its date over three lines: "7 February" is no minute 7.
SPACED_MINUTES = """M I N U T E S
of the
LICENSING SUB-COMMITTEE
Friday
7 February
2025
at 10.00 am
Members present:
Cllr P. Adams (Chair)
Cllr Q. Baker
Cllr R. Cole
1 Election of Chair
RESOLVED that Cllr Adams be elected Chair for the meeting.
2 Application for a premises licence - The Crown, High Street
The Sub-Committee AGREED to grant the licence subject to the conditions in Appendix C.
"""

COVER_AGENDA = """CABINET
AGENDA
Thursday
6 March
2025
7.00 pm
Council Chamber
1 Apologies for Absence
2 Declarations of Interest
3 Minutes of the last meeting
4 Housing Allocations Policy
"""


def test_a_date_printed_over_lines_is_not_an_item(
    engine: Engine, home: Home, tmp_path: Path
) -> None:
    stored = _read(engine, home, tmp_path, "minutes.txt", SPACED_MINUTES)
    assert (stored.kind, stored.committee, stored.start) == (
        "minutes",
        "Licensing Sub-committee",
        datetime(2025, 2, 7, 10, 0),
    )
    assert stored.items == [
        ("1", "Election of Chair"),
        ("2", "Application for a premises licence - The Crown, High Street"),
    ]
    assert [(number, kind) for number, kind, _ in stored.resolutions] == [
        ("1", "resolved"),
        ("2", "resolved"),
    ]
    assert stored.people == {"chair": ["P. Adams"], "member": ["Q. Baker", "R. Cole"]}
    agenda = _read(engine, home, tmp_path, "agenda.txt", COVER_AGENDA)
    assert (agenda.kind, agenda.committee, agenda.start) == (
        "agenda",
        "Cabinet",
        datetime(2025, 3, 6, 19, 0),
    )
    assert [number for number, _ in agenda.items] == ["1", "2", "3", "4"]


# A city council's agenda: labels, then a contents table "Item Subject Page" as a
# PDF's text layer reads it, with no "AGENDA" heading.
CITY_AGENDA = """BRANSTON CITY COUNCIL
Meeting: Communities Scrutiny Panel
Date: Thursday 3 April 2025
Time: 5.30 pm
Venue: Committee Room A, Council House
Date of despatch: 25 March 2025
Item Subject Page
1. Apologies for Absence
2. Declarations of Interest
3. Minutes of the meeting held on 6 March 2025 5 - 10
4. Community Safety Partnership Annual Report 11 - 30
5. Allotments Review - Final Report 31 - 44
6. Work Programme 2025/26 45 - 48
"""


@pytest.mark.parametrize("header", ["Item Subject Page\n", ""])
def test_a_city_agenda_with_a_contents_table_and_no_heading(
    engine: Engine, home: Home, tmp_path: Path, header: str
) -> None:
    text = CITY_AGENDA.replace("Item Subject Page\n", header)
    stored = _read(engine, home, tmp_path, "agenda.txt", text)
    assert (stored.kind, stored.committee, stored.start) == (
        "agenda",
        "Communities Scrutiny Panel",
        datetime(2025, 4, 3, 17, 30),
    )
    assert stored.items == [
        ("1.", "Apologies for Absence"),
        ("2.", "Declarations of Interest"),
        ("3.", "Minutes of the meeting held on 6 March 2025"),
        ("4.", "Community Safety Partnership Annual Report"),
        ("5.", "Allotments Review - Final Report"),
        ("6.", "Work Programme 2025/26"),
    ]


# Minutes whose attendance is "Members in attendance:" and whose first minutes are
# the same apologies and declarations an agenda opens with: still minutes.
STANDARDS_MINUTES = """Minutes of the meeting of the Standards Committee
held on 2 April 2025 at 6.00 pm
Members in attendance: Councillors A Abbot (Chair), B Barr and C Cross
1. Apologies for absence
Apologies were received from Councillor D Dunn.
2. Declarations of interest
None.
3. Code of Conduct complaints
RESOLVED that the report be noted.
"""


def test_minutes_with_members_in_attendance(engine: Engine, home: Home, tmp_path: Path) -> None:
    stored = _read(engine, home, tmp_path, "minutes.txt", STANDARDS_MINUTES)
    assert (stored.kind, stored.committee, stored.start) == (
        "minutes",
        "Standards Committee",
        datetime(2025, 4, 2, 18, 0),
    )
    assert [number for number, _ in stored.items] == ["1.", "2.", "3."]
    assert [(number, kind) for number, kind, _ in stored.resolutions] == [("3.", "resolved")]
    assert stored.people == {
        "chair": ["A Abbot"],
        "member": ["B Barr", "C Cross"],
        "apologies": ["D Dunn"],
    }


# ModernGov's printed decisions: the body, "Decisions", labels, then numbered items
# each with "Decision:" and its reasons.
PRINTED_DECISIONS = """Public Document Pack
Executive
Decisions
Date: Tuesday, 4 March 2025
Decision Maker: Executive
Decisions published on: 6 March 2025
Call-in deadline: 13 March 2025
71. Housing Strategy 2025-2030
Decision:
That the Housing Strategy 2025-2030 be adopted.
Reasons for decision:
To meet the statutory duty to publish a strategy.
Alternative options considered:
None.
72. Treasury Management Strategy
Decision:
RECOMMENDED to Council that the strategy be approved.
Reasons for decision:
The strategy must be approved by full Council.
"""


def test_printed_decisions_titled_decisions(engine: Engine, home: Home, tmp_path: Path) -> None:
    stored = _read(engine, home, tmp_path, "decisions.txt", PRINTED_DECISIONS)
    assert (stored.kind, stored.committee, stored.start) == (
        "decisions",
        "Executive",
        datetime(2025, 3, 4),
    )
    assert stored.items == [
        ("71.", "Housing Strategy 2025-2030"),
        ("72.", "Treasury Management Strategy"),
    ]
    assert stored.resolutions == [
        ("71.", "resolved", "Decision: That the Housing Strategy 2025-2030 be adopted."),
        ("72.", "recommended", "RECOMMENDED to Council that the strategy be approved."),
    ]


# Clauses of one resolution across a page break, under the later page's running
# header "Committee - date" (printed on too few pages to count as furniture).
OVER_A_PAGE = """Corporate Overview Committee
Minutes of the meeting held on Wednesday 19 February 2025
Present: Councillors Z Young (Chair), X Xu, W White
7. Budget Scrutiny
RESOLVED:
(1) That the Committee supports the draft budget.
(2) That the comments above be passed to Cabinet.
Page 3
\f Corporate Overview Committee - 19 February 2025
(3) That officers circulate the savings tracker.
(4) That the item returns in July.
8. Date of Next Meeting
The next meeting will be held on 16 April 2025.
"""


def test_clauses_over_a_page_break_under_a_running_header(
    engine: Engine, home: Home, tmp_path: Path
) -> None:
    stored = _read(engine, home, tmp_path, "minutes.txt", OVER_A_PAGE)
    assert (stored.committee, stored.start) == (
        "Corporate Overview Committee",
        datetime(2025, 2, 19),
    )
    assert stored.items == [("7.", "Budget Scrutiny"), ("8.", "Date of Next Meeting")]
    [(number, kind, text)] = stored.resolutions
    assert (number, kind) == ("7.", "resolved")
    assert text.endswith(
        "(3) That officers circulate the savings tracker. (4) That the item returns in July."
    )


# "Minutes of the ... Committee" on its own line, the date under it; "Cllr." with a
# stop, a vice-chairman, a substitute and a portfolio holder also present.
BOROUGH_SCRUTINY = """Tamworth Vale Borough Council
Minutes of the Overview and Scrutiny Committee
Thursday, 27th February, 2025
Present: Cllr. A. Carr (Chairman), Cllr. B. Dean (Vice-Chairman), Cllrs. C. Eve, F. Gray and H. Ives
Apologies for absence were received from Cllr. J. Kemp, who was substituted by Cllr. L. Moore.
Also present: Cllr. N. Page (Portfolio Holder for Finance)
55 Minutes
The minutes of the meeting held on 23 January 2025 were approved.
56 Call-in of Cabinet decision: Car Park Charges
It was moved by Cllr. Carr and seconded by Cllr. Dean that the decision be referred back.
Upon being put to the vote the motion was CARRIED.
RESOLVED UNANIMOUSLY that the decision be referred back to Cabinet for reconsideration.
57 Recommendations from the Task Group
The Committee considered the recommendation in the report:
"That Cabinet should be RECOMMENDED to introduce a tree planting grant."
Agreed unanimously.
"""


def test_minutes_of_a_committee_on_its_own_line(engine: Engine, home: Home, tmp_path: Path) -> None:
    stored = _read(engine, home, tmp_path, "minutes.txt", BOROUGH_SCRUTINY)
    assert (stored.kind, stored.committee, stored.start) == (
        "minutes",
        "Overview and Scrutiny Committee",
        datetime(2025, 2, 27),
    )
    assert [number for number, _ in stored.items] == ["55", "56", "57"]
    # The quoted recommendation and "Agreed unanimously." record no resolution.
    assert [(number, kind) for number, kind, _ in stored.resolutions] == [("56", "resolved")]
    assert stored.people == {
        "chair": ["A. Carr"],
        "vice_chair": ["B. Dean"],
        "member": ["C. Eve", "F. Gray", "H. Ives"],
        "apologies": ["J. Kemp"],
        "also_present": ["N. Page"],
    }


# Minutes that label their decisions "Resolution:" and "RESOLUTIONS:".
RESOLUTION_LABELS = """Minutes of the Adult Social Care Scrutiny Panel held on 14 January 2025
Present: Councillor Ivy Moss (Chair), Councillors Joe Nash and Kim Oak
1. Care Home Market
The Panel heard from the Director of Adult Services.
Resolution: That the Panel supports the proposed fee uplift.
2. Home Care Contract
AGREED: That a task group be set up to review the contract.
3. Quality Assurance
RESOLUTIONS:
1. That the report be noted.
2. That a site visit be arranged.
4. Date of Next Meeting
Resolution: None.
"""


def test_resolution_labels(engine: Engine, home: Home, tmp_path: Path) -> None:
    stored = _read(engine, home, tmp_path, "minutes.txt", RESOLUTION_LABELS)
    assert (stored.committee, stored.start) == (
        "Adult Social Care Scrutiny Panel",
        datetime(2025, 1, 14),
    )
    assert stored.resolutions == [
        ("1.", "resolved", "Resolution: That the Panel supports the proposed fee uplift."),
        ("2.", "resolved", "AGREED: That a task group be set up to review the contract."),
        (
            "3.",
            "resolved",
            "RESOLUTIONS: 1. That the report be noted. 2. That a site visit be arranged.",
        ),
    ]


@pytest.mark.parametrize(
    ("text", "committee", "when"),
    [
        ("Cabinet\nMeeting held on Tuesday 4 March 2025", "Cabinet", datetime(2025, 3, 4)),
        (
            "Cabinet Agenda\nDate: Tuesday 4 March 2025\nDate of publication: 24 February 2025",
            "Cabinet",
            datetime(2025, 3, 4),
        ),
        ("PLANNING COMMITTEE MINUTES\n3 March 2025", "Planning Committee", datetime(2025, 3, 3)),
        (
            "Minutes of the Cabinet held on the 4th day of March 2025",
            "Cabinet",
            datetime(2025, 3, 4),
        ),
        (
            "Record of the decisions taken at the meeting of the Executive held on Monday 3 "
            "March 2025 at 6.00 pm",
            "Executive",
            datetime(2025, 3, 3, 18, 0),
        ),
        (
            "Meeting: Planning Committee\nDate: 04/03/2025\nTime: 19:00 hrs",
            "Planning Committee",
            datetime(2025, 3, 4, 19, 0),
        ),
    ],
)
def test_other_councils_meeting_headings(text: str, committee: str, when: datetime) -> None:
    heading = read_heading([text], minutes_first=True)
    found = heading.when
    if found is not None and not isinstance(found, datetime):
        found = datetime(found.year, found.month, found.day)
    assert (heading.committee, found) == (committee, when)


# A Welsh council's bilingual minutes: the Welsh heading first (its month unread),
# labels "YN BRESENNOL / PRESENT:".
BILINGUAL = """CYNGOR SIR YNYS GLAS
ISLE OF GLAS COUNTY COUNCIL
Cofnodion cyfarfod y Pwyllgor Gwaith a gynhaliwyd ar 10 Mawrth 2025
Minutes of the meeting of the Executive held on 10 March 2025
YN BRESENNOL / PRESENT: Councillor Llinos Hughes (Chair), Councillors Aled Jones and Ceri Lewis
YMDDIHEURIADAU / APOLOGIES: Councillor Eirian Parry
1. DATGAN DIDDORDEB / DECLARATION OF INTEREST
None.
2. CYNLLUN Y CYNGOR / COUNCIL PLAN
RESOLVED to adopt the Council Plan 2025-2030.
"""


def test_welsh_bilingual_minutes(engine: Engine, home: Home, tmp_path: Path) -> None:
    stored = _read(engine, home, tmp_path, "cofnodion.txt", BILINGUAL)
    assert (stored.kind, stored.committee, stored.start) == (
        "minutes",
        "Executive",
        datetime(2025, 3, 10),
    )
    assert [number for number, _ in stored.items] == ["1.", "2."]
    assert [(number, kind) for number, kind, _ in stored.resolutions] == [("2.", "resolved")]
    assert stored.people == {
        "chair": ["Llinos Hughes"],
        "member": ["Aled Jones", "Ceri Lewis"],
        "apologies": ["Eirian Parry"],
    }


# "Present" over "Councillors:" and "Co-opted Members:", one name a line.
ONE_A_LINE = """Minutes of the Finance and Resources Committee held on 22 January 2025 at 6.30 pm
Present
Councillors:
R Adeyemi (Chair)
S Bhatt (Vice-Chair)
T Collins
U Dhillon
Co-opted Members:
V Evans
Officers present:
W Fox - Director of Finance
X Green - Democratic Services
Apologies for absence: Councillors Y Hill and Z Ince
1. Minutes
RESOLVED that the minutes be signed.
"""


def test_a_present_list_under_sub_headings_one_name_a_line(
    engine: Engine, home: Home, tmp_path: Path
) -> None:
    stored = _read(engine, home, tmp_path, "minutes.txt", ONE_A_LINE)
    assert stored.people == {
        "chair": ["R Adeyemi"],
        "vice_chair": ["S Bhatt"],
        "member": ["T Collins", "U Dhillon", "V Evans"],
        "officer": ["W Fox", "X Green"],
        "apologies": ["Y Hill", "Z Ince"],
    }


# ModernGov's page for one decision, saved as text: "Decision details", its maker,
# the dates it was published and took effect, and the day it was taken.
DECISION_DETAILS = """Decision details
Highway Maintenance Contract Extension
Decision Maker: Cabinet Member for Environment
Decision status: Recommendations Approved
Is Key decision?: Yes
Decision published: 06/03/2025
Effective from: 14/03/2025
Decision:
To extend the highway maintenance contract by two years.
Reasons for the decision:
To secure continuity of service.
Date of decision: 04/03/2025
"""


def test_a_moderngov_decision_details_page(engine: Engine, home: Home, tmp_path: Path) -> None:
    stored = _read(engine, home, tmp_path, "decision.txt", DECISION_DETAILS)
    assert (stored.kind, stored.committee, stored.start) == (
        "decisions",
        "Cabinet Member for Environment",
        datetime(2025, 3, 4),
    )
    assert [(kind, text) for _, kind, text in stored.resolutions] == [
        ("resolved", "Decision: To extend the highway maintenance contract by two years.")
    ]
