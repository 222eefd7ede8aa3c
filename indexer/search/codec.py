"""Whoosh's default codec, with field lengths read once per segment write.

When a segment is written, Whoosh looks up the document's field length for
every posting (to keep per-block length statistics), with a seek and a read
in the length column each time: millions of lookups for a large build. Here
each field's lengths are read into a list once, and the lookups index it.
The files written are exactly the default codec's.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3Codec, W3FieldWriter, _lenfield
from whoosh.util.numeric import byte_to_length


class _ListedLengths:
    """A per-document reader's `doc_field_length`, from lists read once."""

    def __init__(self, lengths: Any) -> None:
        self._lengths = lengths
        self._fields: dict[str, list[int | None] | None] = {}

    def _listed(self, fieldname: str) -> list[int | None] | None:
        if fieldname not in self._fields:
            lenfield = _lenfield(fieldname)
            if self._lengths.has_column(lenfield):
                column = self._lengths.column_reader(lenfield, LENGTHS_COLUMN)
                count = self._lengths.doc_count_all()
                self._fields[fieldname] = [
                    byte_to_length(b) if b else None for b in (column[n] for n in range(count))
                ]
            else:
                self._fields[fieldname] = None
        return self._fields[fieldname]

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int | None:
        listed = self._listed(fieldname)
        return default if listed is None else listed[docnum]


class _FieldWriter(W3FieldWriter):
    def add_postings(self, schema: Any, lengths: Any, items: Iterable[Any]) -> None:
        super().add_postings(schema, _ListedLengths(lengths) if lengths else lengths, items)


class PapersCodec(W3Codec):
    def field_writer(self, storage: Any, segment: Any) -> W3FieldWriter:
        return _FieldWriter(self, storage, segment)
