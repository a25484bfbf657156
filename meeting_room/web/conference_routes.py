"""Routes for deciding and closing, the agenda, the record's life and the shared screen's choices, kept
beside app.py's table, which is full."""

from __future__ import annotations

from starlette.routing import Route

from meeting_room.web.views import agenda, closing, family_time, moments, record_life, screen


def conference_routes(m: str) -> list[Route]:
    """`m` is the meeting's address prefix ("/meetings/{meeting_id}")."""
    return [
        Route(f"{m}/decide", closing.decide_page),
        Route(f"{m}/decide", closing.save_page, methods=["POST"]),
        Route(f"{m}/decisions", closing.decide, methods=["POST"]),
        Route(f"{m}/dissent", closing.dissent, methods=["POST"]),
        Route(f"{m}/next-meeting", closing.next_meeting, methods=["POST"]),
        Route(f"{m}/apologies", closing.apologies, methods=["POST"]),
        Route(f"{m}/close", closing.close_page, methods=["GET"]),
        Route(f"{m}/close", closing.close, methods=["POST"]),
        Route(f"{m}/screen/focus", screen.focus, methods=["POST"]),
        Route(f"{m}/screen/professionals", screen.keep_for_professionals, methods=["POST"]),
        Route(f"{m}/screen/family", family_time.keep_for_family, methods=["POST"]),  # issue 24: family time
        Route(f"{m}/family-time/{{action}}", family_time.family_time, methods=["POST"]),
        Route(f"{m}/moment", moments.my_moment, methods=["GET"]),  # issue 24: "Seen to" reaches the phone
        Route(f"{m}/agenda", agenda.agenda_page),
        Route(f"{m}/agenda", agenda.set_steps, methods=["POST"]),
        Route(f"{m}/agenda/{{how}}", agenda.move, methods=["POST"]),
        Route(f"{m}/record/issue", record_life.issue, methods=["POST"]),
        Route(f"{m}/record/items/{{item_id}}", record_life.correct_draft, methods=["POST"]),
        Route(f"{m}/record/wording/{{part}}/{{part_id}}", record_life.correct_wording, methods=["POST"]),
        Route(f"{m}/record/corrections", record_life.ask, methods=["POST"]),
        Route(f"{m}/record/corrections/{{correction_id}}/{{answer}}", record_life.answer, methods=["POST"]),
        Route(f"{m}/record/versions/{{number}}", record_life.version_page),
    ]
