"""Attendance from the web page and the printed minutes becomes one list."""

from __future__ import annotations

import pytest

from indexer.models import Meeting
from indexer.store.attendance import add_attendance

pytestmark = pytest.mark.database_free


def test_names_and_roles_from_two_sources_are_merged() -> None:
    meeting = Meeting()
    page = [("Councillor Ann Lee", "chair"), ("Bob Grey", "also_present")]
    assert add_attendance(meeting, page) == 2
    minutes = [("Ann  Lee", "chair"), ("Bob Grey", "officer"), ("Cllr Cy Wu", "apologies")]
    assert add_attendance(meeting, minutes) == 2
    assert sorted((a.person, a.role) for a in meeting.attendances) == [
        ("Bob Grey", "officer"),
        ("Cllr Cy Wu", "apologies"),
        ("Councillor Ann Lee", "chair"),
    ]
    # Seen as an officer, "also present" adds nothing.
    assert add_attendance(meeting, [("Bob Grey", "also_present")]) == 0
