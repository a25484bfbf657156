"""Password hashing (argon2id) and the random secrets behind cookies and links.

Only hashes are stored: a password's argon2 hash, and the SHA-256 of every session or link
secret (they are long and random, so a fast hash is enough). Tests swap in a cheap hasher
with `use_hasher`, except the tests of hashing itself.
"""

from __future__ import annotations

import asyncio
import hashlib
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

NO_PASSWORD = "!single-sign-on"  # not an argon2 hash: no password ever matches it (council sign-in only)
_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters
_dummy_hash: str | None = None


def use_hasher(hasher: PasswordHasher) -> None:
    """Hash with other parameters from now on (tests use a cheap one)."""
    global _hasher, _dummy_hash
    _hasher, _dummy_hash = hasher, None


async def hash_password(password: str) -> str:
    # ~100 ms of CPU: keep it off the event loop.
    return await asyncio.to_thread(_hasher.hash, password)


async def verify_password(password_hash: str, password: str) -> bool:
    def check() -> bool:
        try:
            return _hasher.verify(password_hash, password)
        except (VerificationError, InvalidHashError):
            return False
    return await asyncio.to_thread(check)


async def burn_password_time(password: str) -> None:
    """Spend the same time as a real check, so unknown emails are not told apart by timing."""
    global _dummy_hash
    if _dummy_hash is None:
        _dummy_hash = await hash_password("not a real password")
    await verify_password(_dummy_hash, password)


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8", "replace")).hexdigest()
