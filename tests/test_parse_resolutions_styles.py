"""Resolutions as different councils print them, and what only looks like one.

All texts here are made up, in the house styles of UK minutes and decision notices.
"""

from __future__ import annotations

import pytest

from indexer.parse.resolutions import no_decision, parse_resolutions

pytestmark = pytest.mark.database_free


def _read(text: str) -> list[tuple[str, str, int]]:
    return [(r.kind, r.text, len(r.clauses)) for r in parse_resolutions(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "RESOLVED: That the statement of accounts be approved.",
            [("resolved", "RESOLVED: That the statement of accounts be approved.", 0)],
        ),
        (
            "RESOLVED UNANIMOUSLY that the petition be referred to the Cabinet.",
            [
                (
                    "resolved",
                    "RESOLVED UNANIMOUSLY that the petition be referred to the Cabinet.",
                    0,
                )
            ],
        ),
        (
            "The Cabinet RESOLVED to approve the parking scheme.",
            [("resolved", "RESOLVED to approve the parking scheme.", 0)],
        ),
        (
            "The Committee AGREED that the review be extended to March.",
            [("resolved", "AGREED that the review be extended to March.", 0)],
        ),
        (
            "It was moved by Councillor Ash, seconded by Councillor Birch and\n"
            "RESOLVED that the fees be increased by 3%.",
            [("resolved", "RESOLVED that the fees be increased by 3%.", 0)],
        ),
        (
            "AGREED: That the item be withdrawn.",
            [("resolved", "AGREED: That the item be withdrawn.", 0)],
        ),
        (
            "RECOMMENDED to Council that the pay policy be adopted.",
            [("recommended", "RECOMMENDED to Council that the pay policy be adopted.", 0)],
        ),
    ],
)
def test_keyword_styles(text: str, expected: list[tuple[str, str, int]]) -> None:
    assert _read(text) == expected


def test_resolved_dash_with_numbered_clauses() -> None:
    [found] = parse_resolutions(
        "Resolved – (1) That the leisure strategy be adopted;\n"
        "(2) That officers report back in June; and\n"
        "(3) That the Chair write to the trust."
    )
    assert found.clauses == [
        "(1) That the leisure strategy be adopted;",
        "(2) That officers report back in June; and",
        "(3) That the Chair write to the trust.",
    ]


@pytest.mark.parametrize(
    ("text", "kind", "clauses"),
    [
        ("Decision made:\nApproved the revised fees and charges.", "resolved", 0),
        (
            "Decision(s) taken:\n1. To approve the plan.\n2. To delegate its delivery.",
            "resolved",
            2,
        ),
        ("DECISION: That the contract be awarded to the lowest bidder.", "resolved", 0),
    ],
)
def test_decision_labels(text: str, kind: str, clauses: int) -> None:
    [found] = parse_resolutions(text)
    assert (found.kind, len(found.clauses)) == (kind, clauses)


def test_a_signed_decision_notice_ends_at_its_reasons() -> None:
    text = "\n".join(
        [
            "Decision:",
            "As Cabinet Member for Highways, I agree to:",
            "A. APPROVE the winter gritting routes; and",
            "B. DELEGATE authority to the Director of Highways to vary them",
            "Reason(s) for decision:",
            "The routes were last reviewed in 2019.",
            "Alternative options considered:",
            "None",
        ]
    )
    [found] = parse_resolutions(text)
    assert [c[:2] for c in found.clauses] == ["A.", "B."]
    assert "Reason" not in found.text and "2019" not in found.text


@pytest.mark.parametrize(
    "text",
    [
        "Decision:\nThere were none.",
        "Decision: None",
        "DECISION:\nNo decisions were taken.",
        "Decision:",
        # A motion agreed, with no decision text of its own; the next paragraph is not one.
        "Councillor Ash moved, and Councillor Birch seconded, that a minute's silence be held.\n"
        "Agreed unanimously.\n3) The Mayor thanked the members of the public.",
        "AGREED.",
        # Proposed, not recorded.
        "It was proposed by Councillor Ash and seconded by Councillor Birch that it be\n"
        "RESOLVED that the library stay open.\nOn being put to the vote the motion was lost.",
        # In a quoted motion or amendment.
        "Councillor Ash moved the following motion:\n"
        "“This Council\nRESOLVED to oppose the closure of the depot.”\nMotion lost.",
        "Councillor Birch moved an amendment “that the Council AGREED the plan”. Amendment lost.",
        # A proposal: a decision Cabinet is asked to take.
        "Decision:\nThe Cabinet is asked to:\n(a) approve the plan;\n(b) note the risks.",
        "Decision: Cabinet propose to:\na) ADOPT the strategy.",
        "PROPOSED RECORD OF DECISION\nDecision:\nCabinet agree to:\nA) the commissioning plan",
        "The Committee is asked to RESOLVE that:\n1. the scheme be approved.",
        "The Cabinet is RECOMMENDED to:\n(a) approve the scheme.",
        "Recommendations\nThat the report be noted.",
    ],
)
def test_not_resolutions(text: str) -> None:
    assert parse_resolutions(text) == []


def test_a_motion_carried_then_resolved_after_an_unclosed_quotation() -> None:
    text = "\n".join(
        [
            "1) Councillor Ash proposed, and Councillor Birch seconded the motion that",
            "“The Council is asked to adopt the cycling plan.",
            "2) The Chair put the motion to the vote.",
            "For (30)",
            "Against (2)",
            "Motion carried.",
            "3) RESOLVED that the Council adopts the cycling plan.",
        ]
    )
    assert _read(text) == [("resolved", "RESOLVED that the Council adopts the cycling plan.", 0)]


