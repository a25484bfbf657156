"""Issue 23, point 4: the family's letter "What happens next": first after "Meeting record" on the
family's record and the first page of their PDF; golden text from a fixed meeting; the family's
own steps first; no jargon in the words the product writes."""

from __future__ import annotations

import io

import lxml.html
import pytest

from meeting_room.core.glossary import terms_in
from tests.app.test_closing import a_decided_meeting
from tests.app.test_decide_one_form import form_of
from tests.helpers import add_item

TYPED = ["Alex is often left alone at night.", "If nothing changes, Alex could be left alone at night and get hurt.",
         "Grandad reads with Alex every Sunday", "Mum will call the health visitor", "Visit Alex at school",
         "Sam Okafor", "Children's services", "Ms Patel (school)", "Dana (Mum)"]

GOLDEN = """What happens next
This is what the meeting on Tuesday 1 December 2026 decided, and what happens now.
What was decided
Alex will have a plan to keep them safe. The main worry is neglect. Alex is often left alone at night.
What people are most worried about
If nothing changes, Alex could be left alone at night and get hurt.
What is going well
Grandad reads with Alex every Sunday
Who will do what
What you will do:
Mum will call the health visitor (by Monday 14 December 2026)
What other people will do:
Ms Patel (school): Visit Alex at school
The next meeting
The first meeting to check how the plan is going is on Tuesday 15 December 2026.
A bigger meeting to look at the whole plan again is on Tuesday 1 June 2027.
The next meeting is on Monday 1 March 2027.
Who to contact
Sam Okafor (Children's services) is the person to contact about the plan.
If you do not agree
You can say so. Tell your social worker or the chair of the meeting. What you say can go in this record.
If you are not happy with how you were treated, you can complain to the council. Your social worker can tell you how."""


def letter_text(html: str) -> str:
    section = lxml.html.fromstring(html).get_element_by_id("letter")
    blocks = section.xpath(".//h2|.//h3|.//p|.//li")
    return "\n".join(" ".join(b.text_content().split()) for b in blocks)


async def a_fixed_meeting(app, chair, mum, meeting_id):
    await a_decided_meeting(app, chair, mum, meeting_id)
    await add_item(chair, meeting_id, TYPED[1], column="worries", section="danger")
    await add_item(mum, meeting_id, TYPED[2], column="working", section="strengths")
    await add_item(chair, meeting_id, TYPED[4], column="next", section="steps")
    step = next(i for i in (await app.state.mr.boards.board(meeting_id)).items if i.text == TYPED[4])
    r = await chair.post(f"/meetings/{meeting_id}/items/{step.id}", {"text": step.text, "version": str(step.version),
                                                                     "owner": "Ms Patel (school)", "due_on": ""})
    assert r.status_code == 200, r.text
    form = form_of((await chair.get(f"/meetings/{meeting_id}/decide")).text)
    form.update(lead_name="Sam Okafor", lead_agency="Children's services", first_core_group_on="2026-12-15",
                review_on="2027-06-01")
    assert (await chair.post(f"/meetings/{meeting_id}/decide", form, htmx=False, follow_redirects=True)).status_code == 200
    assert (await chair.post(f"/meetings/{meeting_id}/close", htmx=False)).status_code == 303


async def test_the_letter_says_what_happens_next_in_plain_words(app, meeting):
    chair, mum, meeting_id, _ = meeting
    await a_fixed_meeting(app, chair, mum, meeting_id)
    page = (await mum.get(f"/meetings/{meeting_id}/record")).text
    assert letter_text(page) == GOLDEN
    headings = lxml.html.fromstring(page).xpath("//h1|//h2")
    assert [h.text_content() for h in headings[:2]] == ["Meeting record", "What happens next"]
    assert '<p class="letter-box">If nothing changes' in page
    ours = GOLDEN
    for typed in TYPED:
        ours = ours.replace(typed, "")
    assert terms_in(ours) == [], terms_in(ours)
    # the chair's full record has no letter in it; the family's PDF has it on its first page
    assert 'id="letter"' not in (await chair.get(f"/meetings/{meeting_id}/record")).text
    pypdf = pytest.importorskip("pypdf")
    pdf = pypdf.PdfReader(io.BytesIO((await mum.get(f"/meetings/{meeting_id}/record.pdf")).content))
    first = " ".join(pdf.pages[0].extract_text().split())
    assert "What happens next" in first and "Mum will call the health visitor (by Monday 14 December 2026)" in first


async def test_each_family_member_sees_their_own_steps_first(app, meeting):
    from tests.helpers import Person, admit_and_enter, join
    chair, mum, meeting_id, code = meeting
    teacher, grandad = Person.in_process(app), Person.in_process(app)
    await join(teacher, code, "Ms Patel", "professional", "school")
    await admit_and_enter(chair, teacher, meeting_id, "Ms Patel")
    await join(grandad, code, "Bill", "grandparent")
    await admit_and_enter(chair, grandad, meeting_id, "Bill")
    await a_fixed_meeting(app, chair, mum, meeting_id)
    assert 'id="letter"' not in (await teacher.get(f"/meetings/{meeting_id}/record")).text  # the full record
    text = letter_text((await grandad.get(f"/meetings/{meeting_id}/record")).text)
    assert "What you will do:" not in text
    assert ("What other people will do:\nDana (Mum): Mum will call the health visitor (by Monday 14 December 2026)\n"
            "Ms Patel (school): Visit Alex at school") in text
    await teacher.close()
    await grandad.close()


async def test_the_familys_record_explains_the_words_people_used_and_names_the_plan_plainly(app, meeting):
    """What people typed stays as typed, but a word such as "CAMHS" is explained at the end of the
    family's record; the plan's facts are said in plain words, and the case system's download is
    not offered to the family. The professionals' record keeps the names they know."""
    chair, mum, meeting_id, _ = meeting
    await add_item(chair, meeting_id, "CAMHS will see Alex after the Section 47 checks", column="next",
                   section="steps")
    await a_fixed_meeting(app, chair, mum, meeting_id)
    family = (await mum.get(f"/meetings/{meeting_id}/record")).text
    page = lxml.html.fromstring(family)
    meant = page.xpath('//h2[.="What some words mean"]/following-sibling::dl[1]/div')
    assert [(d.findtext("dt"), d.findtext("dd")) for d in meant] == [
        ("CAMHS", "Children's mental health service."),
        ("Section 47", "Child protection enquiry: the checks the council must make when it thinks a child may be "
                       "seriously harmed."),
        ("Child protection plan", "A written plan of what everyone will do to keep the child safe.")]
    facts = [" ".join(d.text_content().split()) for d in page.xpath('//h2[.="The plan: who and when"]'
                                                                     '/following-sibling::dl[1]/div/dt')]
    assert facts == ["The person to contact about the plan", "The first meeting to check the plan",
                     "The next meeting to look at the whole plan"]
    assert terms_in(" ".join(facts)) == []
    assert "record.json" not in family and "Lead practitioner" not in family
    professionals = (await chair.get(f"/meetings/{meeting_id}/record")).text
    assert "Lead practitioner" in professionals and "Review conference" in professionals
    assert "record.json" in professionals and "What some words mean" not in professionals
