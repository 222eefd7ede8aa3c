"""Transactions that lose a race are run again, not recorded as failures.

Two processes reading the same document at once (two workers, an overlapping
cron run) both delete its old rows and both insert new ones; the second to
commit hits a unique constraint (IntegrityError). That is a lost race, not a
bad document: roll back and do the work again, now seeing the winner's rows.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

log = logging.getLogger(__name__)

T = TypeVar("T")

# A race is lost at most once per competitor; the same clash this many times is no race.
ATTEMPTS = 3


def in_own_transaction(engine: Engine, work: Callable[[Session], T], what: str) -> T:
    """`work(session)` in a transaction of its own, run again when it loses a race.

    The last attempt's IntegrityError propagates: the caller decides what a
    clash that repeats means.
    """
    for attempt in range(1, ATTEMPTS + 1):
        try:
            with Session(engine) as session, session.begin():
                return work(session)
        except IntegrityError:
            if attempt == ATTEMPTS:
                raise
            log.info("%s: another process wrote the same rows first; trying again", what)
    raise AssertionError("unreachable: the last attempt returns or raises")
