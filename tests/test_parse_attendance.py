"""Attendance read from minutes in several councils' house styles: labelled lists,
apologies written as sentences, substitutes, initials, honours and section markers
run into names, and the chair however it is shown. The texts are made up."""

from __future__ import annotations

import pytest

from indexer.parse.attendance import clean_name, names
from indexer.parse.minutes import parse_minutes
from indexer.parse.types import ParsedAttendance

pytestmark = pytest.mark.database_free


def people(text: str) -> list[tuple[str, str]]:
    return [(a.person, a.role) for a in parse_minutes([text]).attendance]


def test_honours_are_not_people_with_or_without_a_comma() -> None:
    got = people(
        "Minutes of the Licensing Committee held on 4 May 2026\n"
        "PRESENT: Mr B J Waller (Chairman), Mrs C Dunn, MBE (Vice-Chairman), Mr P Hale, OBE,\n"
        "Sir John Carr, CBE, Mr T Kemp JP, Ms R Oduya DL and Dr F Lamb\n"
        "1. Apologies\n"
        "Apologies were received from Mr R Lowe OBE, Ms K Lyle, and Ms A Fenn.\n"
    )
    assert got == [
        ("Mr B J Waller", "chair"),
        ("Mrs C Dunn", "vice_chair"),  # the role printed after the honour is hers
        ("Mr P Hale", "member"),
        ("Sir John Carr", "member"),
        ("Mr T Kemp", "member"),
        ("Ms R Oduya", "member"),
        ("Dr F Lamb", "member"),
        ("Mr R Lowe", "apologies"),
        ("Ms K Lyle", "apologies"),
        ("Ms A Fenn", "apologies"),  # "A" is her initial, not the article
    ]


def test_section_markers_end_a_list_and_are_cut_from_a_name() -> None:
    got = people(
        "Minutes of the Cabinet held on 2 June 2026\n"
        "Present: Councillors Ann Hope (Chair), Ben Lusk and\n"
        "John Francis PART ONE\n"
        "In attendance: Mr J Cole (Democratic Services Manager)\n"
        "UNRESTRICTED ITEMS\n"
        "PART 1 – ITEMS CONSIDERED IN PUBLIC\n"
        "1. Apologies for absence\n"
        "No apologies were received.\n"
    )
    assert got == [
        ("Ann Hope", "chair"),
        ("Ben Lusk", "member"),
        ("John Francis", "member"),
        ("Mr J Cole", "also_present"),
    ]


def test_apologies_reported_in_sentences() -> None:
    got = people(
        "Minutes of the County Council held on 8 January 2026\n"
        "PRESENT: Mr A Abel, Mrs B Bird and Ms C Cole\n"
        "12. Apologies for Absence\n"
        "The Head of Democratic Services reported apologies from Mr D Dale, Mrs\n"
        "E Eade, Miss F Fry and Mr G Gill.\n"
        "The Chairman reported apologies from Mr H Hunt.\n"
        "Ms J Judd had sent her formal apologies but watched the meeting online.\n"
        "Mr K Kerr and Mrs L Lamb were in attendance virtually.\n"
        "13. Declarations of Interest\n"
        "None.\n"
    )
    assert [p for p, role in got if role == "apologies"] == [
        "Mr D Dale",
        "Mrs E Eade",  # the title at one line's end, the name on the next
        "Miss F Fry",
        "Mr G Gill",
        "Mr H Hunt",
        "Ms J Judd",
    ]
    assert ("Mr K Kerr", "apologies") not in got  # attending virtually is attending


def test_substitutes_are_not_apologies() -> None:
    got = people(
        "Minutes of the Planning Committee held on 3 March 2026 at 7.00 pm\n"
        "Councillors Present: Councillor Ann Lee (Chair); Councillors Bob Grey, Cy Wu and Dee Fox\n"
        "Also present (virtually): Councillor Eve Hart\n"
        "Officers: John Doe (Head of Planning), Mary Roe (Solicitor)\n"
        "Apologies for absence were received from Councillor Gus Ng (Councillor Hal Oates\n"
        "substituting), Councillor Ida Pike, who was substituted by Councillor Jo Quinn, and\n"
        "Councillor Kit Reed.\n"
        "PL/26/001 Declarations of interest\n"
        "There were none.\n"
    )
    assert got == [
        ("Ann Lee", "chair"),
        ("Bob Grey", "member"),
        ("Cy Wu", "member"),
        ("Dee Fox", "member"),
        ("Eve Hart", "also_present"),
        ("John Doe", "officer"),
        ("Mary Roe", "officer"),
        ("Gus Ng", "apologies"),
        ("Ida Pike", "apologies"),
        ("Kit Reed", "apologies"),
    ]


