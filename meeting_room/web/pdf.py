"""The record as a PDF, made on the server by WeasyPrint (no browser). WeasyPrint needs Pango
(system libraries); without them the app says plainly that PDF is not available."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import hashlib
import logging
import multiprocessing
import os
from collections import OrderedDict
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
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


def make_pdf(html: str, stylesheets: tuple[str, ...]) -> bytes:
    """The PDF, tagged (for screen readers) where this WeasyPrint can; title and author from the
    page's <title> and <meta name="author">. Runs in a worker process (`Pdfs`)."""
    weasyprint = _weasyprint()
    document = weasyprint.HTML(string=html, url_fetcher=_no_fetching)
    sheets = [weasyprint.CSS(filename=path) for path in stylesheets]
    try:
        return document.write_pdf(stylesheets=sheets, pdf_tags=True)
    except TypeError:  # a WeasyPrint without tagged PDF
        return document.write_pdf(stylesheets=sheets)


def _lower_priority() -> None:
    """A PDF worker yields the CPU to the live meetings: the lowest priority, and on Linux the
    idle class (it runs only on a core nothing else wants), so that a record's PDF never takes a
    core from the event loop."""
    with contextlib.suppress(OSError, AttributeError):
        os.nice(19)
    with contextlib.suppress(OSError, AttributeError):
        os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))


WORKERS = max(1, min(2, (os.cpu_count() or 2) - 1))  # a core left for the live meetings
KEEP_BYTES = 64 * 1024 * 1024  # issued records' PDFs kept, newest used first


class Pdfs:
    """Makes PDFs in a small pool of worker processes at a lower priority: a PDF is one to four
    seconds of pure-Python CPU, which in a thread of this process would hold the interpreter
    away from the event loop, and so from every live meeting. An issued version of a record
    never changes, so each copy of it is made once and kept (`keep_as`); a draft is made each
    time. The key holds a digest of the page the PDF is made from, so two copies that differ
    in anything (the family's copy and the full record, one person's letter and another's) are
    never mixed up; who may fetch a record is checked before this is asked (views/record.py)."""

    def __init__(self, workers: int = WORKERS, keep_bytes: int = KEEP_BYTES):
        self.workers, self.keep_bytes = workers, keep_bytes
        self.kept: OrderedDict[tuple, bytes] = OrderedDict()
        self.making: dict[tuple, asyncio.Future] = {}
        self.makes = 0  # PDFs made (for the tests and benchmarks)
        self._pool: ProcessPoolExecutor | None = None

    async def make(self, html: str, *stylesheets: Path, keep_as: tuple | None = None) -> bytes:
        if keep_as is None:
            return await self._make(html, stylesheets)
        key = (*keep_as, hashlib.sha256(html.encode()).hexdigest())
        if key in self.kept:
            self.kept.move_to_end(key)
            return self.kept[key]
        if key not in self.making:  # five people asking at once: made once
            self.making[key] = asyncio.ensure_future(self._make(html, stylesheets))
            self.making[key].add_done_callback(lambda done: self._keep(key, done))
        return await asyncio.shield(self.making[key])

    def _keep(self, key: tuple, done: asyncio.Future) -> None:
        self.making.pop(key, None)
        if done.cancelled() or done.exception() is not None or len(done.result()) > self.keep_bytes:
            return
        self.kept[key] = done.result()
        while sum(len(pdf) for pdf in self.kept.values()) > self.keep_bytes:
            self.kept.popitem(last=False)

    async def _make(self, html: str, stylesheets: tuple[Path, ...]) -> bytes:
        self.makes += 1
        paths = tuple(str(path) for path in stylesheets)
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(self._executor(), make_pdf, html, paths)
        except BrokenProcessPool:  # a worker died (out of memory?): start again once
            self._pool = None
            return await loop.run_in_executor(self._executor(), make_pdf, html, paths)

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"),
                                             initializer=_lower_priority, max_tasks_per_child=200)
        return self._pool

    def stop(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
