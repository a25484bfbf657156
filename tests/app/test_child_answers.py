"""A child's scale answer and agree / disagree: named for the chair and professionals, never
beside the child's name (nor with the child's reason) on the shared screen, family devices or
the family's copy of the record; unless the chair chooses, for one scale, to show it by name (never
with the reason). With only one child's answer the family and the room would know whose it is, so
there it is not shown at all, nor counted in the figures."""

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


async def full_board(app, chair, meeting_id, name: str = "Jayden") -> None:
    """The chair shows the child the full board: only then are they asked the grown-ups' questions."""
    board = await app.state.mr.boards.board(meeting_id)
    pid = next(p.id for p in board.participants if p.name == name)
    assert (await chair.post(f"/meetings/{meeting_id}/people/{pid}/board/full")).status_code in (200, 204)


async def answered_and_revealed(app, room, anonymous: str = "", alex: bool = True) -> str:
    """Jayden (shown the full board), Mum and Ms Patel answer; and (`alex`) the chair records
    Alex's answer, so that two children have answered."""
    chair, mum, child, pro, meeting_id = room
    await full_board(app, chair, meeting_id)
    await open_scale(chair, meeting_id, **({"anonymous": "1"} if anonymous else {}))
    scale = await current_scale(app, meeting_id)
    for person, value, why in ((child, "1", REASON), (mum, "6", "We are trying"), (pro, "4", "School worries")):
        assert (await answer(person, meeting_id, scale.id, value, why)).status_code == 200
    if alex:
        r = await answer(chair, meeting_id, scale.id, "5", "Alex said home is fine mostly", on_behalf="Alex")
        assert r.status_code == 200, r.text
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
    assert ("Show the child's answer by name" in board.replace("&#39;", "'")) == (not anonymous)  # names hidden: no choice
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
        assert "Jayden" in part and REASON not in html, where  # by name, but the child's reason stays with the professionals
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
    html = (await mum.get(f"/meetings/{meeting_id}")).text
    part = html.split('class="spread"', 1)[1][:2000]  # no other answer: no table
    assert "Alex" not in part and "scared at night" not in html and "dot-child" not in part  # the only child's answer
    assert "So that nobody can tell whose answer it is" in part and "answered too" not in part
    assert "Alex" in scale_part((await chair.get(f"/meetings/{meeting_id}")).text)


async def test_an_answer_recorded_for_a_child_who_joined_is_a_childs_answer(app, room):
    chair, mum, child, pro, meeting_id = room
    await open_scale(chair, meeting_id)
    scale = await current_scale(app, meeting_id)
    r = await answer(chair, meeting_id, scale.id, "3", "Said to me before the meeting", on_behalf="Jayden")
    assert r.status_code == 200
    await chair.post(f"/meetings/{meeting_id}/scales/{scale.id}/reveal")
    html = (await chair.get(f"/meetings/{meeting_id}/screen")).text
    part = html.split('class="spread"', 1)[1][:2000]
    assert "Said to me" not in html and "dot-child" not in part and "not shown here" in part and "Nobody answered" not in part


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
        assert "Disagree: a child" not in page and "Agree: Dana (Mum)" in page
        data = (await person.get(f"/meetings/{meeting_id}/record.json")).json()
        answers = data["scales"][0]["answers"]
        mine = [a for a in answers if a["child"]]
        assert mine == [{"value": v, "name": None, "group": "family", "reason": "",
                         "for_someone_without_a_device": False, "child": True} for v in (1, 5)]
        danger = next(i for c in data["columns"] for i in c["items"] if i["agreement"])
        assert danger["agreement"]["disagree"] == [] and "Jayden" not in str(answers)  # the only child
    full = (await chair.get(f"/meetings/{meeting_id}/record")).text
    assert "Jayden" in record_scales(full) and REASON in full and "Disagree: Jayden" in full
    pypdf = pytest.importorskip("pypdf")
    r = await mum.get(f"/meetings/{meeting_id}/record.pdf")
    if r.status_code == 503:
        pytest.skip("no PDF maker on this machine")
    text = " ".join(" ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(r.content)).pages).split())
    scales = text.split("Scales", 1)[1]
    assert "Meeting record" in text and "Jayden" not in scales and "scared for Mia" not in text


@pytest.mark.parametrize("anonymous", ["", "1"])
async def test_one_childs_answer_is_not_shown_to_the_family_or_the_room(app, room, anonymous):
    """Only Jayden answered as a child: an unnamed mark would still be his. The family, the room
    and the family's record get neither it nor a figure worked out with it; nobody there is told
    that Jayden has not answered yet. The chair and professionals have it all."""
    chair, mum, child, pro, meeting_id = room
    await full_board(app, chair, meeting_id)
    await open_scale(chair, meeting_id, **({"anonymous": "1"} if anonymous else {}))
    scale = await current_scale(app, meeting_id)
    assert (await answer(mum, meeting_id, scale.id, "6", "We are trying")).status_code == 200
    for where, html in (await family_outputs(room)).items():
        assert "Not answered yet" not in html or "Jayden" not in html.split("Not answered yet", 1)[1][:200], where
    assert "Jayden" in (await chair.get(f"/meetings/{meeting_id}")).text.split("Not answered yet", 1)[1][:300]
    assert (await answer(child, meeting_id, scale.id, "1", REASON)).status_code == 200
    assert (await answer(pro, meeting_id, scale.id, "4", "School worries")).status_code == 200
    assert (await chair.post(f"/meetings/{meeting_id}/scales/{scale.id}/reveal")).status_code == 204
    for where, html in (await family_outputs(room)).items():
        part = scale_part(html)
        assert "dot-child" not in part and "mark-child" not in part and REASON not in html, where
        assert "A child answered too" in part and "lowest <strong>4</strong>" in part, where
        assert "<strong>2 answers</strong>" in part, where
    for person in (chair, pro):
        part = scale_part((await person.get(f"/meetings/{meeting_id}")).text)
        assert "dot-child" in part and REASON in part and "lowest <strong>1</strong>" in part
    page = (await mum.get(f"/meetings/{meeting_id}/record")).text
    assert "A child answered too" in record_scales(page) and REASON not in page
    data = (await mum.get(f"/meetings/{meeting_id}/record.json")).json()["scales"][0]
    assert data["children_answers_kept_back"] == 1 and data["lowest"] == 4
    assert not any(a["child"] for a in data["answers"]) and all(a["value"] != 1 for a in data["answers"])
    full = (await chair.get(f"/meetings/{meeting_id}/record.json")).json()["scales"][0]
    assert full["children_answers_kept_back"] == 0 and full["lowest"] == 1
