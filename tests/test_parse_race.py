"""Two processes reading the same pack at once: the one that loses the race reads it again.

Real PostgreSQL, two engines: one transaction holds a parse of the pack
uncommitted while a second parse runs into its rows (it waits on the unique
index), then the first commits and the second hits UniqueViolation.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, func, select, text
from sqlalchemy.orm import Session

from indexer.db import make_engine, open_database
from indexer.home import Home
from indexer.models import Document, DocumentPart
from indexer.process import extract_documents, parse_document, parse_documents
from tests.extract_support import make_pdf
from tests.process_support import PACK_PAGES, add_document, add_meeting

WAIT_LIMIT = 60.0  # seconds; only catches a hang


def _waiting_on_a_lock(engine: Engine) -> bool:
    with engine.connect() as connection:
        waiting = connection.execute(
            text(
                "SELECT count(*) FROM pg_stat_activity"
                " WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
        ).scalar()
    return bool(waiting)


def test_a_parse_that_loses_a_race_is_retried_not_recorded_as_failed(
    tmp_path: Path, postgres_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    home = Home(tmp_path / "home", postgres_url).ensure()
    engine = open_database(home)
    meeting = add_meeting(engine, datetime(2018, 9, 20, 19, 0), [])
    pages = PACK_PAGES
    pack_pdf = make_pdf(tmp_path / "pack.pdf", pages)
    pack = add_document(engine, home, meeting, pack_pdf, "agenda_pack", "pack.pdf")
    extract_documents(engine, home, workers=1)
    first, second = make_engine(postgres_url), make_engine(postgres_url)
    result: dict[str, Any] = {}

    def second_parse() -> None:
        result["counts"] = parse_documents(second, home=home)

    caplog.set_level(logging.INFO, logger="indexer.store.races")
    with Session(first) as session, session.begin():
        document = session.get(Document, pack)
        assert document is not None
        parse_document(session, document, home)
        session.flush()  # the first parse's rows, not yet committed
        racer = threading.Thread(target=second_parse)
        racer.start()
        deadline = time.monotonic() + WAIT_LIMIT
        while not _waiting_on_a_lock(engine):
            assert time.monotonic() < deadline, "the second parse never reached the first's rows"
            time.sleep(0.05)
    racer.join(WAIT_LIMIT)
    assert not racer.is_alive()

    assert "another process wrote the same rows first; trying again" in caplog.text
    assert result["counts"]["documents"] == 1
    assert result["counts"].get("parse_failed", 0) == 0
    with Session(engine) as session:
        stored = session.get(Document, pack)
        assert stored is not None and stored.error is None and stored.parsed_at is not None
        starts = Counter(
            session.scalars(select(DocumentPart.page_start).where(DocumentPart.document_id == pack))
        )
        assert starts and set(starts.values()) == {1}
        assert session.scalar(select(func.count()).select_from(Document)) == 1
    for each in (first, second, engine):
        each.dispose()
