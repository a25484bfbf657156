"""Review finding 10: what a checked ID token's claims may do. With groups mapped to roles, someone
in none of the mapped groups is left with no role and not signed in; `email_verified`, when sent,
must be true; `preferred_username` stands for the email only when it is an email of an allowed domain.
An account is bound to the identity (issuer and subject) that first signed it in."""

from __future__ import annotations

import pytest

from meeting_room.core.errors import NotAllowed
from meeting_room.domain.accounts import USER_BY_EMAIL
from meeting_room.domain.sso import Policy, account_for
from meeting_room.store.db import Database
from tests.helpers import make_chair

MAPPED = Policy(("northshire.gov.uk",), {"mr-chairs": "chair", "mr-admins": "admin"}, "groups", False)
UNMAPPED = Policy(("northshire.gov.uk",), {}, "groups", False)
AMY = "amy@northshire.gov.uk"
ISSUER = "https://login.northshire.gov.uk"
ME = {"iss": ISSUER, "sub": "amy-0001"}  # the provider's identity for Amy: never changes, never reused


@pytest.fixture
async def db(database_url):
    await make_chair(database_url, email=AMY)  # the first account: administrator and chair
    database = Database(database_url)
    yield database
    await database.dispose()


async def _roles(db: Database) -> str:
    async with db.read() as c:
        return (await c.execute(USER_BY_EMAIL, {**ME, "email": AMY})).first().roles


async def test_no_mapped_group_leaves_no_role_and_no_sign_in(db):
    assert (await account_for(db, {**ME, "email": AMY, "groups": ["mr-chairs"]}, MAPPED)).roles == "chair"
    with pytest.raises(NotAllowed, match="ask your administrator"):
        await account_for(db, {**ME, "email": AMY, "groups": ["unrelated"]}, MAPPED)
    assert await _roles(db) == ""  # the old roles are gone, for every session
    with pytest.raises(NotAllowed):
        await account_for(db, {**ME, "email": AMY}, MAPPED)


async def test_without_a_group_mapping_roles_are_kept(db):
    assert (await account_for(db, {**ME, "email": AMY}, UNMAPPED)).roles == "admin,chair"


async def test_an_email_not_confirmed_is_refused(db):
    for verified in (False, "false", "true", None, 0):
        with pytest.raises(NotAllowed, match="not confirmed"):
            await account_for(db, {**ME, "email": AMY, "email_verified": verified, "groups": ["mr-chairs"]}, MAPPED)
    assert (await account_for(db, {**ME, "email": AMY, "email_verified": True, "groups": ["mr-chairs"]}, MAPPED)).email == AMY


async def test_preferred_username_only_as_an_email_of_an_allowed_domain(db):
    user = await account_for(db, {**ME, "preferred_username": "Amy@Northshire.gov.uk", "groups": ["mr-chairs"]}, MAPPED)
    assert user.email == AMY
    for name in ("amy", "amy@elsewhere.org", "amy@northshire.gov.uk.evil.org", 7):
        with pytest.raises(NotAllowed, match="did not say your email"):
            await account_for(db, {**ME, "preferred_username": name, "groups": ["mr-chairs"]}, MAPPED)


async def test_an_identity_keeps_its_account_when_its_email_changes(db):
    first = await account_for(db, {**ME, "email": AMY, "groups": ["mr-chairs"]}, MAPPED)
    renamed = await account_for(db, {**ME, "email": "amy.jones@northshire.gov.uk", "groups": ["mr-chairs"]}, MAPPED)
    assert renamed.id == first.id


async def test_an_email_given_to_someone_else_does_not_open_the_old_account(db):
    await account_for(db, {**ME, "email": AMY, "groups": ["mr-chairs"]}, MAPPED)  # Amy's identity is bound
    newcomer = {"iss": ISSUER, "sub": "someone-new-0042", "email": AMY, "groups": ["mr-admins"]}
    with pytest.raises(NotAllowed, match="belongs to another council account"):
        await account_for(db, newcomer, MAPPED)
    assert await _roles(db) == "chair"  # nothing changed


async def test_a_token_without_issuer_or_subject_is_refused(db):
    for identity in ({}, {"iss": ISSUER}, {"sub": "amy-0001"}, {"iss": ISSUER, "sub": ""}, {"iss": ISSUER, "sub": 7}):
        with pytest.raises(NotAllowed, match="could not be recognised"):
            await account_for(db, {**identity, "email": AMY, "groups": ["mr-chairs"]}, MAPPED)
