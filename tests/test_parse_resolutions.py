"""Resolutions: real Kingston decisions and minutes, Merton printed minutes, hostile text."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.parse.resolutions import fingerprint, parse_resolutions
from tests.parse_support import KINGSTON_JANUARY, KINGSTON_NOVEMBER, meeting_page_section

pytestmark = pytest.mark.database_free

MANORGATE_1 = (
    "1. the introduction of traffic management measures on Manorgate Road at the existing "
    "width restriction and Wolverton Avenue using an experimental traffic management order "
    "(ETMO) under sections 9 and 10 of the Road Traffic Regulation Act 1984(a), with Manorgate "
    "Road to be made one-way Northbound (towards Kingston Hill/roundabout) and Wolverton Avenue "
    "to be made one-way between Kingston Hill and Coombe Road, as shown in Annex 3, be approved;"
)
GRANTS = [
    "1. the redistribution of any remaining Councillor Ward Funding (CWF) as of January 30th "
    "2026 to the Neighbourhood Community Grants Programme be approved; and",
    "2. the application for £1,800 of Neighbourhood Community Grant funding by Barnfield "
    "Riding for the Disabled be approved.",
]


def test_kingston_decisions_with_numbered_clauses(shared_fixtures: Path) -> None:
    decision = meeting_page_section(shared_fixtures, KINGSTON_JANUARY, "59", "Decision")
    [resolution] = parse_resolutions(decision)
    assert resolution.kind == "resolved"
    assert len(resolution.clauses) == 3
    assert resolution.clauses[0] == MANORGATE_1
    assert resolution.clauses[2].startswith("3. approval be granted to proceed")
    assert resolution.clauses[2].endswith("Coombe Road once funding is secured.")
    assert resolution.text.splitlines()[0] == "RESOLVED that:"

    deferral = meeting_page_section(shared_fixtures, KINGSTON_JANUARY, "60", "Decision")
    [deferred] = parse_resolutions(deferral)
    assert deferred.text == (
        "RESOLVED that the decision on the implementation of the scheme as shown in Annex 1 "
        "be deferred to the Committee meeting in March 2026."
    )
    assert deferred.clauses == []


def test_the_page_decision_and_the_minutes_resolution_fingerprint_alike(
    shared_fixtures: Path,
) -> None:
    decision = meeting_page_section(shared_fixtures, KINGSTON_JANUARY, "63", "Decision")
    minutes = meeting_page_section(shared_fixtures, KINGSTON_JANUARY, "63", "Minutes")
    [from_decision] = parse_resolutions(decision)
    [from_minutes] = parse_resolutions(minutes, page=7)
    assert from_decision.clauses == GRANTS
    # "It was RESOLVED that:" in prose, "Voting: unanimous" between the clauses.
    assert from_minutes.clauses == GRANTS
    assert from_minutes.page == 7
    assert fingerprint(from_decision.text) == fingerprint(from_minutes.text)


def test_mixed_case_resolved_in_real_minutes(shared_fixtures: Path) -> None:
    minutes = meeting_page_section(shared_fixtures, KINGSTON_NOVEMBER, "33", "Minutes")
    assert [(r.kind, r.text) for r in parse_resolutions(minutes)] == [
        (
            "resolved",
            "Resolved that the minutes of the meeting held on 8 October 2025 are agreed as a "
            "correct record.",
        )
    ]
    noted = meeting_page_section(shared_fixtures, KINGSTON_NOVEMBER, "37", "Minutes")
    assert parse_resolutions(noted) == []  # "received and noted" is prose, not a keyword


MERTON_STYLE = """5 ANNUAL GOVERNANCE REPORT 2008/09 (Agenda item 5)
RESOLVED: (A) That the Audit Committee notes the Audit Commission's
Annual Governance Report for the Council's main accounts.
(B) That the Audit Committee notes the Council's Use of Resources score.
7 WORK PROGRAMME (Agenda item 7)
NOTED
The meeting ended at 8.27 pm."""


def test_inline_first_clause_and_standalone_noted() -> None:
    found = parse_resolutions(MERTON_STYLE, page=4)
    assert [(r.kind, r.page, len(r.clauses)) for r in found] == [
        ("resolved", 4, 2),
        ("noted", 4, 0),
    ]
    assert found[0].clauses[0] == (
        "(A) That the Audit Committee notes the Audit Commission's Annual Governance Report "
        "for the Council's main accounts."
    )
    assert found[1].text == "NOTED"


def test_lettered_clauses_with_roman_sub_clauses_and_a_letter_i() -> None:
    text = "\n".join(
        [
            "RESOLVED – That:",
            "(a) the strategy be approved, subject to:",
            "(i) the changes in paragraph 4;",
            "(ii) a review in 2026;",
            "(b) the Director be authorised to act;",
            "(c) c;",
            "(d) d;",
            "(e) e;",
            "(f) f;",
            "(g) g;",
            "(h) h; and",
            "(i) the report be published.",
            "Members then discussed the budget.",
        ]
    )
    [resolution] = parse_resolutions(text)
    assert [c.split()[0] for c in resolution.clauses] == [
        "(a)", "(b)", "(c)", "(d)", "(e)", "(f)", "(g)", "(h)", "(i)",
    ]  # fmt: skip
    assert resolution.clauses[0] == (
        "(a) the strategy be approved, subject to:\n(i) the changes in paragraph 4;\n"
        "(ii) a review in 2026;"
    )
    assert "Members then discussed" not in resolution.text


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("RECOMMENDED to Council that the budget be approved.", ["recommended"]),
        ("DEFERRED", ["deferred"]),
        ("AGREED: that the item be withdrawn.", ["resolved"]),
        (
            "RESOLVED\nThat the report be noted.\nRESOLVED\nThat the plan be agreed.",
            ["resolved"] * 2,
        ),
        ("The Committee noted the report and resolved to meet again.", []),
        ("The Committee is asked to RESOLVE that:\n1. the scheme be approved.", []),
        ("", []),
        ("\n\n   \n", []),
    ],
)
def test_keywords(text: str, kinds: list[str]) -> None:
    assert [r.kind for r in parse_resolutions(text)] == kinds


def test_fingerprint_ignores_layout_but_not_wording() -> None:
    printed = "RESOLVED - That the report\nbe noted, and the Council’s plan be “agreed”."
    on_page = 'Resolved – that the report be noted and the council\'s plan be "agreed"'
    assert fingerprint(printed) == fingerprint(on_page)
    assert fingerprint("RESOLVED that:\n1. a be done;\n2. b be done.") == fingerprint(
        "RESOLVED that:\na be done;\nb be done."
    )
    assert fingerprint("RESOLVED - That the report be noted.") != fingerprint(
        "RESOLVED - That the report be deferred."
    )


@pytest.mark.timeout(120)  # linear work: a hang is caught, a busy machine is not
def test_hostile_text_is_bounded() -> None:
    garbage = ("RESOLVED that (a) " + "x" * 5000 + " and ") * 200 + "(" * 100_000
    lines = "\n".join(
        ["RESOLVED that:"] + [f"({chr(97 + n % 26)}) clause {n} and" for n in range(5000)]
    )
    endless = "\n".join(["RESOLVED that"] + [f"clause {n} and" for n in range(5000)])
    parse_resolutions(garbage)
    long_one = parse_resolutions(lines)
    [runaway] = parse_resolutions(endless)
    fingerprint(garbage)
    parse_resolutions("\u201c" + "RESOLVED " * 50_000)  # every keyword inside a quotation
    # A list stops where its letters start again ("(a)" after "(z)") ...
    assert [len(r.clauses) for r in long_one] == [26]
    # ... and an open sentence at the cap instead of swallowing the rest of the text.
    assert "clause 398 and" in runaway.text and "clause 400 and" not in runaway.text
    assert parse_resolutions("\x00\ufffd RESOLVED \u200b") != []


def test_printed_decisions_under_a_decision_label() -> None:
    assert [r.text for r in parse_resolutions("Decision:\nRESOLVED that the report be noted.")] == [
        "RESOLVED that the report be noted."
    ]
    [decision] = parse_resolutions("DECISION\n(1) That the budget be approved;\n(2) That x.")
    assert decision.clauses == ["(1) That the budget be approved;", "(2) That x."]
