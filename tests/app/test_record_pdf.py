"""Issue 23, point 6: a PDF a council can file. Every page names the meeting and its date, "Page N
of M", the protective marking and "Family copy" or "Full record"; title and author are set; danger
statements and safety goals stand out; a table row is never split across pages."""

from __future__ import annotations

import io
import re

import pytest

from tests.app.test_closing import a_decided_meeting
from tests.app.test_scales import answer, current_scale, open_scale
from tests.helpers import add_item

LONG_REASON = ("Because the family has worked hard with the school and the health visitor, and "
               "Grandad is there every weekend; but the nights are still a worry for everyone here ")


def pages_of(pdf: bytes):
    pypdf = pytest.importorskip("pypdf")
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return reader, [" ".join(page.extract_text().split()) for page in reader.pages]


async def a_long_record(app, chair, mum, meeting_id):
    await a_decided_meeting(app, chair, mum, meeting_id)
    r = await add_item(chair, meeting_id, "If nothing changes, Alex could be left alone at night and get hurt.",
                       column="worries", section="danger")
    assert r.status_code == 200, r.text
    await add_item(chair, meeting_id, "Alex always has an adult at home at night.", column="next", section="goals")
    for n in range(40):
        await add_item(mum, meeting_id, f"Something that is going well, number {n}, written at some length "
                                        "so that the record runs over several pages.", column="working",
                       section="strengths")
    await open_scale(chair, meeting_id)
    scale = await current_scale(app, meeting_id)
    await answer(mum, meeting_id, scale.id, "6", LONG_REASON * 3 + "(Dana).")
    await answer(chair, meeting_id, scale.id, "4", LONG_REASON * 3 + "(the chair).")
    assert (await chair.post(f"/meetings/{meeting_id}/scales/{scale.id}/reveal")).status_code in (200, 204)
    assert (await chair.post(f"/meetings/{meeting_id}/close", htmx=False)).status_code == 303


async def test_every_page_carries_marking_copy_meeting_and_page_number(app, meeting):
    chair, mum, meeting_id, _ = meeting
    await a_long_record(app, chair, mum, meeting_id)
    for person, copy in ((mum, "Family copy"), (chair, "Full record")):
        r = await person.get(f"/meetings/{meeting_id}/record.pdf")
        assert r.status_code == 200, r.text[:300]
        reader, pages = pages_of(r.content)
        assert len(pages) >= 3
        for n, text in enumerate(pages, start=1):
            assert f"Page {n} of {len(pages)}" in text, (copy, n, text[:300])
            assert "OFFICIAL-SENSITIVE" in text and copy in text, (copy, n)
            assert "Review for Alex · 1 December 2026" in text, (copy, n)
        other = "Full record" if copy == "Family copy" else "Family copy"
        assert not any(other in text for text in pages)
        assert reader.metadata.title == f"Meeting record – Review for Alex – {copy}"
        assert reader.metadata.author == "Chris Chair (chair of the meeting)"
        assert "/StructTreeRoot" in reader.trailer["/Root"] and reader.trailer["/Root"]["/Lang"] == "en-GB"  # tagged
        # a table row is never split: each long reason is whole on one page
        for who in ("(Dana).", "(the chair)."):
            whole = " ".join((LONG_REASON * 3 + who).split())
            assert any(whole in text for text in pages), who


async def test_the_marking_is_a_setting_and_statements_and_goals_stand_out(app, meeting):
    app.state.mr.settings.protective_marking = "OFFICIAL"
    chair, mum, meeting_id, _ = meeting
    await a_long_record(app, chair, mum, meeting_id)
    _, pages = pages_of((await chair.get(f"/meetings/{meeting_id}/record.pdf")).content)
    assert all("OFFICIAL · Full record" in text and "OFFICIAL-SENSITIVE" not in text for text in pages)
    page = (await mum.get(f"/meetings/{meeting_id}/record")).text
    assert re.search(r'<li class="stands-out stands-out-danger">\s*<p class="stands-out-label">Danger statement</p>'
                     r'[\s\S]*?Alex could be left alone at night', page)
    assert re.search(r'<li class="stands-out stands-out-goals">\s*<p class="stands-out-label">Safety goal</p>'
                     r'[\s\S]*?always has an adult at home', page)
    text = " ".join(pages)
    assert "Danger statement If nothing changes" in text and "Safety goal Alex always has an adult" in text
