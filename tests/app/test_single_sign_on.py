"""Single sign-on (issue 26, point 3), against a real, certified OpenID Connect provider (the npm
package oidc-provider, started on a loopback port: tests/oidc/). A good sign-in; an ID token with a
wrong nonce, a bad signature, a wrong audience, or that has expired; a replayed state; an email
domain that is not allowed; groups mapped to roles; password sign-in turned off."""

from __future__ import annotations

import httpx
import pytest

from meeting_room.store.db import Database
from meeting_room.store.models import AuditEntry
from meeting_room.web.settings import Settings
from tests.helpers import Person, make_chair
from tests.oidc.provider import CLIENT_ID, CLIENT_SECRET, Provider

APP = "http://testserver"


@pytest.fixture(scope="module")
def provider():
    started = Provider(f"{APP}/auth/oidc/callback").start()
    yield started
    started.stop()


def sso_settings(database_url: str, provider: Provider, **changes) -> Settings:
    values = dict(database_url=database_url, trusted_hosts=["testserver"], public_url=APP,
                  oidc_issuer=provider.url, oidc_client_id=CLIENT_ID, oidc_client_secret=CLIENT_SECRET,
                  oidc_allowed_domains=["northshire.gov.uk"], oidc_create_accounts=True,
                  oidc_group_roles=["mr-chairs=chair", "mr-leads=lead", "mr-admins=admin"])
    return Settings(**{**values, **changes})


@pytest.fixture
def settings(database_url, provider) -> Settings:
    return sso_settings(database_url, provider)


@pytest.fixture
async def people(app):
    """The app's side of a browser, and its provider's side (a browser keeps cookies for both)."""
    person, browser = Person.in_process(app), httpx.AsyncClient()
    yield person, browser
    await person.close()
    await browser.aclose()


async def _to_callback(provider: Provider, person: Person, browser: httpx.AsyncClient) -> str:
    page = await person.get("/login")
    assert "Sign in with your council account" in page.text
    r = await person.get("/auth/oidc/login")
    assert r.status_code == 302
    location = r.headers["location"]
    assert "code_challenge_method=S256" in location and "nonce=" in location and "state=" in location
    callback = await provider.walk(browser, location)
    assert callback.startswith(f"{APP}/auth/oidc/callback?")
    return callback


async def _sign_in(provider, people, email="amy@northshire.gov.uk", groups="mr-chairs", **tamper):
    person, browser = people
    await provider.next_person(browser, email, groups)
    callback = await _to_callback(provider, person, browser)
    if tamper:
        await provider.tamper(browser, **tamper)
    return await person.get(callback), callback


async def _signed_in(person: Person) -> bool:
    return (await person.get("/meetings")).status_code == 200


async def test_a_good_sign_in(provider, people, database_url):
    r, _ = await _sign_in(provider, people)
    assert r.status_code == 303 and r.headers["location"] == "/meetings"
    person = people[0]
    assert await _signed_in(person)
    account = await person.get("/account")
    assert "amy@northshire.gov.uk" in account.text and "Roles: Chair" in account.text
    db = Database(database_url)
    async with db.read() as c:
        actions = [(e.action, e.outcome) for e in (await c.execute(AuditEntry.__table__.select())).all()]
    await db.dispose()
    assert ("sign_in_sso", "ok") in actions


@pytest.mark.parametrize("tamper, refusal", [
    ({"nonce": "not-the-one-we-sent"}, "InvalidClaimError"),
    ({"rogue": "1"}, "BadSignatureError"),  # signed by a key the provider does not publish
    ({"aud": "some-other-app"}, "InvalidClaimError"),
    ({"aud": "some-other-app", "azp": CLIENT_ID}, "InvalidClaimError"),  # issued to another app, for us to pass on
    ({"expired": "1"}, "ExpiredTokenError"),
], ids=["wrong nonce", "bad signature", "wrong audience", "wrong audience with our azp", "expired"])
async def test_an_id_token_that_fails_a_check_signs_nobody_in(provider, people, tamper, refusal, caplog):
    r, _ = await _sign_in(provider, people, **tamper)
    assert r.status_code == 400 and "did not work" in r.text
    assert not await _signed_in(people[0])
    assert f"single sign-on refused ({refusal})" in caplog.text


async def test_a_replayed_state_is_refused(provider, people, app):
    r, callback = await _sign_in(provider, people)
    assert r.status_code == 303
    again = await people[0].get(callback)  # the same browser, the same answer from the provider
    assert again.status_code == 400
    elsewhere = Person.in_process(app)  # another browser, with someone else's callback
    assert (await elsewhere.get(callback)).status_code == 400 and not await _signed_in(elsewhere)
    await elsewhere.close()


async def test_a_callback_from_another_browser_is_refused(provider, people, app):
    person, browser = people
    await provider.next_person(browser, "amy@northshire.gov.uk", "mr-chairs")
    callback = await _to_callback(provider, person, browser)
    victim = Person.in_process(app)  # sent the link by someone who started a sign-in (login cross-site)
    assert (await victim.get(callback)).status_code == 400 and not await _signed_in(victim)
    await victim.close()


async def test_an_email_domain_that_is_not_allowed(provider, people):
    r, _ = await _sign_in(provider, people, email="amy@elsewhere.org")
    assert r.status_code == 403 and "not one this council" in r.text
    assert not await _signed_in(people[0])


async def test_groups_give_roles(provider, people, app):
    r, _ = await _sign_in(provider, people, email="bo@northshire.gov.uk", groups="mr-admins,mr-leads,other")
    assert r.status_code == 303
    page = await people[0].get("/account")
    assert "Roles: Administrator, Practice lead" in page.text
    assert (await people[0].get("/staff")).status_code == 200
    later = (Person.in_process(app), httpx.AsyncClient())
    r, _ = await _sign_in(provider, later, email="bo@northshire.gov.uk", groups="mr-chairs")
    assert "Roles: Chair" in (await later[0].get("/account")).text  # groups change: roles follow
    assert (await later[0].get("/staff")).status_code == 403
    await later[0].close()
    await later[1].aclose()
    third = (Person.in_process(app), httpx.AsyncClient())
    r, _ = await _sign_in(provider, third, email="cy@northshire.gov.uk", groups="unrelated")
    assert r.status_code == 403 and "ask your administrator" in r.text
    await third[0].close()
    await third[1].aclose()


class TestNoNewAccountsAndNoPasswords:
    @pytest.fixture
    def settings(self, database_url, provider) -> Settings:
        return sso_settings(database_url, provider, oidc_create_accounts=False, password_sign_in=False)

    async def test_only_known_people_and_no_passwords(self, provider, people, database_url):
        r, _ = await _sign_in(provider, people, email="new@northshire.gov.uk")
        assert r.status_code == 403 and "ask your administrator" in r.text
        await make_chair(database_url, email="known@northshire.gov.uk")
        person, browser = Person.in_process(people[0].client._transport.app), httpx.AsyncClient()
        r, _ = await _sign_in(provider, (person, browser), email="known@northshire.gov.uk")
        assert r.status_code == 303 and await _signed_in(person)
        await browser.aclose()
        page = await people[0].get("/login")
        assert 'name="password"' not in page.text
        r = await people[0].post("/login", {"email": "known@northshire.gov.uk", "password": "a long enough password"},
                                 htmx=False, token=False)
        assert r.status_code == 403
        await person.close()
