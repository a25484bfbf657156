"""Everything held about one person, for a subject access request (issue 26, point 6). Never writes.

A person is found by name across the meetings of one family (case): a parent who came to three
meetings has three participant rows with the same name; a child is named by first name in the
case. For each meeting they appear in: how they took part, what they wrote, their own answers to
scales and statements (never anyone else's, and none
given on a scale with names hidden), and the meeting's items as the family saw them
(professionals-only items are left out, removed ones too); and the access audit of their sessions."""

from __future__ import annotations

from sqlalchemy import bindparam, select

from meeting_room.core.vocabulary import MEETING_KIND_LABELS
from meeting_room.store.db import Database
from meeting_room.store.invite_tables import Invitation
from meeting_room.store.models import (
    Agreement,
    AuditEntry,
    Case,
    Dissent,
    Item,
    Meeting,
    Participant,
    Scale,
    Vote,
)

MEETINGS, PEOPLE, ITEMS, CASES = Meeting.__table__, Participant.__table__, Item.__table__, Case.__table__
SCALES, VOTES, AGREEMENTS, DISSENTS = Scale.__table__, Vote.__table__, Agreement.__table__, Dissent.__table__
AUDIT = AuditEntry.__table__
OF_CASE = select(MEETINGS).where(MEETINGS.c.case_id == bindparam("case_id")).order_by(MEETINGS.c.held_on)
PEOPLE_OF = select(PEOPLE).where(PEOPLE.c.meeting_id == bindparam("meeting_id"))
ITEMS_OF = (select(ITEMS).where(ITEMS.c.meeting_id == bindparam("meeting_id"))
            .order_by(ITEMS.c.column, ITEMS.c.position))
SCALES_OF = select(SCALES).where(SCALES.c.meeting_id == bindparam("meeting_id")).order_by(SCALES.c.created_at)
VOTES_OF = select(VOTES).where(VOTES.c.scale_id.in_(select(SCALES.c.id).where(SCALES.c.meeting_id == bindparam("meeting_id"))))
AGREEMENTS_OF = select(AGREEMENTS).where(AGREEMENTS.c.meeting_id == bindparam("meeting_id"))
DISSENTS_OF = select(DISSENTS).where(DISSENTS.c.meeting_id == bindparam("meeting_id"))
INVITED = select(Invitation.__table__).where(Invitation.__table__.c.meeting_id == bindparam("meeting_id"))  # issue 24
AUDIT_OF = select(AUDIT).where(AUDIT.c.actor == bindparam("actor")).order_by(AUDIT.c.at)
LEFT_OUT = ("Other people's answers and professionals-only items are left out. Answers given on scales "
            "with names hidden are not included either, because nobody may tie them to a person.")


def key_of(name: str) -> str:
    """How one person's rows are matched across meetings: their name, in any case and spacing."""
    return " ".join((name or "").split()).casefold()


async def people_of_case(db: Database, case_id: str) -> list[dict]:
    """Everyone of this family's meetings but the chair, once each, and the children by first name."""
    found: dict[str, dict] = {}
    async with db.snapshot() as c:
        case = await c.get(CASES, case_id)
        for meeting in (await c.execute(OF_CASE, {"case_id": case_id})).all():
            for p in [*(await c.execute(PEOPLE_OF, {"meeting_id": meeting.id})).all(),
                      *(await c.execute(INVITED, {"meeting_id": meeting.id})).all()]:  # invited, if never come
                if p.role != "chair":
                    entry = found.setdefault(key_of(p.name), {"key": key_of(p.name), "name": p.name, "as": set()})
                    entry["as"].add(p.connection)
    for child in (case.children.split(",") if case else []):
        if child.strip():
            found.setdefault(key_of(child), {"key": key_of(child), "name": child.strip(), "as": set()})["as"].add("child")
    return sorted(found.values(), key=lambda e: e["name"].casefold())


