"""A meeting about two children that decided for one only: the close page says so before the
meeting closes, and the record and the family's letter say "No decision was written down for Jo"
instead of leaving Jo out without anyone seeing it."""

from __future__ import annotations

import lxml.html

from tests.app.test_decide_one_form import a_meeting, form_of
from tests.helpers import CODE, Person, admit_and_enter, join, signed_in_chair


def words(html: str, xpath: str) -> list[str]:
    return [" ".join(e.text_content().split()) for e in lxml.html.fromstring(html).xpath(xpath)]


async def test_a_child_with_no_decision_is_named_on_the_close_page_the_record_and_the_letter(app, database_url):
    chair = Person.in_process(app)
    await signed_in_chair(chair, database_url)
    meeting_id = await a_meeting(chair, children="Alex and Jo")
    mum = Person.in_process(app)
    code = CODE.search((await chair.get(f"/meetings/{meeting_id}")).text).group(1).replace("-", "")
    await join(mum, code, "Dana", "mum")
    await admit_and_enter(chair, mum, meeting_id, "Dana")
    form = {**form_of((await chair.get(f"/meetings/{meeting_id}/decide")).text),
            "plan-1": "yes", "category-1": "neglect", "reasons-1": "Alex is often left alone at night."}
    saved = await chair.post(f"/meetings/{meeting_id}/decide", form, htmx=False, follow_redirects=True)
    assert saved.status_code == 200 and 'role="alert"' not in saved.text

    close_page = (await chair.get(f"/meetings/{meeting_id}/close")).text
    assert words(close_page, '//p[@class="notice"]') == [
        "No decision has been written down yet for Jo. The record will say so."]

    r = await chair.post(f"/meetings/{meeting_id}/close", {}, htmx=False)
    assert r.status_code == 303, r.text
    record = (await chair.get(f"/meetings/{meeting_id}/record")).text
    assert "No decision was written down for Jo." in words(record, '//p[@class="record-undecided"]')
    assert "No decision was written down for Alex." not in record
    letter = words((await mum.get(f"/meetings/{meeting_id}/record")).text, '//section[@id="letter"]//p')
    assert "Alex will have a plan to keep them safe. The main worry is neglect. Alex is often left alone at night." \
        in letter
    assert "No decision was written down for Jo." in letter
    await chair.close()
    await mum.close()


async def test_with_every_child_decided_or_none_decided_nothing_more_is_said(app, database_url):
    chair = Person.in_process(app)
    await signed_in_chair(chair, database_url)
    nothing = await a_meeting(chair, children="Alex and Jo")
    assert words((await chair.get(f"/meetings/{nothing}/close")).text, '//p[@class="notice"]') == [
        "No decision has been written down yet."]  # (once, not once a child)
    both = await a_meeting(chair, children="Alex, Jo")
    form = {**form_of((await chair.get(f"/meetings/{both}/decide")).text),
            "plan-1": "yes", "category-1": "neglect", "reasons-1": "Alex is often left alone at night.",
            "plan-2": "no", "reasons-2": "Jo lives with Grandad, who keeps Jo safe."}
    await chair.post(f"/meetings/{both}/decide", form, htmx=False, follow_redirects=True)
    assert words((await chair.get(f"/meetings/{both}/close")).text, '//p[@class="notice"]') == []
    await chair.post(f"/meetings/{both}/close", {}, htmx=False)
    assert "No decision was written down" not in (await chair.get(f"/meetings/{both}/record")).text
    await chair.close()
