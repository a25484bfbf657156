"""Single sign-on with the council's identity provider (issue 26, point 3), the part that knows no
HTTP: keeping a sign-in's state between the two redirects, and deciding who a checked ID token is.
The ID token itself is checked by the client library (signature against the provider's keys,
issuer, audience, expiry, nonce) before `account_for` sees its claims."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import bindparam, delete, select

from meeting_room.core.errors import NotAllowed
from meeting_room.core.passwords import NO_PASSWORD
from meeting_room.core.staff_roles import ROLE_NAMES
from meeting_room.core.text import TextError, clean_line
from meeting_room.domain.accounts import EMAIL, USER_BY_EMAIL, USERS
from meeting_room.store.db import Database
from meeting_room.store.models import UserRow, now
from meeting_room.store.staff_models import OidcState, SsoLink

STATES, LINKS = OidcState.__table__, SsoLink.__table__
LINKED = select(LINKS.c.user_id).where(LINKS.c.issuer == bindparam("issuer"), LINKS.c.subject == bindparam("subject"))
LINK_OF_USER = select(LINKS.c.subject).where(LINKS.c.issuer == bindparam("issuer"), LINKS.c.user_id == bindparam("user"))
EXPIRED = delete(STATES).where(STATES.c.expires_at < bindparam("moment"))
TAKEN = ("This email address belongs to another council account in Meeting Room. "
         "Please ask your administrator.")
ASK = "You do not have an account in Meeting Room yet. Please ask your administrator."
NO_ROLE = "Your council account is in none of the groups that use Meeting Room. Please ask your administrator."

log = logging.getLogger("meeting_room.sso")


class StateStore:
    """The client library's cache: one row per sign-in under way, on every process alike."""

    def __init__(self, db: Database):
        self.db = db

    async def get(self, key: str):
        async with self.db.read() as c:
            row = await c.get(STATES, key[:200])
        return row.value if row is not None and row.expires_at > now() else None

    async def set(self, key: str, value: str, expires: int | None = None) -> None:
        async with self.db.write() as c:
            await c.execute(EXPIRED, {"moment": now()})
            await c.insert(STATES, key=key[:200], value=value, expires_at=now() + timedelta(seconds=expires or 3600))

    async def delete(self, key: str) -> None:
        async with self.db.write() as c:
            await c.execute(delete(STATES).where(STATES.c.key == key[:200]))


@dataclass(frozen=True)
class Policy:
    allowed_domains: tuple[str, ...]
    group_roles: dict[str, str]  # group (or app role) -> chair, lead or admin
    groups_claim: str = "groups"
    create_accounts: bool = False


def policy_of(settings) -> Policy:
    pairs = (p.rpartition("=") for p in settings.oidc_group_roles)
    return Policy(tuple(settings.oidc_allowed_domains), {g.strip(): r.strip() for g, _, r in pairs},
                  settings.oidc_groups_claim, settings.oidc_create_accounts)


def _email(claims: dict, policy: Policy) -> str:
    """The person's email: `email`; or, when there is none, Entra ID's `preferred_username`, but only
    if it reads as an email of an allowed domain. `email_verified`, when sent, must be true."""
    if "email_verified" in claims and claims["email_verified"] is not True:
        raise NotAllowed("Your council account's email address is not confirmed yet.")
    email = claims.get("email")
    if not email:
        email = claims.get("preferred_username") or ""
        if not isinstance(email, str) or email.strip().lower().rpartition("@")[2] not in policy.allowed_domains:
            email = ""
    if not isinstance(email, str) or not EMAIL.match(email.strip()):
        raise NotAllowed("Your council account did not say your email address. Please ask your administrator.")
    return email.strip().lower()


def roles_from(claims: dict, policy: Policy) -> set[str]:
    groups = claims.get(policy.groups_claim) or []
    groups = [groups] if isinstance(groups, str) else groups
    return {policy.group_roles[g] for g in groups if isinstance(g, str) and g in policy.group_roles}


def _identity(claims: dict) -> tuple[str, str]:
    """The council identity: the token's issuer and subject (checked by the client library)."""
    issuer, subject = claims.get("iss"), claims.get("sub")
    if not (isinstance(issuer, str) and isinstance(subject, str) and issuer and subject
            and len(issuer) <= 200 and len(subject) <= 255):
        raise NotAllowed("Your council account could not be recognised. Please ask your administrator.")
    return issuer, subject


async def _linked_account(c, claims: dict, email: str, roles: str, policy: Policy) -> UserRow | None:
    """The account this identity signs in. An identity seen before signs in the account it was
    bound to, whatever its email says now; a new one is bound by email, once, and never to an
    account already bound to someone else at this provider (an email address given to a new
    person must not open the old one's account)."""
    issuer, subject = _identity(claims)
    linked = (await c.execute(LINKED, {"issuer": issuer, "subject": subject})).first()
    if linked is not None:
        return await c.get(USERS, linked.user_id)
    user = (await c.execute(USER_BY_EMAIL, {"email": email})).first()
    if user is None:
        if not (policy.create_accounts and roles):
            raise NotAllowed(ASK)
        user = await c.insert(USERS, name=_name(claims, email), email=email, password_hash=NO_PASSWORD, roles=roles)
        log.info("account created at single sign-on")
    elif (await c.execute(LINK_OF_USER, {"issuer": issuer, "user": user.id})).first() is not None:
        log.info("single sign-on refused: the email's account is bound to another identity")
        raise NotAllowed(TAKEN)
    await c.insert(LINKS, issuer=issuer, subject=subject, user_id=user.id)
    return user


async def account_for(db: Database, claims: dict, policy: Policy) -> UserRow:
    """The account a checked ID token signs in: from an allowed domain, active; roles from groups.
    When groups are mapped to roles, someone in none of them keeps no role and is not signed in."""
    email = _email(claims, policy)
    if email.rpartition("@")[2] not in policy.allowed_domains:
        raise NotAllowed("Your email address is not one this council's Meeting Room accepts.")
    roles = ",".join(r for r in ROLE_NAMES if r in roles_from(claims, policy))
    async with db.write() as c:
        user = await _linked_account(c, claims, email, roles, policy)
        if user is None or not user.active:
            raise NotAllowed("This account has been turned off. Ask your administrator.")
        if (roles or policy.group_roles) and roles != user.roles:
            await c.set(USERS, user.id, roles=roles)  # no mapped group: no role (committed, then refused)
            user = user._replace(roles=roles)
    if not roles and policy.group_roles:
        log.info("single sign-on refused: no mapped group")
        raise NotAllowed(NO_ROLE)
    return user


def _name(claims: dict, email: str) -> str:
    try:
        return clean_line(str(claims.get("name") or email.partition("@")[0]), "Your name", 100)
    except TextError:
        return email.partition("@")[0][:100]
