"""Council jargon: acronyms and their long forms, searched as one.

A query for "LAC" also finds "looked after children", and a quoted
"looked after children" also finds "LAC". `--exact` turns this off.
"""

from __future__ import annotations

from indexer.search.analysis import words

GLOSSARY: dict[str, str] = {
    "lac": "looked after children",
    "cla": "children looked after",
    "send": "special educational needs and disabilities",
    "sen": "special educational needs",
    "ehcp": "education health and care plan",
    "cse": "child sexual exploitation",
    "cce": "child criminal exploitation",
    "camhs": "child and adolescent mental health services",
    "semh": "social emotional and mental health",
    "sencos": "special educational needs coordinators",
    "senco": "special educational needs coordinator",
    "asd": "autism spectrum disorder",
    "adhd": "attention deficit hyperactivity disorder",
    "pru": "pupil referral unit",
    "neet": "not in education employment or training",
    "uasc": "unaccompanied asylum seeking children",
    "lado": "local authority designated officer",
    "mash": "multi agency safeguarding hub",
    "lscb": "local safeguarding children board",
    "ofsted": "office for standards in education",
    "dsg": "dedicated schools grant",
    "hnb": "high needs block",
    "mtfs": "medium term financial strategy",
    "osc": "overview and scrutiny committee",
}

# Long form (as a tuple of index words) -> acronym.
_BY_LONG_FORM: dict[tuple[str, ...], str] = {
    tuple(words(long)): acronym for acronym, long in GLOSSARY.items()
}


def long_form(word: str) -> list[str] | None:
    """The long form's words when `word` is a known acronym."""
    expansion = GLOSSARY.get(word.lower())
    return words(expansion) if expansion else None


def acronym_for(phrase_words: list[str]) -> str | None:
    """The acronym when the phrase is exactly a known long form."""
    return _BY_LONG_FORM.get(tuple(phrase_words))
