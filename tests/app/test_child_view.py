"""The child's own view: three houses in a child's words, with children's own words only (no
sections, nothing the grown-ups wrote, no grown-ups' questions); the chair can show a child the full
board, and the houses again."""

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
    assert "Missed school on Mondays" not in page  # what the grown-ups wrote is not for the houses
    for column, text in (("worries", "Shouting at night"), ("working", "Football with Grandad"), ("next", "A dog")):
        r = await child.post(f"/meetings/{meeting_id}/items", {"column": column, "text": text})
        assert r.status_code == 200 and "What" in r.text and "Add to" not in r.text  # the house's form again
    polled = (await child.get(f"/meetings/{meeting_id}/updates?since=0")).text
    for words in ADULT_WORDS + ("Missed school on Mondays",):
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


async def test_the_houses_hold_childrens_words_and_childrens_questions_only(app, room):  # noqa: F811
    """Mum's words, a professional's and the grown-ups' scale are not sent to Jayden's houses; words
    recorded as a child's own are; a grown-ups' question cannot be answered from the houses and is
    not counted as waiting for Jayden."""
    from tests.app.test_scales import answer, open_scale
    chair, mum, child, pro, meeting_id = room
    await add_item(mum, meeting_id, "Dad drinks at the weekend")
    await add_item(pro, meeting_id, "There was a referral after the incident in May", section="danger")
    await add_item(chair, meeting_id, "Mia misses Grandad", column="working", section="strengths", recorded_for="Alex",
                   own_words="1")
    await open_scale(chair, meeting_id, question="How worried are the grown-ups?")
    scale = (await app.state.mr.boards.board(meeting_id)).current_scale
    assert "Jayden" not in scale.not_answered and scale.eligible == 3  # the chair, Mum, Ms Patel
    for body in ((await child.get(f"/meetings/{meeting_id}")).text,
                 (await child.get(f"/meetings/{meeting_id}/updates?since=0")).text):
        assert "Dad drinks" not in body and "referral" not in body and "How worried are the grown-ups" not in body
        assert "Mia misses Grandad" in body and "Alex's words" in body.replace("&#39;", "'")
    r = await answer(child, meeting_id, scale.id, "3", "I am a bit worried")
    assert r.status_code == 403 and "for the grown-ups" in r.text
    assert (await app.state.mr.boards.board(meeting_id)).current_scale.answered == 0


async def test_a_childs_copy_of_the_record_holds_the_childrens_words_only(app, room):  # noqa: F811
    """After the meeting Jayden's copy (page and PDF) has what the children said and the next
    meeting; not the grown-ups' words, their scales or the decisions. The case system's JSON is
    not his."""
    chair, mum, child, pro, meeting_id = room
    await child.post(f"/meetings/{meeting_id}/items", {"column": "next", "text": "I want to live with Mum"})
    await add_item(pro, meeting_id, "There was a referral after the incident in May", section="danger")
    await add_item(mum, meeting_id, "Dad drinks at the weekend")
    page = (await child.get(f"/meetings/{meeting_id}/record")).text
    assert "<h1>Meeting record</h1>" in page and "Thank you for coming, Jayden" in page
    assert "I want to live with Mum" in page
    assert "referral" not in page and "Dad drinks" not in page and "Who came" not in page
    assert (await child.get(f"/meetings/{meeting_id}/record.json")).status_code == 403
    mums = (await mum.get(f"/meetings/{meeting_id}/record")).text
    assert "Dad drinks" in mums and "referral" in mums  # the family's copy is unchanged
