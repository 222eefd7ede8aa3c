"""The fast indexing parts write exactly what Whoosh's own parts would."""

from __future__ import annotations

from pathlib import Path

import pytest
from whoosh import index
from whoosh.fields import TEXT

from indexer.search.analysis import PairsField, WordsField, pair_analyzer, word_analyzer
from indexer.search.codec import PapersCodec
from indexer.search.schema import SCHEMA

pytestmark = pytest.mark.database_free

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


def _term_stats(directory: Path, codec: object) -> list[tuple[object, ...]]:
    ix = index.create_in(str(directory), SCHEMA)
    writer = ix.writer(codec=codec) if codec else ix.writer()
    for n, text in enumerate(TEXTS * 3):
        writer.add_document(id=str(n), text=text * (n + 1), pairs=text * (n + 1))
    writer.commit()
    with ix.reader() as reader:
        infos = [
            (field, term, reader.term_info(field, term))
            for field, term in reader.all_terms()
            if field in ("text", "pairs")
        ]
        return [(f, t, i.min_length(), i.max_length(), i.weight()) for f, t, i in infos]


def test_papers_codec_writes_the_same_length_statistics(tmp_path: Path) -> None:
    (tmp_path / "default").mkdir()
    (tmp_path / "papers").mkdir()
    expected = _term_stats(tmp_path / "default", None)
    assert expected and _term_stats(tmp_path / "papers", PapersCodec()) == expected


def _postings(directory: Path, codec: object) -> tuple[dict[tuple[str, bytes], object], int]:
    """Every term's postings as read back, and how many terms were stored inline."""
    ix = index.create_in(str(directory), SCHEMA)
    writer = ix.writer(codec=codec) if codec else ix.writer()
    for n in range(40):  # "care" in every unit: a list too long to inline
        text = f"care {TEXTS[n % len(TEXTS)]} unit{n}"
        writer.add_document(id=str(n), text=text, pairs=text)
    writer.commit()
    postings: dict[tuple[str, bytes], object] = {}
    inlined = 0
    with ix.reader() as reader:
        for field, term in reader.all_terms():
            if field not in ("text", "pairs"):
                continue
            inlined += reader.term_info(field, term).is_inlined()
            matcher = reader.postings(field, term)
            read = []
            while matcher.is_active():
                read.append((matcher.id(), matcher.weight(), matcher.value()))
                matcher.next()
            postings[(field, term)] = read
    return postings, inlined


def test_papers_codec_inlines_rare_terms_and_reads_back_the_same_postings(
    tmp_path: Path,
) -> None:
    (tmp_path / "default").mkdir()
    (tmp_path / "papers").mkdir()
    expected, none_inlined = _postings(tmp_path / "default", None)
    postings, inlined = _postings(tmp_path / "papers", PapersCodec())
    assert postings == expected
    assert none_inlined == 0
    # "unit7" is in one unit, "care" in all 40: only the short lists are inline.
    assert 0 < inlined < len(postings)
