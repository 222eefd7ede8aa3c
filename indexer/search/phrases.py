"""Fast exact phrases: find candidates by word pairs, confirm on the text.

A phrase of three or more words is a positional query over its word pairs,
and Whoosh checks positions in pure Python for every document that has all
the pairs, which dominates the time of a common phrase over a large index.
When only the top hits are wanted, the pairs are searched without positions
(cheap, ranked, skippable), and only the hits about to be shown are confirmed
against their own text, tokenised exactly as the index tokenised it.
"""

from __future__ import annotations

import fnmatch
from typing import Any

from whoosh import query as q

from indexer.search.analysis import PAIR_SEPARATOR, words

# Stored fields that a query may name (`council:thurrock`), compared as stored.
_STORED_FIELDS = {"council", "type", "document_kind"}


class CannotConfirm(Exception):
    """The query has a part that cannot be checked against a hit's text."""


def has_phrase(node: q.Query) -> bool:
    return isinstance(node, q.Phrase) or any(has_phrase(c) for c in node.children())


def loosen(node: q.Query) -> q.Query:
    """The query with each positional phrase replaced by the AND of its pairs."""
    if isinstance(node, q.Phrase):
        return q.And([q.Term(node.fieldname, w) for w in node.words])
    if node.is_leaf():
        return node
    return node.apply(loosen)


def _phrase_in(phrase_words: list[str], tokens: list[str], starts: dict[str, list[int]]) -> bool:
    size = len(phrase_words)
    return any(tokens[i : i + size] == phrase_words for i in starts.get(phrase_words[0], ()))


class Confirmer:
    """Decides whether one stored hit really matches the exact query."""

    def __init__(self, stored: dict[str, Any]) -> None:
        self.stored = stored
        self.tokens = words(stored.get("text", ""))
        self.starts: dict[str, list[int]] = {}
        for i, token in enumerate(self.tokens):
            self.starts.setdefault(token, []).append(i)
        self.pairs = {
            a + PAIR_SEPARATOR + b for a, b in zip(self.tokens, self.tokens[1:], strict=False)
        }

    def __call__(self, node: q.Query) -> bool:
        name = getattr(node, "fieldname", None)
        if isinstance(node, q.Phrase) and name == "pairs":
            first = node.words[0].split(PAIR_SEPARATOR)
            rest = [pair.split(PAIR_SEPARATOR)[1] for pair in node.words[1:]]
            return _phrase_in(first + rest, self.tokens, self.starts)
        if isinstance(node, q.Term):
            if name == "text":
                return node.text in self.starts
            if name == "pairs":
                return node.text in self.pairs
            if name in _STORED_FIELDS:
                return str(self.stored.get(name, "")).lower() == node.text
            if name == "committee":
                return node.text in words(self.stored.get("committee") or "")
        if isinstance(node, q.Prefix) and name == "text":
            return any(token.startswith(node.text) for token in self.starts)
        if isinstance(node, q.Wildcard) and name == "text":
            return any(fnmatch.fnmatchcase(token, node.text) for token in self.starts)
        if isinstance(node, q.ConstantScoreQuery | q.NumericRange | q.DateRange):
            return True  # the filters, already applied by the loose query
        if isinstance(node, q.And):
            return all(self(c) for c in node.children())
        if isinstance(node, q.Or):
            return any(self(c) for c in node.children())
        if isinstance(node, q.AndNot):
            return self(node.a) and not self(node.b)
        if isinstance(node, q.AndMaybe):
            return self(node.a)
        if isinstance(node, q.Not):
            return not self(node.query)
        raise CannotConfirm(type(node).__name__)