async def export(db: Database, case_id: str, key: str) -> dict | None:
    """The export for the person with this key (from `people_of_case`), or None if nobody has it."""
    people = {e["key"]: e for e in await people_of_case(db, case_id)}
    if key not in people:
        return None
    meetings, actors = [], []
    async with db.snapshot() as c:
        case = await c.get(CASES, case_id)
        for meeting in (await c.execute(OF_CASE, {"case_id": case_id})).all():
            part = await _meeting_part(c, meeting, key, case)
            if part is not None:
                meetings.append(part)
                actors += part.pop("_ids")
        audit = sorted([a for actor in actors for a in (await c.execute(AUDIT_OF, {"actor": actor})).all()],
                       key=lambda a: (a.at, a.id))
    return {"version": 1, "left_out": LEFT_OUT, "subject": {"name": people[key]["name"], "connection": sorted(people[key]["as"]),
                                      "case": case_id},
            "meetings": meetings,
            "access_audit": [{"at": a.at.isoformat(), "action": a.action, "outcome": a.outcome, "meeting": a.meeting_id,
                              "address": a.client} for a in audit]}


async def _meeting_part(c, meeting, key: str, case) -> dict | None:
    people = (await c.execute(PEOPLE_OF, {"meeting_id": meeting.id})).all()
    mine = [p for p in people if p.role != "chair" and key_of(p.name) == key]
    invited = [i for i in (await c.execute(INVITED, {"meeting_id": meeting.id})).all() if key_of(i.name) == key]
    named_child = key in {key_of(n) for n in case.children.split(",")}
    if not mine and not named_child and not invited:
        return None
    ids = {p.id for p in mine}
    names = {p.id: p.name for p in people}
    items = [i for i in (await c.execute(ITEMS_OF, {"meeting_id": meeting.id})).all()
             if not i.removed and not i.professionals_only]
    scales = {s.id: s for s in (await c.execute(SCALES_OF, {"meeting_id": meeting.id})).all()
              if not s.professionals_only and not s.anonymous}  # nobody may tie a hidden-name answer to a person
    texts = {i.id: i.text for i in items}
    return {
        "_ids": sorted(ids),
        "meeting": meeting.id, "title": meeting.title, "date": meeting.held_on.isoformat(),
        "type": MEETING_KIND_LABELS.get(meeting.kind, meeting.kind), "status": meeting.status,
        "took_part_as": [{"name": p.name, "connection": p.connection, "agency": p.agency, "status": p.status,
                          "joined_at": p.created_at.isoformat()} for p in mine],
        "invited": [{"name": i.name, "connection": i.connection, "agency": i.agency, "email": i.email,
                     "withdrawn": i.withdrawn, "invited_at": i.created_at.isoformat()} for i in invited],
        "wrote": [_item(i, names) for i in items if _theirs(i.author_id, i.recorded_for, ids, key)],
        "answers": [{"question": scales[v.scale_id].question, "value": v.value, "why": v.reason}
                    for v in (await c.execute(VOTES_OF, {"meeting_id": meeting.id})).all()
                    if _theirs(v.voter_id, v.on_behalf, ids, key) and v.scale_id in scales],
        "agreement": [{"statement": texts[a.item_id], "answer": a.answer}
                      for a in (await c.execute(AGREEMENTS_OF, {"meeting_id": meeting.id})).all()
                      if a.participant_id in ids and a.item_id in texts],
        "disagreed_with_the_decision": [d.words for d in (await c.execute(DISSENTS_OF, {"meeting_id": meeting.id})).all()
                                        if key_of(d.name) == key],
        "record": [_item(i, names) for i in items],
    }


def _theirs(author_id: str, recorded_for: str | None, ids: set[str], key: str) -> bool:
    """Their own words or answer: given from their device, or recorded by the chair for them."""
    return key_of(recorded_for) == key if recorded_for else author_id in ids


def _item(item, names: dict) -> dict:
    by = item.recorded_for or names.get(item.author_id, "")
    return {"column": item.column, "section": item.section, "text": item.text, "by": by,
            "date": item.created_at.date().isoformat()}
