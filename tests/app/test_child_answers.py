"""A child's scale answer and agree / disagree: named for the chair and professionals, never
beside the child's name (nor with the child's reason) on the shared screen, family devices or
the family's copy of the record; unless the chair chooses, for one scale, to show it by name."""

from __future__ import annotations

import io
import re

import pytest

from tests.app.test_scales import answer, current_scale, open_scale
from tests.helpers import Person, add_item, admit_and_enter, join, meeting_with_mum

REASON = "When they shout I get scared for Mia"


@pytest.fixture
async def room(app, database_url):
    """The chair, Dana (Mum), Jayden (a child) and Ms Patel (a professional)."""
    chair, mum, meeting_id, code = await meeting_with_mum(lambda: Person.in_process(app), database_url)
    child, pro = Person.in_process(app), Person.in_process(app)
    await join(child, code, "Jayden", "child")
    await admit_and_enter(chair, child, meeting_id, "Jayden")
    await join(pro, code, "Ms Patel", "professional", agency="school")
    await admit_and_enter(chair, pro, meeting_id, "Ms Patel")
    yield chair, mum, child, pro, meeting_id
    for person in (chair, mum, child, pro):
        await person.close()


def scale_part(html: str) -> str:
    """The revealed answers of a page or fragment: the spread and its table."""
    found = re.search(r'class="spread".*?</table>', html, re.S)
    assert found, "no revealed answers here"
    return found.group(0)


def record_scales(html: str) -> str:
    return html.split("<h2>Scales</h2>", 1)[1].split("<h2>", 1)[0]


async def answered_and_revealed(app, room, anonymous: str = "") -> str:
    chair, mum, child, pro, meeting_id = room
    await open_scale(chair, meeting_id, **({"anonymous": "1"} if anonymous else {}))
    scale = await current_scale(app, meeting_id)
    for person, value, why in ((child, "1", REASON), (mum, "6", "We are trying"), (pro, "4", "School worries")):
        assert (await answer(person, meeting_id, scale.id, value, why)).status_code == 200
    return scale.id


async def family_outputs(room) -> dict[str, str]:
    chair, mum, child, pro, meeting_id = room
    return {"screen": (await chair.get(f"/meetings/{meeting_id}/screen")).text,
            "mum's board": (await mum.get(f"/meetings/{meeting_id}")).text,
            "mum's polling": (await mum.get(f"/meetings/{meeting_id}/updates?since=0")).text,
            "screen's polling": (await chair.get(f"/meetings/{meeting_id}/updates?since=0&view=screen")).text}


@pytest.mark.parametrize("anonymous", ["", "1"])
async def test_the_room_and_the_family_see_a_child_mark_not_the_childs_name(app, room, anonymous):
    chair, mum, child, pro, meeting_id = room
    scale_id = await answered_and_revealed(app, room, anonymous)
    board = (await chair.get(f"/meetings/{meeting_id}")).text
    assert "A child has answered this question" in board
    assert ("Show the child&#39;s answer by name" in board) == (not anonymous)  # names hidden: no choice
    assert re.search(r"data-confirm=\"A child has answered this question", board)
    before = await family_outputs(room)
    for where, html in before.items():
        assert REASON not in html, where
    assert (await chair.post(f"/meetings/{meeting_id}/scales/{scale_id}/reveal")).status_code == 204
    for where, html in (await family_outputs(room)).items():
        part = scale_part(html)
        assert "Jayden" not in part and REASON not in html, where
        assert "dot-child" in part and "a child" in part, where
        assert "We are trying" in part, where  # the grown-ups' reasons are still there
    for person in (chair, pro):
        part = scale_part((await person.get(f"/meetings/{meeting_id}")).text)
        assert REASON in part and "dot-child" in part
        if not anonymous:
            assert "Jayden" in part