def test_initials_with_full_stops_and_a_labelled_apologies_list() -> None:
    got = people(
        "Minutes of the Audit Board held on 1 June 2026\n"
        "Members present: R. Clarke (Chair), S. R. Colella, T. Dunn and U. V. Eke\n"
        "Apologies: Councillors E. Frost and F. Green\n"
        "C.12 Minutes of the last meeting\n"
        "RESOLVED that the minutes be approved.\n"
    )
    assert got == [
        ("R. Clarke", "chair"),
        ("S. R. Colella", "member"),
        ("T. Dunn", "member"),
        ("U. V. Eke", "member"),
        ("E. Frost", "apologies"),
        ("F. Green", "apologies"),
    ]


def test_one_name_a_line_and_a_bare_list_under_the_apologies_minute() -> None:
    got = people(
        "Minutes of the Cabinet held on 10 July 2026\n"
        "Present: Councillor Ann Lee (Chair), Councillor Bob Grey\n"
        "Officers:\n"
        "John Doe - Head of Planning\n"
        "Mary Roe - Solicitor\n"
        "1. Apologies for Absence\n"
        "Councillor Cy Wu and Councillor Dee Fox.\n"
        "2. Minutes\n"
        "RESOLVED that the minutes be approved.\n"
    )
    assert got == [
        ("Ann Lee", "chair"),
        ("Bob Grey", "member"),
        ("John Doe", "officer"),
        ("Mary Roe", "officer"),
        ("Cy Wu", "apologies"),
        ("Dee Fox", "apologies"),
    ]


def test_the_chair_however_it_is_shown() -> None:
    mayor = people(
        "Minutes of the Council held on 9 July 2026\n"
        "PRESENT: The Mayor (Councillor Jo King) in the Chair\n"
        "Councillors Al Bee, Cat Dee, Ed Fay\n"
        "1. Announcements\n"
    )
    assert mayor == [
        ("Jo King", "chair"),
        ("Al Bee", "member"),
        ("Cat Dee", "member"),
        ("Ed Fay", "member"),
    ]
    in_the_chair = people(
        "Minutes of the Schools Forum held on 9 July 2026\n"
        "Present: Mrs A Ames, Mr B Bell, Ms C Cray\n"
        "(Mr B Bell in the Chair)\n"
        "1. Apologies\n"
    )
    assert ("Mr B Bell", "chair") in in_the_chair
    assert ("Mr B Bell", "member") not in in_the_chair
    elected = people(
        "Minutes of the County Council held on 9 January 2026\n"
        "PRESENT: Mr A Abel, Mr G Cope, Mrs B Bird\n"
        "Election of Chair\n"
        "1. Mr Abel proposed, and Mrs Bird seconded, that Mr G Cope be elected\n"
        "to chair the meeting.\n"
        "2. RESOLVED that Mr Cope be elected to chair the meeting.\n"
        "5. Apologies for Absence\n"
    )
    assert elected == [
        ("Mr A Abel", "member"),
        ("Mr G Cope", "chair"),
        ("Mrs B Bird", "member"),
    ]


def test_what_is_not_a_name() -> None:
    for text in (
        "OBE",
        "Cabinet Member for Integrated Services",
        "who was substituted by Councillor B",
        "UNRESTRICTED ITEMS",
        "Apologies for Absence",
        "The Democratic Services Manager",
        "None",
        "Election of Chair",
        "x" * 300,
    ):
        assert clean_name(text) is None, text
    assert clean_name("Councillor Ann Lee-Smith, MBE") == "Ann Lee-Smith"
    assert clean_name("Mr B J Sweetland (Chairman)") == "Mr B J Sweetland"
    assert clean_name("Diane Neil mills") == "Diane Neil mills"  # as printed
    assert names("Sue Cole, Cabinet Member for Children's Services.", "also_present") == [
        ParsedAttendance("Sue Cole", "also_present")
    ]


