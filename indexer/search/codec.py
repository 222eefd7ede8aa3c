"""Whoosh's default codec, with two costs of writing a segment taken out.

Field lengths: when a segment is written, Whoosh looks up the document's
field length for every posting (to keep per-block length statistics), with a
seek and a read in the length column each time: millions of lookups for a
large build. Here each field's lengths are read into a list once, and the
lookups index it.

Rare terms: most terms (and most word pairs) occur in one or two units, yet
each got a posting block of its own in the postings file: a header, a pickle
and a zlib stream per term, which was most of the CPU time of a build. The
format lets a short posting list live inline in the term's entry instead
(readers of every Whoosh version read it), but Whoosh 2.7's writer calls a
misspelt method when asked to, so its default limit of 1 inlines nothing.
Here lists of fewer than INLINE_LIMIT postings are inlined.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from whoosh.codec.whoosh3 import (
    LENGTHS_COLUMN,
    W3Codec,
    W3FieldWriter,
    W3PostingsWriter,
    W3TermInfo,
    _lenfield,
)
from whoosh.util.numeric import byte_to_length

# Postings kept in the term's entry below this many; longer lists get blocks
# (which searches can skip through).
INLINE_LIMIT = 16


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


class _PostingsWriter(W3PostingsWriter):
    def finish_postings(self) -> W3TermInfo:
        # W3PostingsWriter.finish_postings, with set_inlined spelt as W3TermInfo has it.
        if self.written() or len(self) >= self._inlinelimit:
            return super().finish_postings()
        terminfo: W3TermInfo = self._terminfo  # type: ignore[has-type]
        terminfo.add_block(self)
        terminfo.set_inlined(self._ids, self._weights, self._values)
        self._terminfo = None
        return terminfo


class PapersCodec(W3Codec):
    def __init__(self, inlinelimit: int = INLINE_LIMIT) -> None:
        super().__init__(inlinelimit=inlinelimit)

    def field_writer(self, storage: Any, segment: Any) -> W3FieldWriter:
        return _FieldWriter(self, storage, segment)

    def postings_writer(self, dbfile: Any, byteids: bool = False) -> W3PostingsWriter:
        return _PostingsWriter(
            dbfile,
            blocklimit=self._blocklimit,
            byteids=byteids,
            compression=self._compression,
            inlinelimit=self._inlinelimit,
        )
