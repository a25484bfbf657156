"""The child's own view: three houses in a child's words, no sections or professionals'
wording; the chair can show a child the full board, and the houses again."""

from __future__ import annotations

from tests.app.test_child_answers import room  # noqa: F401  (the fixture)
from tests.helpers import add_item

ADULT_WORDS = ("Danger statements", "Complicating factors", "Not sorted yet", "What are we worried about?",
               "Safety goals", "Existing safety")


async def test_a_child_sees_three_houses_and_writes_in_them(app, room):  # noqa: F811
    chair, mum, child, pro, meeting_id = room
    await add_item(pro, meeting_id, "Missed school on Mondays", section="complicating")
    page = (await child.get(f"/meetings/{meeting_id}")).text
    for house, prompt in (("House of Worries", "What worries you?"), ("House of Good Things", "What is good in your life?"),
                          ("House of Dreams", "What would you like to happen?")):
        assert f">{house}</h2>" in page and f">{prompt}</label>" in page
    for words in ADULT_WORDS:
        assert words not in page, words
    assert "Missed school on Mondays" in page  # what the adults wrote is there, without its section
    for column, text in (("worries", "Shouting at night"), ("working", "Football with Grandad"), ("next", "A dog")):
        r = await child.post(f"/meetings/{meeting_id}/items", {"column": column, "text": text})
        assert r.status_code == 200 and "What" in r.text and "Add to" not in r.text  # the house's form again
    polled = (await child.get(f"/meetings/{meeting_id}/updates?since=0")).text
    for words in ADULT_WORDS:
        assert words not in polled, words
    for text in ("Shouting at night", "Football with Grandad", "A dog"):
        assert text in polled
    board = (await chair.get(f"/meetings/{meeting_id}")).text
    assert board.count("Jayden's words") == 3 and "Show Jayden the full board" in board


async def test_the_chair_shows_a_child_the_full_board_and_the_houses_again(app, room):  # noqa: F811
    chair, mum, child, pro, meeting_id = room
    board = await app.state.mr.boards.board(meeting_id)
    jayden = next(p for p in board.participants if p.name == "Jayden")
    assert (await mum.post(f"/meetings/{meeting_id}/people/{jayden.id}/board/full")).status_code == 403
    assert (await chair.post(f"/meetings/{meeting_id}/people/{jayden.id}/board/full")).status_code == 204
    page = (await child.get(f"/meetings/{meeting_id}")).text
    assert "What are we worried about?" in page and "House of Worries" not in page
    assert "Show Jayden the houses" in (await chair.get(f"/meetings/{meeting_id}")).text
    assert (await chair.post(f"/meetings/{meeting_id}/people/{jayden.id}/board/houses")).status_code == 204
    assert "House of Worries" in (await child.get(f"/meetings/{meeting_id}")).text
    mum_id = next(p.id for p in board.participants if p.name == "Dana")
    r = await chair.post(f"/meetings/{meeting_id}/people/{mum_id}/board/full")
    assert r.status_code == 400
    history = (await chair.get(f"/meetings/{meeting_id}/history")).text
    assert "showed Jayden (Child or young person) the full board" in history


async def test_a_childrens_scale_is_answered_by_children_and_kept_apart(app, room):  # noqa: F811
    chair, mum, child, pro, meeting_id = room
    form = (await chair.get(f"/meetings/{meeting_id}/scales/new?children=1")).text
    assert "How safe do you feel at home?" in form and "Ask the children</button>" in form
    r = await chair.post(f"/meetings/{meeting_id}/scales", {"question": "How safe do you feel at home?",
                         "ten": "Very safe", "zero": "Not safe at all", "for_children": "1"})
    assert r.status_code == 200
    scale = (await app.state.mr.boards.board(meeting_id)).current_scale
    assert scale.for_children and scale.eligible == 1  # Jayden; the adults are not asked
    mine = (await child.get(f"/meetings/{meeting_id}/scales/mine")).text
    assert "face-0" in mine and "face-10" in mine and "Save my answer" in mine
    for adult in (mum, pro):
        assert "This question is for the children" in (await adult.get(f"/meetings/{meeting_id}/scales/mine")).text
        r = await adult.post(f"/meetings/{meeting_id}/scales/{scale.id}/answer", {"value": "5"})
        assert r.status_code == 403 and "for the children" in r.text
    r = await child.post(f"/meetings/{meeting_id}/scales/{scale.id}/answer", {"value": "3", "reason": "Shouting"})
    assert r.status_code == 200
    r = await chair.post(f"/meetings/{meeting_id}/scales/{scale.id}/answer", {"value": "6", "on_behalf": "Alex"})
    assert r.status_code == 200
    scale = (await app.state.mr.boards.board(meeting_id)).current_scale
    assert (scale.answered, scale.eligible, scale.children_answered) == (2, 2, 2)
    await chair.post(f"/meetings/{meeting_id}/scales/{scale.id}/reveal")
    screen = (await chair.get(f"/meetings/{meeting_id}/screen")).text
    assert screen.count("dot-child") == 2 and "Jayden" not in screen.split('class="spread"')[1].split("</table>")[0]
    history = (await chair.get(f"/meetings/{meeting_id}/history")).text
    assert "asked the children: “How safe do you feel at home?”" in history


async def test_a_worker_opens_the_childs_view_on_their_own_device(app, room):  # noqa: F811
    chair, mum, child, pro, meeting_id = room
    board = await app.state.mr.boards.board(meeting_id)
    jayden = next(p for p in board.participants if p.name == "Jayden")
    link = f"/meetings/{meeting_id}/child/{jayden.id}"
    assert "Child's view for Jayden" in (await pro.get(f"/meetings/{meeting_id}")).text
    assert "view for Jayden" not in (await mum.get(f"/meetings/{meeting_id}")).text
    assert (await mum.get(link)).status_code == 403
    assert (await child.get(link)).status_code == 403
    page = (await pro.get(link)).text
    assert "House of Worries" in page and "kept as Jayden's own words" in page and "?view=child" in page
    assert "Save my answer" not in page
    r = await pro.post(f"{link}/items", {"column": "working", "text": "I like my teacher"})
    assert r.status_code == 200 and "Added" in r.text
    item = next(i for i in (await app.state.mr.boards.board(meeting_id)).items if i.text == "I like my teacher")
    assert item.author_id == jayden.id and item.child_words == "Jayden" and item.section is None
    r = await mum.post(f"{link}/items", {"column": "working", "text": "Not a worker"})
    assert r.status_code == 403
    r = await pro.post(f"/meetings/{meeting_id}/items/{item.id}", {"text": "Reworded", "version": "1"})
    assert r.status_code == 403  # the child's words, not the worker's
    polled = (await pro.get(f"/meetings/{meeting_id}/updates?since=0&view=child")).text
    assert "I like my teacher" in polled and "Not sorted yet" not in polled