def test_hostile_attendance_is_bounded() -> None:
    minutes = parse_minutes(
        [
            "Present: " + "OBE " * 5000 + "\n"
            "Apologies were received from " + "Mr A, " * 5000 + "\n" + "MBE, " * 5000 + "\n",
            "The Clerk reported apologies from " + ("Mr " * 3000) + "\n" + "(" * 5000,
        ]
    )
    assert all(len(a.person) < 200 for a in minutes.attendance)
    # Unclosed brackets, endless "(Item N)" headings, numbered lines without end.
    brackets = parse_minutes(["PRESENT: " + "(" * 50_000 + "\n" + ")" * 50_000])
    assert brackets.attendance == []
    refs = parse_minutes(["\n".join(["Heading Title Here", "(Item 1)"] * 5000)])
    assert len(refs.items) == 5000
    numbered = parse_minutes(["\n".join(f"{n}. Report Number {n}" for n in range(1, 1000))])
    assert len(numbered.items) == 999


def test_a_name_wrapped_over_two_lines_stays_one_name() -> None:
    got = people(
        "Minutes of the Board held on 1 May 2026\n"
        "Present: Councillor Ann Lee (Chair), Councillor Bob\n"
        "Grey and Councillor Cy Wu\n"
        "Also present: Councillor Andrew\n"
        "Kirk\n"
        "1. Apologies\n"
    )
    assert got == [
        ("Ann Lee", "chair"),
        ("Bob Grey", "member"),
        ("Cy Wu", "member"),
        ("Andrew Kirk", "also_present"),
    ]


def test_lists_under_labels_of_their_own_with_jobs_after_names() -> None:
    got = people(
        "Minutes of the Environment Committee held on 3 March 2026\n"
        "Members Present\n"
        "Councillor Amy Ash (Chair)\n"
        "Councillor Ben Birch\n"
        "Officers in attendance\n"
        "Dan Dale, Head of Environment\n"
        "Eve Elm, Committee Officer\n"
        "Apologies\n"
        "Councillor Fay Fir\n"
        "ENV/26/1 Apologies for absence\n"
        "As above.\n"
    )
    assert got == [
        ("Amy Ash", "chair"),
        ("Ben Birch", "member"),
        ("Dan Dale", "officer"),
        ("Eve Elm", "officer"),
        ("Fay Fir", "apologies"),
    ]


def test_surnames_only_after_a_councillors_label_and_the_mayor_in_the_chair() -> None:
    got = people(
        "Minutes of the meeting of Council held on 20 February 2026 at 6.30 pm\n"
        "Present: The Mayor, Councillor Sara Khan (in the Chair)\n"
        "Councillors: Adams, Baker, Clarke\n"
        "1 Apologies for absence\n"
        "Apologies for absence were received from Councillors Green, Hall and Irving.\n"
    )
    assert got == [
        ("Sara Khan", "chair"),
        ("Adams", "member"),
        ("Baker", "member"),
        ("Clarke", "member"),
        ("Green", "apologies"),
        ("Hall", "apologies"),
        ("Irving", "apologies"),
    ]


def test_apologies_after_a_colon_and_from_several_groups() -> None:
    got = people(
        "Minutes of the Schools Forum held on 5 May 2026\n"
        "Present: Mrs A Ames (Chair), Mr B Bell\n"
        "1. Apologies\n"
        "The following apologies for absence were received:\n"
        "Councillor C Cray and Mrs D Dunn.\n"
        "Apologies were also received from Councillors E Eve and F Fox, and from Mr G Gray\n"
        "(co-opted member).\n"
    )
    assert [p for p, role in got if role == "apologies"] == [
        "C Cray",
        "Mrs D Dunn",
        "E Eve",
        "F Fox",
        "Mr G Gray",
    ]