async def test_the_chair_can_show_a_childs_answer_by_name_for_one_scale(app, room):
    chair, mum, child, pro, meeting_id = room
    scale_id = await answered_and_revealed(app, room)
    r = await chair.post(f"/meetings/{meeting_id}/scales/{scale_id}/child_named", {"named": "1"})
    assert r.status_code == 204
    assert (await chair.post(f"/meetings/{meeting_id}/scales/{scale_id}/reveal")).status_code == 204
    for where, html in (await family_outputs(room)).items():
        part = scale_part(html)
        assert "Jayden" in part and REASON in part, where
    assert (await mum.post(f"/meetings/{meeting_id}/scales/{scale_id}/child_named", {"named": "0"})).status_code == 403
    history = (await chair.get(f"/meetings/{meeting_id}/history")).text
    assert "show a child&#39;s answer by name" in history or "show a child's answer by name" in history
    # the next scale starts again from "not by name"
    await chair.post(f"/meetings/{meeting_id}/scales/{scale_id}/close")
    await answered_and_revealed(app, room)
    await chair.post(f"/meetings/{meeting_id}/scales/{(await current_scale(app, meeting_id)).id}/reveal")
    assert "Jayden" not in scale_part((await chair.get(f"/meetings/{meeting_id}/screen")).text)


async def test_an_answer_the_chair_records_for_a_child_is_a_childs_answer(app, room):
    chair, mum, child, pro, meeting_id = room
    await open_scale(chair, meeting_id)
    scale = await current_scale(app, meeting_id)
    r = await answer(chair, meeting_id, scale.id, "2", "Alex said he is scared at night", on_behalf="Alex")
    assert r.status_code == 200
    await chair.post(f"/meetings/{meeting_id}/scales/{scale.id}/reveal")
    part = scale_part((await mum.get(f"/meetings/{meeting_id}")).text)
    assert "Alex" not in part and "scared at night" not in part and "a child" in part
    assert "Alex" in scale_part((await chair.get(f"/meetings/{meeting_id}")).text)


async def test_an_answer_recorded_for_a_child_who_joined_is_a_childs_answer(app, room):
    chair, mum, child, pro, meeting_id = room
    await open_scale(chair, meeting_id)
    scale = await current_scale(app, meeting_id)
    r = await answer(chair, meeting_id, scale.id, "3", "Said to me before the meeting", on_behalf="Jayden")
    assert r.status_code == 200
    await chair.post(f"/meetings/{meeting_id}/scales/{scale.id}/reveal")
    part = scale_part((await chair.get(f"/meetings/{meeting_id}/screen")).text)
    assert "Jayden" not in part and "Said to me" not in part and "dot-child" in part


async def test_the_familys_record_page_pdf_and_json_keep_the_child_unnamed(app, room):
    chair, mum, child, pro, meeting_id = room
    await add_item(chair, meeting_id, "If nothing changes Mia could be hurt", section="danger")
    board = await app.state.mr.boards.board(meeting_id)
    statement = board.items_in("worries", "danger")[0].id
    for person, said in ((child, "disagree"), (mum, "agree")):
        r = await person.post(f"/meetings/{meeting_id}/items/{statement}/agreement/{said}")
        assert r.status_code in (200, 204), r.text
    scale_id = await answered_and_revealed(app, room)
    await chair.post(f"/meetings/{meeting_id}/scales/{scale_id}/reveal")
    for person in (mum, child):
        page = (await person.get(f"/meetings/{meeting_id}/record")).text
        scales = record_scales(page)
        assert "Jayden" not in scales and REASON not in page and "A child" in scales
        assert "Disagree: a child" in page and "Agree: Dana (Mum)" in page
        data = (await person.get(f"/meetings/{meeting_id}/record.json")).json()
        answers = data["scales"][0]["answers"]
        mine = [a for a in answers if a["child"]]
        assert mine == [{"value": 1, "name": None, "group": "family", "reason": "",
                         "for_someone_without_a_device": False, "child": True}]
        danger = next(i for c in data["columns"] for i in c["items"] if i["agreement"])
        assert danger["agreement"]["disagree"] == ["A child"] and "Jayden" not in str(answers)
    full = (await chair.get(f"/meetings/{meeting_id}/record")).text
    assert "Jayden" in record_scales(full) and REASON in full and "Disagree: Jayden" in full
    pypdf = pytest.importorskip("pypdf")
    r = await mum.get(f"/meetings/{meeting_id}/record.pdf")
    if r.status_code == 503:
        pytest.skip("no PDF maker on this machine")
    text = " ".join(" ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(r.content)).pages).split())
    scales = text.split("Scales", 1)[1]
    assert "Meeting record" in text and "Jayden" not in scales and "scared for Mia" not in text
