"""Routes of the staff pages and the public notices (issue 26), added to the app's table in `app.py`."""

from __future__ import annotations

from starlette.routing import Route

from meeting_room.web.views import (
    account,
    holds,
    practice,
    public,
    second_step,
    sso,
    staff,
    subject_access,
)


def staff_routes() -> list:
    return [
        Route("/staff", staff.staff_page, methods=["GET"]),
        Route("/staff/invite", staff.invite, methods=["POST"]),
        Route("/staff/teams", staff.add_team, methods=["POST"]),
        Route("/staff/{user_id}/roles", staff.save_account, methods=["POST"]),
        Route("/staff/{user_id}/setup-link", staff.setup_link, methods=["POST"]),
        Route("/staff/{user_id}/{action}", staff.set_active, methods=["POST"]),
        Route("/welcome", account.welcome_form, methods=["GET"]),
        Route("/welcome", account.welcome, methods=["POST"]),
        Route("/account", account.account_page, methods=["GET"]),
        Route("/account/password", account.password_form, methods=["GET"]),
        Route("/account/password", account.change_password, methods=["POST"]),
        Route("/login/code", second_step.code_page, methods=["GET"]),
        Route("/login/code", second_step.code, methods=["POST"]),
        Route("/account/two-step", second_step.account_page, methods=["GET"]),
        Route("/account/two-step", second_step.turn_on, methods=["POST"]),
        Route("/account/two-step/off", second_step.turn_off, methods=["POST"]),
        Route("/auth/oidc/login", sso.start, methods=["GET"]),
        Route("/auth/oidc/callback", sso.callback, methods=["GET"]),
        Route("/meetings/{meeting_id}/hold", holds.place_hold, methods=["POST"]),
        Route("/meetings/{meeting_id}/hold/lift", holds.lift_hold, methods=["POST"]),
        Route("/meetings/{meeting_id}/subject-access", subject_access.people_page, methods=["GET"]),
        Route("/meetings/{meeting_id}/subject-access.zip", subject_access.download, methods=["GET"]),
        Route("/practice", practice.practice_page, methods=["GET"]),
        Route("/practice.csv", practice.practice_csv, methods=["GET"]),
        Route("/accessibility", public.accessibility, methods=["GET"]),
        Route("/privacy", public.privacy, methods=["GET"]),
    ]
