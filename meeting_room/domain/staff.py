"""Staff accounts run from the browser (issue 26): invitations, new set-up links, turning an
account off, changing a password, and the sign-ins a person can look back on. Knows no HTTP.

Links are single-use and expire; only the SHA-256 of their secret is stored (like sessions)."""

from __future__ import annotations

import logging
from datetime import timedelta

from sqlalchemy import bindparam, delete, select

from meeting_room.core.errors import Invalid, NotAllowed, NotFound
from meeting_room.core.passwords import (
    NO_PASSWORD,
    hash_password,
    hash_secret,
    new_secret,
    verify_password,
)
from meeting_room.core.staff_roles import check_admin, roles_text
from meeting_room.core.text import TextError, clean_line
from meeting_room.domain.accounts import (
    SESSIONS,
    USER_BY_EMAIL,
    USERS,
    check_email,
    check_new_password,
)
from meeting_room.store.db import Database
from meeting_room.store.models import AuditEntry, UserRow, now
from meeting_room.store.staff_models import StaffLink, StaffLinkRow, Team

LINKS, TEAMS, AUDIT = StaffLink.__table__, Team.__table__, AuditEntry.__table__
ALL_USERS = select(USERS).order_by(USERS.c.active.desc(), USERS.c.name)
ALL_TEAMS = select(TEAMS).order_by(TEAMS.c.name)
SESSIONS_OF = delete(SESSIONS).where(SESSIONS.c.user_id == bindparam("user_id"))
OTHER_SESSIONS = delete(SESSIONS).where(SESSIONS.c.user_id == bindparam("user_id"),
                                        SESSIONS.c.token_hash != bindparam("keep"))
UNUSED_LINKS_OF = delete(LINKS).where(LINKS.c.user_id == bindparam("user_id"), LINKS.c.used_at.is_(None))
SIGN_INS = (select(AUDIT).where(AUDIT.c.actor == bindparam("user_id"), AUDIT.c.action == "sign_in")
            .order_by(AUDIT.c.at.desc(), AUDIT.c.id.desc()).limit(10))
GONE = "This link has been used already, has expired or is not valid. Ask your administrator for a new one."

log = logging.getLogger("meeting_room.staff")


def _email(email: str) -> str:
    try:
        email = clean_line(email, "Email", 254).lower()
    except TextError as e:
        raise Invalid(str(e)) from None
    check_email(email)
    return email


async def accounts_and_teams(db: Database) -> tuple[list, list]:
    async with db.snapshot() as c:
        return (await c.execute(ALL_USERS)).all(), (await c.execute(ALL_TEAMS)).all()


async def invite(db: Database, admin: UserRow, email: str, roles, team_id: str | None, days: int) -> str:
    """A single-use invitation for `email` with these roles (and team). Returns the link's secret."""
    check_admin(admin)
    email, roles = _email(email), roles_text(roles)
    secret = new_secret()
    async with db.write() as c:
        if team_id and await c.get(TEAMS, team_id) is None:
            raise Invalid("Please choose a team from the list.")
        if (await c.execute(USER_BY_EMAIL, {"email": email})).first():
            raise Invalid("There is already an account with that email.")
        await c.insert(LINKS, token_hash=hash_secret(secret), purpose="invite", email=email, roles=roles,
                       team_id=team_id or None, created_by=admin.id, expires_at=now() + timedelta(days=days))
    log.info("staff invited")
    return secret


async def new_setup_link(db: Database, admin: UserRow, user_id: str, days: int) -> tuple[str, UserRow]:
    """A new single-use link for an account whose password is forgotten; earlier ones stop working."""
    check_admin(admin)
    secret = new_secret()
    async with db.write() as c:
        user = await c.get(USERS, user_id)
        if user is None or not user.active:
            raise NotFound("That account could not be found, or it is turned off.")
        await c.execute(UNUSED_LINKS_OF, {"user_id": user.id})
        await c.insert(LINKS, token_hash=hash_secret(secret), purpose="reset", email=user.email, user_id=user.id,
                       created_by=admin.id, expires_at=now() + timedelta(days=days))
    return secret, user


async def link(db: Database, secret: str) -> StaffLinkRow | None:
    """The link behind a secret while it may still be used."""
    async with db.read() as c:
        row = await c.get(LINKS, hash_secret(secret or ""))
    return row if _usable(row) else None


def _usable(row) -> bool:
    return row is not None and row.used_at is None and row.expires_at > now()


