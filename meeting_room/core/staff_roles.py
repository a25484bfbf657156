"""Staff roles (issue 26): what each one may do, and how they are written in the database.

A person may hold several: `admin` runs the staff accounts (and sees no meeting content for
that), `chair` runs meetings, `lead` (a practice lead) reads their teams' meetings."""

from __future__ import annotations

from meeting_room.core.errors import Invalid, NotAllowed

ROLE_NAMES = {"admin": "Administrator", "chair": "Chair", "lead": "Practice lead"}


def roles_of(user) -> frozenset[str]:
    """The roles of an account (a row with `roles`), or none for nobody."""
    if user is None or not getattr(user, "active", True):
        return frozenset()
    return frozenset(r for r in (getattr(user, "roles", "") or "").split(",") if r)


def has_role(user, role: str) -> bool:
    return role in roles_of(user)


def roles_text(chosen) -> str:
    """Roles as stored: known ones only, in a fixed order. At least one is needed."""
    chosen = set(chosen)
    unknown = chosen - ROLE_NAMES.keys()
    if unknown:
        raise Invalid("Please choose roles from the list.")
    if not chosen:
        raise Invalid("Please choose at least one role.")
    return ",".join(r for r in ROLE_NAMES if r in chosen)


def role_words(user) -> str:
    """'Administrator, Chair' for a page."""
    return ", ".join(ROLE_NAMES[r] for r in ROLE_NAMES if r in roles_of(user))


def check_admin(user) -> None:
    if not has_role(user, "admin"):
        raise NotAllowed("Only an administrator can do that.")


def check_chair(user) -> None:
    if not has_role(user, "chair"):
        raise NotAllowed("Only a chair can do that. Ask your administrator if you need to chair meetings.")


def reads_for_team(user, meeting) -> bool:
    """A chair or practice lead of the meeting's team may read its record (not change it). An
    administrator, as such, sees no meeting content."""
    team = getattr(meeting, "team_id", None)
    return (team is not None and getattr(user, "team_id", None) == team
            and bool(roles_of(user) & {"chair", "lead"}))


def may_export_person(user, meeting) -> bool:
    """A person's data on request (review finding 2): only the meeting's chair, or an administrator of
    the meeting's own team. An administrator of another team, or of no team, may not."""
    if user is None or not roles_of(user):
        return False
    if getattr(meeting, "chair_id", None) == getattr(user, "id", None) and has_role(user, "chair"):
        return True
    team = getattr(meeting, "team_id", None)
    return has_role(user, "admin") and team is not None and getattr(user, "team_id", None) == team
