"""What the app holds while it runs: the database, the doorbell, the domain's capabilities, the
hubs, the templates and the limits, built once from the settings."""

from __future__ import annotations

from dataclasses import dataclass, field

from meeting_room.domain import accounts
from meeting_room.domain.agenda import Agenda
from meeting_room.domain.agreement import Agreements
from meeting_room.domain.decisions import Decisions
from meeting_room.domain.feedback import Feedback
from meeting_room.domain.items import Items
from meeting_room.domain.meetings import Meetings
from meeting_room.domain.moments import Moments
from meeting_room.domain.people import People
from meeting_room.domain.plan import Plan
from meeting_room.domain.private import PrivateDiscussion
from meeting_room.domain.record_life import RecordLife
from meeting_room.domain.reviews import Reviews
from meeting_room.domain.scale_changes import ScaleChanges
from meeting_room.domain.screen import ScreenChoices
from meeting_room.live.broker import Broker, broker_for
from meeting_room.live.hub import HubManager, Sessions
from meeting_room.live.render import STATIC, Renderer, make_environment
from meeting_room.read.boards import Boards
from meeting_room.services import Domain
from meeting_room.store.db import Database
from meeting_room.web.assets import Assets
from meeting_room.web.pdf import Pdfs
from meeting_room.web.limits import Lockout, RateLimiter, Throttle, limits_for
from meeting_room.web.settings import Settings
from meeting_room.web.time_filters import add_time_filters
from meeting_room.web.views.sso import oidc_client


@dataclass
class AppState:
    settings: Settings
    db: Database
    broker: Broker
    boards: Boards
    meetings: Meetings
    people: People
    items: Items
    scales: ScaleChanges
    plan: Plan
    decisions: Decisions
    agenda: Agenda
    record_life: RecordLife
    feedback: Feedback
    agreements: Agreements
    private: PrivateDiscussion
    reviews: Reviews
    moments: Moments
    hubs: HubManager
    env: object
    renderer: Renderer
    code_guesses: Throttle           # wrong join codes, per client address
    login_guesses_per_host: Throttle  # wrong passwords, per client address
    login_guesses_per_email: Throttle  # wrong passwords, per account
    code_lockout: Lockout       # wrong second-step codes, per account: 10 in 15 minutes lock an hour
    setup_limit: RateLimiter
    assets: Assets
    item_limit: RateLimiter     # items one person adds a minute
    join_limit: RateLimiter     # joins from one address in ten minutes
    limits: object              # where the limits count: memory (SQLite) or PostgreSQL (`limits.py`)
    oidc: object = None         # single sign-on's client, when set up (`views/sso.py`)
    children: object = None     # issue 22: the child's view (domain/children.py)
    pictures: object = None     # issue 22: a child's pictures (domain/pictures.py)
    screen: ScreenChoices | None = None  # the chair's choices for the shared screen
    invitations: object = None  # issue 24: people invited before the meeting (domain/invitations.py)
    family_time: object = None  # issue 24: family time (domain/family_time.py)
    pdfs: Pdfs = field(default_factory=Pdfs)  # records' PDFs: made in worker processes, issued ones kept


def build_state(settings: Settings) -> AppState:
    db = Database(settings.database_url, settings.sqlite_synchronous)
    broker = broker_for(settings.database_url)
    domain = Domain(db, broker, settings.secret_key)
    env = make_environment()
    env.globals["HEARTBEAT_SECONDS"] = settings.heartbeat_seconds  # the pages' watchdog needs it
    env.globals.update(SSO=bool(settings.oidc_issuer), PASSWORD_SIGN_IN=settings.password_sign_in)
    assets = Assets(STATIC)
    env.globals["asset"] = assets.url
    add_time_filters(env, settings.time_zone)
    renderer = Renderer(env, settings.public_url)
    limits = limits_for(db)

    async def chair_session_valid(token_hash: str) -> bool:
        return await accounts.chair_session_active(db, token_hash, settings.session_idle_minutes,
                                                   settings.session_max_hours)

    async def participants_signed_in(meeting_id: str) -> set[str]:
        return await domain.people.signed_in(meeting_id, settings.participant_idle_hours)

    hubs = HubManager(domain.boards, renderer, Sessions(chair_session_valid, participants_signed_in), broker,
                      resync_seconds=settings.resync_seconds, heartbeat_seconds=settings.heartbeat_seconds)
    return AppState(settings=settings, db=db, broker=broker, boards=domain.boards, meetings=domain.meetings,
                    people=domain.people, items=domain.items, scales=domain.scales, plan=domain.plan,
                    decisions=domain.decisions, agreements=domain.agreements,
                    private=domain.private, reviews=domain.reviews, moments=domain.moments, hubs=hubs, env=env,
                    renderer=renderer, assets=assets, agenda=domain.agenda, record_life=domain.record_life,
                    feedback=domain.feedback, oidc=oidc_client(settings, db), children=domain.children,
                    pictures=domain.pictures, screen=domain.screen, invitations=domain.invitations,
                    family_time=domain.family_time,
                    limits=limits, **limiters(settings, limits.counts))


def limiters(settings: Settings, counts) -> dict:
    """Every rate limit and throttle, counting in `counts` (shared by all processes on PostgreSQL)."""
    return dict(code_guesses=Throttle(free=20, window=600, slots=4, counts=counts, name="code"),
                login_guesses_per_host=Throttle(free=20, window=900, slots=4, counts=counts, name="login-host"),
                login_guesses_per_email=Throttle(free=5, window=900, slots=2, counts=counts, name="login-email"),
                code_lockout=Lockout(limit=10, window=900, hold=3600, counts=counts, name="two-step-lock"),
                setup_limit=RateLimiter(20, 600, counts, "setup"),
                item_limit=RateLimiter(settings.items_per_minute, 60, counts, "items"),
                join_limit=RateLimiter(settings.joins_per_address, 600, counts, "joins"))
