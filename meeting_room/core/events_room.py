"""The event kinds of the room and the child (issues 22 and 24): a child's answer and pictures, the
shared screen's choices, co-chairs, waiting outside, invitations. Part of the table in
`core/events.py`, kept here so that each module stays short."""

from __future__ import annotations

from meeting_room.core.event_kinds import PEOPLE, F, K, Kind
from meeting_room.core.event_words import fixed, invitation_step, invitation_used, place, quote

ROOM_KINDS: list[Kind] = [
    Kind(K.SCALE_CHILD_NAMED, ("scale", "named"), redraws=frozenset({F.SCALE}),
         says=lambda d, name: "chose to show a child's answer by name to everyone" if d.get("named")
         else "chose to show a child's answer without a name"),
    Kind(K.PARTICIPANT_FULL_BOARD, ("participant", "full"), redraws=frozenset({F.ROSTER}),
         says=lambda d, name: f"showed {name(d.get('participant'))} "
         + ("the full board" if d.get("full") else "the three houses")),
    Kind(K.PICTURE_ADDED, ("picture", "child", "column", "description"), redraws=frozenset({F.ANNOUNCE, F.PICTURES}),
         announce=lambda e, w: f"A picture by {e.data.get('child', 'a child')} was added",
         says=lambda d, name: f"added a picture by {d.get('child', '')}: {quote(d.get('description'))}"),
    Kind(K.PICTURE_REMOVED, ("picture", "child"), redraws=frozenset({F.PICTURES}),
         says=lambda d, name: f"removed a picture by {d.get('child', '')}"),
    Kind(K.PICTURE_VISIBILITY, ("picture", "child", "professionals_only"), redraws=frozenset({F.PICTURES}),
         says=lambda d, name: f"made a picture by {d.get('child', '')} "
         + ("for professionals only" if d.get("professionals_only") else "visible to everyone")),
    Kind(K.MEETING_CHILD_PROMPT, ("on",), redraws=frozenset({F.SCALE, F.ANNOUNCE}),
         announce=lambda e, w: "The question on the screen: what is it like for the child?" if e.data.get("on") else "",
         says=lambda d, name: "asked: what is it like for the child? (on the shared screen)" if d.get("on")
         else "showed the columns again"),
    Kind(K.MEETING_SCREEN_FOCUS, ("column",), everything=True,
         says=lambda d, name: f"let “{place(d['column'])}” take the shared screen" if d.get("column")
         else "showed all columns on the shared screen"),
    Kind(K.MEETING_SCREEN_PROFESSIONALS, ("keep",), everything=True,
         says=lambda d, name: "kept the shared screen on for professionals" if d.get("keep")
         else "paused the shared screen for the private discussion"),
    Kind(K.SCALE_SAFETY_SEEN, ("scale",), redraws=frozenset({F.NOTICES}),
         says=fixed("saw to the talk about immediate safety that a low answer called for")),
    Kind(K.PARTICIPANT_CO_CHAIR, ("participant", "co_chair"), redraws=PEOPLE,
         says=lambda d, name: f"made {name(d.get('participant'))} co-chair" if d.get("co_chair")
         else f"stopped {name(d.get('participant'))} being co-chair"),
    Kind(K.PARTICIPANT_OUTSIDE, ("participant", "before", "after"), redraws=PEOPLE,
         says=lambda d, name: f"asked {name(d.get('participant'))} to wait outside"),
    Kind(K.PARTICIPANT_BACK, ("participant", "before", "after"), redraws=PEOPLE,
         announce=lambda e, w: f"{w.described(e.data.get('participant'))} came back in",
         says=lambda d, name: f"brought {name(d.get('participant'))} back in"),
    # issue 24: invitations (the list is the chair's only: adding or withdrawing one redraws nothing)
    Kind(K.INVITATION_ADDED, ("invitation", "name"), says=invitation_step),
    Kind(K.INVITATION_WITHDRAWN, ("invitation", "name", "withdrawn"), says=invitation_step),
    Kind(K.INVITATION_USED, ("invitation", "participant", "second_device", "ahead"), redraws=PEOPLE,
         announce=lambda e, w: f"{w.described(e.data.get('participant'))} joined the meeting" if e.data.get("ahead") else "",
         says=invitation_used),
    Kind(K.INVITATIONS_ADMITTED, ("admitted", "ahead"), redraws=frozenset({F.NOTICES}), says=invitation_step),
    Kind(K.MEETING_FAMILY_TIME_STARTED, (), everything=True,  # issue 24: the mirror of a private discussion
         announce=lambda e, w: "Family time has started. The family is making its plan",
         says=fixed("started family time (professionals' devices paused)")),
    Kind(K.MEETING_FAMILY_TIME_ENDED, (), everything=True,
         announce=lambda e, w: "Family time has ended. The family's plan is on the board",
         says=fixed("ended family time (the family's plan is shown to everyone)")),
    Kind(K.MEETING_SCREEN_FAMILY, ("keep",), everything=True,
         says=lambda d, name: "kept the shared screen on for the family" if d.get("keep")
         else "paused the shared screen for family time"),
]
