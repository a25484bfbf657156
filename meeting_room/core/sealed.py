"""Secrets we must read back, not only compare (an authenticator app's key), are kept sealed:
AES-GCM under a key derived from MEETING_ROOM_SECRET_KEY, and bound to the row they belong to, so
a copy of the database alone gives none of them away, and one cannot be moved to another account.
Changing the secret key makes sealed secrets unreadable: people then sign in with a recovery code
and set up their app again."""

from __future__ import annotations

import base64
import os
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

PREFIX = "s1:"


@lru_cache(maxsize=4)
def key_from(secret_key: str) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
                info=b"meeting-room sealed secrets v1").derive(secret_key.encode())


def seal(key: bytes, plain: str, bound_to: str) -> str:
    nonce = os.urandom(12)
    sealed = AESGCM(key).encrypt(nonce, plain.encode(), bound_to.encode())
    return PREFIX + base64.urlsafe_b64encode(nonce + sealed).decode().rstrip("=")


def is_sealed(stored: str | None) -> bool:
    return bool(stored) and stored.startswith(PREFIX)


def unseal(key: bytes, stored: str | None, bound_to: str) -> str | None:
    """The secret; as it is if it was kept before sealing began; None if it cannot be read (another
    secret key, another row, or changed)."""
    if not stored or not is_sealed(stored):
        return stored or None
    try:
        raw = base64.urlsafe_b64decode(stored[len(PREFIX):] + "=" * (-len(stored) % 4))
        return AESGCM(key).decrypt(raw[:12], raw[12:], bound_to.encode()).decode()
    except (InvalidTag, ValueError):
        return None
