"""A hand-written mgChooseDocPack.aspx page for Kingston's meeting 10221, in ModernGov's markup.

Kingston links the meeting's packs through mgChooseDocPack.aspx?ID=10230
(and &SID= for supplements); that page lists each pack as a PDF link with
ModernGov's file-size span. Besides the packs, this one carries links a
parser must leave alone: back to the meeting, to another chooser, off the
site, and the same PDF twice.
"""

from __future__ import annotations

KINGSTON = "https://moderngov.kingston.gov.uk/"
CHOOSER_URL = KINGSTON + "mgChooseDocPack.aspx?ID=10230"
_STAMP = "Thursday 15-Jan-2026 19.30 Kingston and North Kingston Neighbourhood Committee"
FRONTSHEET = f"documents/g10230/Agenda frontsheet {_STAMP}.pdf?T=0"
REPORTS_PACK = f"documents/g10230/Public reports pack {_STAMP}.pdf?T=10"
# Also linked directly from the meeting page.
DECISIONS = f"documents/g10230/Decisions {_STAMP}.pdf?T=2"

_SIZE = '<span class="mgFileSize"><img src="mgimages/logo-pdf-1.gif" alt="" /> PDF {}</span>'
CHOOSER_PAGE = f"""<!DOCTYPE html>
<html><head><title>Choose document pack - Royal Borough of Kingston upon Thames</title></head>
<body><div id="site-menu"><a href="https://www.kingston.gov.uk/council-pdfs/guide.pdf">
Guide to the council</a></div>
<div id="modgov"><div class="mgHeader"><h1 class="mgMainTitleTxt">Choose document pack</h1></div>
<div class="mgSubTitle"><h2 class="mgSubTitleTxt">
<a href="ieListDocuments.aspx?CId=711&amp;MId=10221">Kingston and North Kingston
Neighbourhood Committee - Thursday, 15th January, 2026 7.30 pm</a>
</h2></div>
<div class="mgContent"><p>Please choose the document pack you would like to view.</p>
<ul class="mgBulletList">
<li><a href="{FRONTSHEET}" title="Link to agenda frontsheet pdf file">Agenda frontsheet
 {_SIZE.format("140 KB")}</a></li>
<li><a href="{REPORTS_PACK}" title="Link to public reports pack pdf file">Public reports pack
 {_SIZE.format("10 MB")}</a></li>
<li><a href="{DECISIONS}" title="Link to printed decisions pdf file">Printed decisions
 {_SIZE.format("117 KB")}</a></li>
<li><a href="{REPORTS_PACK}">Public reports pack</a></li>
<li><a href="mgChooseDocPack.aspx?ID=10230&amp;SID=23550">Supplement pack</a></li>
<li><a href="https://elsewhere.example.com/documents/g1/pack.pdf">Someone else's pack</a></li>
</ul>
<p><a href="ieListDocuments.aspx?CId=711&amp;MId=10221">Back to the meeting</a></p>
</div></div></body></html>
"""
