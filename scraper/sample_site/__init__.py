"""Sampleshire County Council: a fictional council site for the demo and the tests.

Written for the project (no council's text is copied), in ModernGov's page
structure and web-service XML, with PDFs generated from its text by fpdf2.
"""

from scraper.sample_site.site import (
    SAMPLE_COUNCIL,
    SampleCouncilServer,
    publish_next_meeting,
    sample_routes,
    serve_sample_council,
)

__all__ = [
    "SAMPLE_COUNCIL",
    "SampleCouncilServer",
    "publish_next_meeting",
    "sample_routes",
    "serve_sample_council",
]
