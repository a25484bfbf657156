"""The record as a PDF, made on the server by WeasyPrint (no browser). WeasyPrint needs Pango
(system libraries); without them the app says plainly that PDF is not available."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

log = logging.getLogger("meeting_room.pdf")


class PdfUnavailable(Exception):
    pass


def _weasyprint():
    try:
        import weasyprint
    except (ImportError, OSError) as e:  # OSError: Pango or its friends are not installed
        log.warning("PDF is not available (%s)", type(e).__name__)
        raise PdfUnavailable() from None
    return weasyprint


def _no_fetching(url: str, *args, **kwargs):
    """Nothing is fetched while the PDF is made: not the network, not the disk. The page's text is
    the people's own words, escaped, and the style sheet is passed in directly."""
    raise ValueError("nothing is fetched for a PDF")


async def pdf_of(html: str, *stylesheets: Path) -> bytes:
    """The PDF, tagged (for screen readers) where this WeasyPrint can; title and author from the
    page's <title> and <meta name="author">."""
    weasyprint = _weasyprint()

    def make() -> bytes:
        document = weasyprint.HTML(string=html, url_fetcher=_no_fetching)
        sheets = [weasyprint.CSS(filename=str(path)) for path in stylesheets]
        try:
            return document.write_pdf(stylesheets=sheets, pdf_tags=True)
        except TypeError:  # a WeasyPrint without tagged PDF
            return document.write_pdf(stylesheets=sheets)
    return await asyncio.to_thread(make)  # a second or so of CPU: keep it off the event loop
