"""Password hashing itself, with the real parameters (the other tests use cheap ones)."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher

from meeting_room.core import passwords


@pytest.fixture
def real_hashing():
    passwords.use_hasher(PasswordHasher())
    yield
    passwords.use_hasher(PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))


async def test_passwords_are_hashed_with_argon2id_at_the_recommended_cost(real_hashing):
    stored = await passwords.hash_password("a long enough password")
    recommended = PasswordHasher()
    assert stored.startswith("$argon2id$")
    assert f"m={recommended.memory_cost},t={recommended.time_cost},p={recommended.parallelism}" in stored
    assert await passwords.verify_password(stored, "a long enough password")
    assert not await passwords.verify_password(stored, "a long enough passwore")
    assert not await passwords.verify_password("not a hash", "a long enough password")


async def test_an_unknown_email_costs_a_real_check(real_hashing, monkeypatch):
    checked = []
    real = passwords.verify_password

    async def counting(stored, password):
        checked.append(stored)
        return await real(stored, password)
    monkeypatch.setattr(passwords, "verify_password", counting)
    await passwords.burn_password_time("guess")
    assert len(checked) == 1 and checked[0].startswith("$argon2id$")


def test_session_secrets_are_long_random_and_stored_only_hashed():
    secret = passwords.new_secret()
    assert len(secret) >= 43 and secret != passwords.new_secret()
    assert passwords.hash_secret(secret) != secret and len(passwords.hash_secret(secret)) == 64
