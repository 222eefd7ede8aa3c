"""Stable ids for what a watch sends, so a receiver can drop a repeat.

Every id is a uuid5 of the watch name and the keys of the hits it carries:
the same hits always get the same id, on any run and any machine. An Atom
entry's id names one hit; a notice's id (a webhook POST's `id` and
`Idempotency-Key`, an e-mail's `Message-ID`) names the hits sent together.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable

# uuid5 namespace for entry, feed and notice ids (a fixed random UUID: never change it).
ID_NAMESPACE = uuid.UUID("6f4d3f1e-54c3-4b7e-9a55-2a0b6c1f8d27")


def entry_id(watch: str, key: str) -> str:
    """The Atom entry id of one hit of a watch."""
    return f"urn:uuid:{uuid.uuid5(ID_NAMESPACE, f'watch/{watch}/{key}')}"


def feed_id(watches: Iterable[str]) -> str:
    return f"urn:uuid:{uuid.uuid5(ID_NAMESPACE, 'feed/' + ','.join(sorted(watches)))}"


def notice_id(watch: str, keys: Iterable[str]) -> str:
    """The id of one notice: these hits of this watch, sent together (order does not matter)."""
    return str(uuid.uuid5(ID_NAMESPACE, f"notice/{watch}/" + "\n".join(sorted(keys))))
