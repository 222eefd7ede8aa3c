"""The README's command reference is the commands' own --help."""

from __future__ import annotations

import pytest

from search_cli.reference import README, readme_with_reference

pytestmark = pytest.mark.database_free


def test_readme_reference_matches_help() -> None:
    current = README.read_text(encoding="utf-8")
    assert readme_with_reference(current) == current, (
        "README.md is out of date: run `python -m search_cli.reference --write`"
    )


def test_every_command_has_help_text() -> None:
    reference = readme_with_reference(README.read_text(encoding="utf-8"))
    assert "### `papers status`" in reference
    assert "### `papers db upgrade`" in reference
