"""Who may do what: every permission rule, once. The domain enforces them inside each change;
the views ask the same functions to decide what to show."""

from __future__ import annotations

from dataclasses import dataclass

from meeting_room.core.errors import NotAllowed, NotFound


@dataclass(frozen=True)
class Actor:
    """Who is making a change, as far as the rules need to know."""
    id: str
    role: str
    user_id: str | None
    co_chair: bool = False  # made co-chair by the chair: runs the board, but does not close or name co-chairs


FAMILY_ROLES = frozenset({"family", "child"})


def sees_everything(person) -> bool:
    """Professionals and the chair see professionals-only items and scales; family members and
    children do not (nor does the shared screen, which has no person)."""
    return person is not None and person.role not in FAMILY_ROLES


def check_may_see(person, thing) -> None:
    """Something professionals-only is, for a family member, not there at all."""
    if getattr(thing, "professionals_only", False) and not sees_everything(person):
        raise NotFound("That could not be found. It may have been removed.")


def takes_part(person) -> bool:
    """Let in by the chair, and through the door: the lobby secret swapped for a fresh one."""
    return person is not None and person.status == "admitted" and person.entered


def waits_in_lobby(person) -> bool:
    """Waiting to be let in, let in but not through the door yet, or asked to wait outside for a while."""
    return person is not None and (person.status in ("waiting", "outside")
                                   or (person.status == "admitted" and not person.entered))


def member(meeting, actor: Actor) -> None:
    """Anyone let in to an open meeting may add, answer and change their own words."""
    if meeting.actor_status != "admitted":
        raise NotAllowed("You are not in this meeting now.")
    if meeting.status != "open":
        raise NotAllowed("This meeting has closed. Nothing can be changed now.")


def chair(meeting, actor: Actor) -> None:
    """The chair of this meeting only."""
    member(meeting, actor)
    if not is_chair(meeting, actor):
        raise NotAllowed("Only the chair can do that.")


def is_chair(meeting, actor: Actor) -> bool:
    """The chair, or a co-chair: everything on the board."""
    return is_lead_chair(meeting, actor) or bool(getattr(actor, "co_chair", False))


def is_lead_chair(meeting, actor: Actor) -> bool:
    return actor.role == "chair" and actor.user_id == meeting.chair_id


def lead_chair(meeting, actor: Actor) -> None:
    """The chair of this meeting only, not a co-chair: closing, and who is co-chair."""
    member(meeting, actor)
    if not is_lead_chair(meeting, actor):
        raise NotAllowed("Only the chair can do that.")


def check_is_chair(meeting, actor: Actor, what: str) -> None:
    if not is_chair(meeting, actor):
        raise NotAllowed(f"Only the chair can {what}.")


def may_change_item(actor, item) -> bool:
    """The person who added it, or the chair; the family's plan, any of the family."""
    return actor.role == "chair" or bool(getattr(actor, "co_chair", False)) or item.author_id == actor.id \
        or (bool(getattr(item, "family_plan", False)) and actor.role in FAMILY_ROLES)


def check_family_plan_item(meeting, actor, item) -> None:
    """Only the chair removes items; in family time, the family removes items of its own plan too."""
    if not (meeting.family_time and item.family_plan and actor.role in FAMILY_ROLES):
        raise NotAllowed("Only the chair can do that.")


def check_may_change_item(actor, item) -> None:
    check_may_see(actor, item)
    check_child_words(actor, item)
    if not may_change_item(actor, item):
        raise NotAllowed("Only the person who added this, or the chair, can change it.")


def may_change_words(actor, item) -> bool:
    """A child's own words are kept exactly: only the child who wrote them may change them; words
    the chair recorded as a child's own may not be changed by anyone (filing and hiding may)."""
    if not getattr(item, "child_words", None):
        return True
    return actor.role == "child" and item.author_id == actor.id


def check_child_words(actor, item) -> None:
    if not may_change_words(actor, item):
        raise NotAllowed(f"These are {item.child_words}'s own words, so nobody else can change them. "
                         "The chair can still move them, or hide them from family devices.")


def check_speaks_for_others(actor: Actor, what: str) -> None:
    """Only the chair records words or answers for someone without a device."""
    if actor.role != "chair" and not getattr(actor, "co_chair", False):
        raise NotAllowed(f"Only the chair can {what} for someone else.")


def child_view(person) -> bool:
    """A child or young person sees the three houses, unless the chair shows them the full board."""
    return person is not None and person.role == "child" and not getattr(person, "full_board", False)
