"""Two-step sign-in (issue 26, point 2): setting up an authenticator app, checking a code or a
recovery code at sign-in, turning it off. Knows no HTTP; the codes' rules are in `core/totp.py`."""

from __future__ import annotations

import logging

from sqlalchemy import bindparam, delete, func, select

from meeting_room.core import totp
from meeting_room.core.sealed import is_sealed, seal, unseal
from meeting_room.core.errors import Invalid
from meeting_room.core.passwords import hash_secret, verify_password
from meeting_room.domain.accounts import USERS
from meeting_room.store.db import Database
from meeting_room.store.models import UserRow, now
from meeting_room.store.staff_models import RecoveryCode

CODES = RecoveryCode.__table__
FORGET_CODES = delete(CODES).where(CODES.c.user_id == bindparam("user_id"))
CODES_LEFT = select(func.count()).select_from(CODES).where(CODES.c.user_id == bindparam("user_id"),
                                                          CODES.c.used_at.is_(None))
WRONG_CODE = "That code is not right. Type the 6 numbers your app shows now."

log = logging.getLogger("meeting_room.two_step")


# `key` below seals the app's secret in the database (`core/sealed.py`); each secret is bound to its account.

async def start_setup(db: Database, key: bytes, user_id: str) -> str:
    """A new secret to scan, kept aside (sealed) until a code from it is typed back."""
    secret = totp.new_secret()
    async with db.write() as c:
        await c.set(USERS, user_id, totp_pending=seal(key, secret, user_id))
    return secret


async def pending_secret(db: Database, key: bytes, user_id: str) -> str | None:
    async with db.read() as c:
        user = await c.get(USERS, user_id)
    return unseal(key, user.totp_pending, user_id) if user else None


async def confirm_setup(db: Database, key: bytes, user_id: str, code: str, at: float | None = None) -> list[str]:
    """The app works: two-step sign-in is on. Returns the recovery codes, to be shown this once."""
    codes = totp.new_recovery_codes()
    async with db.write() as c:
        user = await c.get(USERS, user_id)
        secret = unseal(key, user.totp_pending, user_id) if user else None
        if secret is None:
            raise Invalid("Please start setting up your app again.")
        step = totp.matching_step(secret, code, None, at)
        if step is None:
            raise Invalid(WRONG_CODE)
        await c.set(USERS, user_id, totp_secret=seal(key, secret, user_id), totp_pending=None, totp_last_step=step)
        await c.execute(FORGET_CODES, {"user_id": user_id})
        for one in codes:
            await c.insert(CODES, code_hash=hash_secret(totp.normal_recovery_code(one)), user_id=user_id)
    log.info("two-step sign-in turned on")
    return codes


async def check_code(db: Database, key: bytes, user_id: str, code: str, at: float | None = None) -> bool:
    """A code from the app (once per step), or an unused recovery code (then used up). A secret
    that cannot be unsealed (the secret key changed) leaves the recovery codes."""
    async with db.write() as c:
        user = await c.get(USERS, user_id)
        if user is None or not user.totp_secret:
            return False
        secret = unseal(key, user.totp_secret, user_id)
        step = totp.matching_step(secret, code, user.totp_last_step, at) if secret else None
        if step is not None:
            sealed = {} if is_sealed(user.totp_secret) else {"totp_secret": seal(key, secret, user_id)}  # kept before sealing
            await c.set(USERS, user_id, totp_last_step=step, **sealed)
            return True
        key = hash_secret(totp.normal_recovery_code(code))
        row = await c.get(CODES, key)
        if row is None or row.user_id != user_id or row.used_at is not None:
            return False
        await c.set(CODES, key, used_at=now())
    log.info("recovery code used")
    return True


async def turn_off(db: Database, user: UserRow, password: str) -> None:
    if not await verify_password(user.password_hash, password or ""):
        raise Invalid("Your password is not right.")
    async with db.write() as c:
        await c.set(USERS, user.id, totp_secret=None, totp_pending=None, totp_last_step=None)
        await c.execute(FORGET_CODES, {"user_id": user.id})


async def codes_left(db: Database, user_id: str) -> int:
    async with db.read() as c:
        return (await c.execute(CODES_LEFT, {"user_id": user_id})).scalar_one()
