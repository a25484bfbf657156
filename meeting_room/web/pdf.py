"""The record as a PDF, made on the server by WeasyPrint (no browser). WeasyPrint needs Pango
(system libraries); without them the app says plainly that PDF is not available."""

from __future__ import annotations

import asyncio
import base64
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


INLINE_PICTURES = ("data:image/png;base64,", "data:image/jpeg;base64,")


def _no_fetching(url: str, *args, **kwargs):
    """Nothing is fetched while the PDF is made: not the network, not the disk. The page's text is
    the people's own words, escaped, and the style sheet is passed in directly. A child's picture
    comes inline: its bytes were decoded and encoded again by us when it was added."""
    for start in INLINE_PICTURES:
        if url.startswith(start):
            return _fetched(url, base64.b64decode(url[len(start):]), start[5:start.index(";")])
    raise ValueError("nothing is fetched for a PDF")


def _fetched(url: str, body: bytes, media_type: str):
    """What WeasyPrint wants from a fetcher: a response object in newer versions, a dict before."""
    try:
        from weasyprint.urls import URLFetcherResponse
    except ImportError:
        return {"string": body, "mime_type": media_type, "redirected_url": url}
    return URLFetcherResponse(url, body=body, headers={"Content-Type": media_type})


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
