"""Live progress lines on stderr for the long stages of crawl and import.

Each display is a `with` block, so it stops (and clears its line) however
the block ends, Ctrl-C included; the command's own output follows it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from search_cli.output import err_console

if TYPE_CHECKING:
    from indexer.process import ReadingProgress

# What each reading stage is doing, in words.
STAGES = {"text": "reading the text of", "structure": "reading agendas and minutes from"}


def _quiet(stage: str, done: int, total: int) -> None:
    pass


@contextmanager
def reading_progress(label: str) -> Iterator[ReadingProgress]:
    """ "kingston: reading the text of papers 3/12": done/total of the stage running."""
    from rich.progress import Progress, SpinnerColumn, TextColumn

    if not err_console.is_terminal:  # a log file or a pipe: no live line to draw
        yield _quiet
        return
    progress = Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        console=err_console,
        transient=True,
    )
    task = progress.add_task(f"{label}: reading papers")

    def update(stage: str, done: int, total: int) -> None:
        words = STAGES.get(stage, "reading")
        progress.update(task, description=f"{label}: {words} papers {done}/{total}")

    with progress:
        yield update
