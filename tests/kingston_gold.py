"""What the saved Kingston meeting page (January) lists, written down by hand.

Two readers of that page, the crawl's HTML parser and the text parsers used
on an imported copy, must both find exactly these items.
"""

KINGSTON_JANUARY_ITEMS = [
    ("54.", "Public Question Time"),
    ("55.", "Petitions"),
    ("56.", "Apologies for Absence"),
    ("57.", "Declarations of Interest"),
    ("58.", "Minutes"),
    ("59.", "Petition Regarding the Introduction of Traffic Management Measures On Manorgate Road"),
    ("60.", "Coombe Lane West Zebra Crossing - Local Consultation Results"),
    ("61.", "Community Safety Update"),
    ("62.", "Planned Highway Maintenance and Street Lighting Capital Programme 2026/27"),
    ("63.", "Community Grants Programme"),
    ("64.", "Decision Progress Update"),
    ("65.", "Urgent Items Authorised by the Chair"),
]
