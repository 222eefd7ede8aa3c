"""The kinds of document papers tells apart.

Its own module, free of SQLAlchemy, because `papers search --document-kind`
lists them and a search should not pay for importing the models.
"""

DOCUMENT_KINDS = (
    "agenda",
    "agenda_pack",
    "minutes",
    "decisions",
    "report",
    "appendix",
    "supplement",
    "work_programme",
    "forward_plan",
    "other",
)
