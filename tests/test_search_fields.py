"""The fast indexing fields make exactly the terms of the analyzers they replace."""

from __future__ import annotations

import pytest
from whoosh.fields import TEXT

from indexer.search.analysis import PairsField, WordsField, pair_analyzer, word_analyzer

TEXTS = [
    "",
    "care",
    "Edge of care: children's services, e.g. 1.5 FTE; the edge of CARE.",
    "İstanbul STRAßE École _under_score a.b.c. 3,4 the the the",
    "Minutes\nof the meeting of the Children and Young People Committee",
]


@pytest.mark.parametrize("text", TEXTS)
def test_words_field_indexes_like_the_word_analyzer(text: str) -> None:
    reference = TEXT(analyzer=word_analyzer(), phrase=False)
    assert sorted(WordsField().index(text)) == sorted(reference.index(text))


@pytest.mark.parametrize("text", TEXTS)
def test_pairs_field_indexes_like_the_pair_analyzer(text: str) -> None:
    reference = TEXT(analyzer=pair_analyzer(), phrase=True)
    assert sorted(PairsField().index(text)) == sorted(reference.index(text))
