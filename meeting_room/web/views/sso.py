"""Single sign-on: "Sign in with your council account" (issue 26, point 3). OpenID Connect with
Authlib's Starlette client: the authorization code flow with PKCE (S256), state and nonce; the ID
token's signature is checked against the provider's published keys, and its issuer, audience,
expiry and nonce by the library. What the client library keeps between the two redirects is in the
database (`sso.StateStore`, used once); this browser holds only which sign-in it started, in a
cookie for /auth/oidc, so a callback from any other browser is refused."""

from __future__ import annotations

import logging
import time

from authlib.integrations.starlette_client import OAuth
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from meeting_room.core.errors import DomainError, NotFound
from meeting_room.domain import accounts, sso
from meeting_room.web.security import CHAIR_COOKIE
from meeting_room.web.views.common import Who, app_state, note, render, set_cookie

STARTED_COOKIE = "mr_oidc"
FAILED = "Signing in with your council account did not work. Please try again."
log = logging.getLogger("meeting_room.sso")


def oidc_client(settings, db):
    """The provider's client, or None when single sign-on is not set up."""
    if not settings.oidc_issuer:
        return None
    oauth = OAuth(cache=sso.StateStore(db))
    return oauth.register("council", client_id=settings.oidc_client_id, client_secret=settings.oidc_client_secret,
                          server_metadata_url=f"{settings.oidc_issuer}/.well-known/openid-configuration",
                          client_kwargs={"scope": "openid email profile", "code_challenge_method": "S256"})


def _client(request: Request):
    client = app_state(request).oidc
    if client is None:
        raise NotFound("Single sign-on is not set up here.")
    return client


def _callback_url(request: Request) -> str:
    base = app_state(request).settings.public_url or str(request.base_url).rstrip("/")
    return f"{base}/auth/oidc/callback"


async def start(request: Request) -> Response:
    client = _client(request)
    request.scope["session"] = {}  # what the library marks for this browser: kept in our cookie below
    response = await client.authorize_redirect(request, _callback_url(request))
    started = next(iter(request.scope["session"]), "")
    https = request.url.scheme == "https" or app_state(request).settings.public_url.startswith("https://")
    response.set_cookie(STARTED_COOKIE, started, path="/auth/oidc", max_age=900, httponly=True, samesite="lax",
                        secure=https)
    return response


async def callback(request: Request) -> Response:
    state, client = app_state(request), _client(request)
    started = request.cookies.get(STARTED_COOKIE, "")
    request.scope["session"] = {started: {"exp": time.time() + 900}} if started else {}
    try:
        user = await _checked_account(request, client)
    except DomainError as e:
        await note(request, "sign_in_sso", "refused")
        return _refused(request, e.message, 403)
    except Exception as e:  # a token the library refused, a provider that did not answer…: the type only
        log.warning("single sign-on refused (%s)", type(e).__name__)
        await note(request, "sign_in_sso", "failed")
        return _refused(request, FAILED, 400)
    secret = await accounts.start_session(state.db, user.id)
    await note(request, "sign_in_sso", "ok", Who(user=user))
    response = RedirectResponse("/meetings", status_code=303)
    set_cookie(response, request, CHAIR_COOKIE, secret)
    response.delete_cookie(STARTED_COOKIE, path="/auth/oidc")
    return response


async def _checked_account(request: Request, client):
    settings = app_state(request).settings
    # The issuer we were configured with (not only what the metadata says), and our own client id in
    # the audience (the library checks `aud` only when told what it must hold).
    checks = {"iss": {"essential": True, "values": [settings.oidc_issuer]},
              "aud": {"essential": True, "values": [settings.oidc_client_id]}}
    token = await client.authorize_access_token(request, claims_options=checks)
    claims = token.get("userinfo")
    if not claims:
        raise ValueError("no ID token")
    return await sso.account_for(app_state(request).db, dict(claims), sso.policy_of(app_state(request).settings))


def _refused(request: Request, message: str, status: int) -> Response:
    response = render(request, "login.html", {"form": {}, "error": message}, status=status)
    response.delete_cookie(STARTED_COOKIE, path="/auth/oidc")
    return response
