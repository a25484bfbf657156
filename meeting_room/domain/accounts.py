"""Chair accounts, first-run setup and chair sessions. Knows nothing of HTTP."""

from __future__ import annotations

import logging
import re
from datetime import timedelta

from sqlalchemy import bindparam, delete, func, select

from meeting_room.core.errors import Invalid, NotAllowed
from meeting_room.core.passwords import (
    burn_password_time,
    hash_password,
    hash_secret,
    new_secret,
    verify_password,
)
from meeting_room.core.text import TextError, clean_line
from meeting_room.store.db import Database
from meeting_room.store.models import ChairSession, SetupToken, User, UserRow, now

USERS, SESSIONS, SETUP_TOKENS = User.__table__, ChairSession.__table__, SetupToken.__table__
COUNT_USERS = select(func.count()).select_from(USERS)
USER_BY_EMAIL = select(USERS).where(USERS.c.email == bindparam("email"))
FORGET_SETUP_TOKENS = delete(SETUP_TOKENS)
END_SESSION = delete(SESSIONS).where(SESSIONS.c.token_hash == bindparam("token_hash"))

log = logging.getLogger("meeting_room.accounts")

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MIN_PASSWORD = 10


def _clean_account(name: str, email: str, password: str) -> tuple[str, str]:
    try:
        name = clean_line(name, "Your name", 100)
        email = clean_line(email, "Email", 254).lower()
    except TextError as e:
        raise Invalid(str(e)) from None
    check_email(email)
    check_new_password(password)
    return name, email


def check_email(email: str) -> None:
    if not EMAIL.match(email):
        raise Invalid("Please give a whole email address, like name@example.org.")


def check_new_password(password: str) -> None:
    """Today's rules for every new password: set-up, invitation, reset and change."""
    if not isinstance(password, str) or len(password) < MIN_PASSWORD:
        raise Invalid(f"The password needs at least {MIN_PASSWORD} characters.")
    if len(password) > 1000 or "\x00" in password:
        raise Invalid("That password cannot be used. Please choose another.")


async def chair_count(db: Database) -> int:
    async with db.read() as c:
        return (await c.execute(COUNT_USERS)).scalar_one()


async def new_setup_token(db: Database) -> str | None:
    """A fresh one-time setup secret, or None when a chair account exists already."""
    secret = new_secret()
    async with db.write() as c:
        if (await c.execute(COUNT_USERS)).scalar_one():
            return None
        await c.execute(FORGET_SETUP_TOKENS)
        await c.insert(SETUP_TOKENS, token_hash=hash_secret(secret))
    return secret


async def setup_token_valid(db: Database, secret: str) -> bool:
    async with db.read() as c:
        return await c.get(SETUP_TOKENS, hash_secret(secret or "")) is not None


async def create_chair(db: Database, name: str, email: str, password: str,
                       setup_secret: str | None = None) -> UserRow:
    """Create a chair account. With `setup_secret`, this is the first-run account and the
    secret is used up."""
    name, email = _clean_account(name, email, password)
    if setup_secret is not None:  # cheap checks first: a wrong link never costs a password hash
        if not setup_secret or not await setup_token_valid(db, setup_secret):
                raise NotAllowed("This setup link has been used already or is not valid.")
    password_hash = await hash_password(password)
    async with db.write() as c:
        if setup_secret is not None:
            if await c.get(SETUP_TOKENS, hash_secret(setup_secret)) is None:
                raise NotAllowed("This setup link has been used already or is not valid.")
            await c.execute(FORGET_SETUP_TOKENS)
        if (await c.execute(USER_BY_EMAIL, {"email": email})).first():
            raise Invalid("There is already an account with that email.")
        first = not (await c.execute(COUNT_USERS)).scalar_one()  # the first account runs the others
        user = await c.insert(USERS, name=name, email=email, password_hash=password_hash,
                              roles="admin,chair" if first else "chair")
    log.info("chair account created")
    return user


async def sign_in(db: Database, email: str, password: str) -> str:
    """Check the password and start a new session. Returns the cookie secret."""
    user = await password_user(db, email, password)
    return await start_session(db, user.id)


async def password_user(db: Database, email: str, password: str) -> UserRow:
    """The active account with this email and password (a second step may still be due)."""
    email = (email or "").strip().lower()[:254]
    async with db.read() as c:
        user = (await c.execute(USER_BY_EMAIL, {"email": email})).first()
    if user is None:
        await burn_password_time(password or "")
        raise Invalid("That email and password do not match an account.")
    if not await verify_password(user.password_hash, password or ""):
        raise Invalid("That email and password do not match an account.")
    if not user.active:
        raise NotAllowed("This account has been turned off. Ask your administrator.")
    return user


async def start_session(db: Database, user_id: str) -> str:
    """A new session for this account. Returns the cookie secret."""
    secret = new_secret()
    async with db.write() as c:
        await c.insert(SESSIONS, token_hash=hash_secret(secret), user_id=user_id)
    log.info("chair signed in")
    return secret


async def session_user(db: Database, secret: str | None, idle_minutes: int,
                       max_hours: int) -> UserRow | None:
    """The chair behind a session cookie, or None if it is unknown or expired."""
    if not secret:
        return None
    key = hash_secret(secret)
    async with db.snapshot() as c:
        row = await c.get(SESSIONS, key)
        if row is None:
            return None
        user = await c.get(USERS, row.user_id)
    if user is None or not user.active:
        return None
    moment = now()
    if (moment - row.last_seen_at > timedelta(minutes=idle_minutes)
            or moment - row.created_at > timedelta(hours=max_hours)):
        await sign_out(db, secret)
        return None
    if moment - row.last_seen_at > timedelta(minutes=1):  # do not write on every request
        async with db.write() as c:
            await c.set(SESSIONS, key, last_seen_at=moment)
    return user


async def sign_out(db: Database, secret: str | None) -> None:
    if not secret:
        return
    async with db.write() as c:
        await c.execute(END_SESSION, {"token_hash": hash_secret(secret)})


async def chair_session_active(db: Database, token_hash: str, idle_minutes: int, max_hours: int) -> bool:
    """Is this chair session still signed in: not signed out, not idle too long, not too old?
    Asked by the live hubs every few seconds, so an expired session loses its sockets on time."""
    async with db.read() as c:
        row = await c.get(SESSIONS, token_hash)
    if row is None:
        return False
    moment = now()
    return (moment - row.last_seen_at <= timedelta(minutes=idle_minutes)
            and moment - row.created_at <= timedelta(hours=max_hours))


async def user_by_id(db: Database, user_id: str) -> UserRow | None:
    async with db.read() as c:
        return await c.get(USERS, user_id) if user_id else None