async def _use(c, secret: str, purpose: str) -> StaffLinkRow:
    """Inside the write: the link is still usable (checked again under the lock) and is now used up."""
    row = await c.get(LINKS, hash_secret(secret or ""))
    if not _usable(row) or row.purpose != purpose:
        raise NotAllowed(GONE)
    await c.set(LINKS, row.token_hash, used_at=now())
    return row


async def accept_invite(db: Database, secret: str, name: str, password: str | None) -> UserRow:
    """`password` None: this council signs in with its own accounts only, so none is set."""
    try:
        name = clean_line(name, "Your name", 100)
    except TextError as e:
        raise Invalid(str(e)) from None
    if password is not None:
        check_new_password(password)
    if await link(db, secret) is None:  # a wrong link never costs a password hash
        raise NotAllowed(GONE)
    password_hash = NO_PASSWORD if password is None else await hash_password(password)
    async with db.write() as c:
        row = await _use(c, secret, "invite")
        if (await c.execute(USER_BY_EMAIL, {"email": row.email})).first():
            raise Invalid("There is already an account with that email. Sign in instead.")
        user = await c.insert(USERS, name=name, email=row.email, password_hash=password_hash, roles=row.roles,
                              team_id=row.team_id)
    log.info("staff account created from an invitation")
    return user


async def accept_reset(db: Database, secret: str, password: str) -> UserRow:
    """A new password from a set-up link: every session of that account ends."""
    check_new_password(password)
    if await link(db, secret) is None:
        raise NotAllowed(GONE)
    password_hash = await hash_password(password)
    async with db.write() as c:
        row = await _use(c, secret, "reset")
        user = await c.get(USERS, row.user_id)
        if user is None or not user.active:
            raise NotAllowed(GONE)
        await c.set(USERS, user.id, password_hash=password_hash)
        await c.execute(SESSIONS_OF, {"user_id": user.id})
    return user


async def set_active(db: Database, admin: UserRow, user_id: str, active: bool) -> UserRow:
    """Turn an account off (its sessions and links end; its meetings stay) or on again."""
    check_admin(admin)
    if user_id == admin.id:
        raise Invalid("You cannot turn off your own account. Ask another administrator.")
    async with db.write() as c:
        user = await c.get(USERS, user_id)
        if user is None:
            raise NotFound("That account could not be found.")
        await c.set(USERS, user.id, active=active)
        if not active:
            await c.execute(SESSIONS_OF, {"user_id": user.id})
            await c.execute(UNUSED_LINKS_OF, {"user_id": user.id})
    return user


async def change_password(db: Database, user: UserRow, current: str, new: str, keep_session: str) -> None:
    """The current password first; then every other session of this account ends."""
    check_new_password(new)
    if not await verify_password(user.password_hash, current or ""):
        raise Invalid("Your current password is not right.")
    password_hash = await hash_password(new)
    async with db.write() as c:
        await c.set(USERS, user.id, password_hash=password_hash)
        await c.execute(OTHER_SESSIONS, {"user_id": user.id, "keep": keep_session})


async def recent_sign_ins(db: Database, user_id: str) -> list:
    """The last ten sign-ins to this account: when and from where."""
    async with db.read() as c:
        return (await c.execute(SIGN_INS, {"user_id": user_id})).all()


async def add_team(db: Database, admin: UserRow, name: str) -> None:
    check_admin(admin)
    try:
        name = clean_line(name, "Team name", 80)
    except TextError as e:
        raise Invalid(str(e)) from None
    async with db.write() as c:
        if (await c.execute(select(TEAMS.c.id).where(TEAMS.c.name == name))).first():
            raise Invalid("There is already a team with that name.")
        await c.insert(TEAMS, name=name)


async def set_roles_and_team(db: Database, admin: UserRow, user_id: str, roles, team_id: str | None) -> None:
    """An administrator changes someone's roles and team (never their own administrator role)."""
    check_admin(admin)
    roles = roles_text(roles)
    if user_id == admin.id and "admin" not in roles.split(","):
        raise Invalid("You cannot take away your own administrator role. Ask another administrator.")
    async with db.write() as c:
        if team_id and await c.get(TEAMS, team_id) is None:
            raise Invalid("Please choose a team from the list.")
        if await c.get(USERS, user_id) is None:
            raise NotFound("That account could not be found.")
        await c.set(USERS, user_id, roles=roles, team_id=team_id or None)
