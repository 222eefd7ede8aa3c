"""Two runs sharing a home take turns, and the second says it is waiting."""

from __future__ import annotations

import threading
from pathlib import Path

from indexer.locks import exclusive


def test_second_holder_waits_and_says_so(tmp_path: Path) -> None:
    lock = tmp_path / "home" / "watch.lock"
    said: list[str] = []
    order: list[str] = []

    def second() -> None:
        with exclusive(lock, "`papers watch run`", said.append):
            order.append("second")

    with exclusive(lock, "`papers watch run`"):
        thread = threading.Thread(target=second)
        thread.start()
        thread.join(timeout=0.5)
        assert thread.is_alive()  # blocked while the first holds the lock
        order.append("first")
    thread.join(timeout=5)
    assert order == ["first", "second"]
    assert said == [
        "Another `papers watch run` is running in this home; waiting for it to finish..."
    ]