def test_clauses_in_sequence_and_the_minute_going_on() -> None:
    text = "\n".join(
        [
            "8) RESOLVED that the Council resolves:",
            "1. To support local bus services.",
            "2. To write to the operator and",
            "the regional mayor.",
            "3. To review the position in a year.",
            "9) The Chair proposed that the meeting continue beyond 5pm.",
        ]
    )
    [found] = parse_resolutions(text)
    assert [c[:2] for c in found.clauses] == ["1.", "2.", "3."]
    assert found.clauses[1] == "2. To write to the operator and the regional mayor."
    assert "Chair proposed" not in found.text


def test_a_closed_resolution_takes_no_following_paragraph() -> None:
    text = (
        "1. RESOLVED that Councillor Ash be elected Vice-Chair.\n"
        "2. The Chair welcomed the new members."
    )
    assert _read(text) == [("resolved", "RESOLVED that Councillor Ash be elected Vice-Chair.", 0)]


def test_upper_case_lettered_clauses_and_sub_clauses() -> None:
    text = "\n".join(
        [
            "RESOLVED that the Panel:",
            "A) notes the report;",
            "B) agrees the action plan, subject to:",
            "(i) a review in May;",
            "(ii) a report to Cabinet;",
            "C) asks for the results to be published.",
        ]
    )
    [found] = parse_resolutions(text)
    assert [c[:2] for c in found.clauses] == ["A)", "B)", "C)"]
    assert found.clauses[1].endswith("(ii) a report to Cabinet;")


@pytest.mark.parametrize(
    ("text", "kind", "clauses"),
    [
        ("That the report be noted.", "resolved", 0),
        ("That the recommendations be approved.", "resolved", 0),
        ("(1) that the minutes be approved;\n(2) that the action log be noted.", "resolved", 2),
        ("Cabinet agreed to approve the recommendations in the report.", "resolved", 0),
        ("The Committee unanimously agreed to defer the item.", "resolved", 0),
        ("The Panel noted the report.", "noted", 0),
        ("The Committee noted the quarterly performance update.", "noted", 0),
        ("The recommendations in the report were approved.", "resolved", 0),
    ],
)
def test_decisions_in_prose_where_no_keyword_is_printed(text: str, kind: str, clauses: int) -> None:
    [found] = parse_resolutions(f"The officer introduced the item.\n{text}")
    assert (found.kind, found.text, len(found.clauses)) == (kind, text, clauses)


@pytest.mark.parametrize(
    "text",
    [
        "The Committee noted that the figures had improved.",
        "The committee received and noted the work programme.",
        "Members agreed that more information was needed.",
        "That was a concern shared by residents.",
        "That the scheme would be popular was not in doubt.",
        "The Cabinet agreed to the following amendment:\n(a) the date be changed.",
    ],
)
def test_prose_that_is_no_decision(text: str) -> None:
    assert parse_resolutions(text) == []


def test_prose_is_read_only_where_no_keyword_is() -> None:
    text = "The Committee noted the update.\nRESOLVED that the report be noted."
    assert _read(text) == [("resolved", "RESOLVED that the report be noted.", 0)]


def test_a_stray_quotation_mark_hides_no_later_resolution() -> None:
    text = 'The officer said the "interim figures were provisional.\nRESOLVED that it be noted.'
    assert _read(text) == [("resolved", "RESOLVED that it be noted.", 0)]


@pytest.mark.parametrize(
    ("text", "none"),
    [
        ("There were none.", True),
        ("None", True),
        ("N/A", True),
        ("No decisions were taken.", True),
        ("RESOLVED that the report be noted.", False),
        ("Noted", False),
        ("None of the three bids be accepted.", False),
    ],
)
def test_no_decision(text: str, none: bool) -> None:
    assert no_decision(text) is none


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The recommendations were AGREED.", ["The recommendations were AGREED."]),
        (
            "The recommendations set out in the report were\nAGREED.",
            ["The recommendations set out in the report were AGREED."],
        ),
        ("The motion was AGREED.", []),  # a motion agreed, with no decision text
        ("4. Resolved that the plan be adopted.", ["Resolved that the plan be adopted."]),
        # A clause "(a) Agreed to ..." stays in its resolution.
        (
            "RESOLVED that the Committee:\n(a) Agreed to the budget;\n(b) Noted the risks.",
            ["RESOLVED that the Committee:\n(a) Agreed to the budget;\n(b) Noted the risks."],
        ),
    ],
)
def test_agreed_recommendations_and_numbered_paragraphs(text: str, expected: list[str]) -> None:
    assert [r.text for r in parse_resolutions(text)] == expected


def test_a_printed_decision_sheet_ends_each_decision_at_its_fields() -> None:
    text = "\n".join(
        [
            "Decision:",
            "The Executive approved the parking strategy, with the changes in Annex B",
            "Interests and nature of interests declared:",
            "None",
            "Publication date: 3 March 2026",
            "Effective from: 11 March 2026",
        ]
    )
    [found] = parse_resolutions(text)
    assert found.text == (
        "Decision: The Executive approved the parking strategy, with the changes in Annex B"
    )


def test_many_refused_keywords_in_one_line() -> None:
    # Each keyword is refused (proposed, or quoted): the line is read once, not once per keyword.
    assert parse_resolutions("it should be RESOLVED " * 20_000) == []
    assert parse_resolutions("\u201c" + "AGREED " * 20_000) == []


def test_clause_brackets_printed_unevenly() -> None:
    [found] = parse_resolutions("RESOLVED that:\n(a) the plan be adopted;\nb) the fees be frozen.")
    assert [c[:3] for c in found.clauses] == ["(a)", "b) "]
