"""Two-step sign-in with an authenticator app (TOTP, RFC 6238, through pyotp), and recovery codes.

Pure: no database. A code is accepted for the current 30-second step or the one either side (a
phone's clock drifts), and only for a step later than the last one used, so a code seen over
someone's shoulder cannot be used again. Recovery codes are long random words, shown once and
kept as SHA-256 hashes (like every other secret here)."""

from __future__ import annotations

import hmac
import secrets
import time

import pyotp

STEP = 30
ISSUER = "Meeting Room"
RECOVERY_CODES = 10
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # nothing that reads as something else


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(secret: str, email: str) -> str:
    """What the QR code holds: otpauth://totp/Meeting Room:<email>?secret=…&issuer=Meeting Room"""
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=ISSUER)


def matching_step(secret: str, code: str, last_step: int | None, at: float | None = None) -> int | None:
    """The time step this code belongs to (now, or one step either side), if it is right and was not
    used already; otherwise None."""
    code = "".join((code or "").split())
    if len(code) != 6 or not (code.isascii() and code.isdigit()):
        return None
    totp = pyotp.TOTP(secret)
    now = int((time.time() if at is None else at) // STEP)
    for step in (now - 1, now, now + 1):
        if hmac.compare_digest(totp.generate_otp(step), code) and (last_step is None or step > last_step):
            return step
    return None


def code_at(secret: str, at: float) -> str:
    """The code an authenticator shows at `at` (for tests and the set-up check)."""
    return pyotp.TOTP(secret).at(int(at))


def new_recovery_codes() -> list[str]:
    """Ten codes of 16 letters and digits, shown as four groups of four."""
    return ["-".join("".join(secrets.choice(_ALPHABET) for _ in range(4)) for _ in range(4))
            for _ in range(RECOVERY_CODES)]


def normal_recovery_code(code: str) -> str:
    """A recovery code as typed (any case, spaces or hyphens) in the form it is hashed in."""
    return "".join(ch for ch in (code or "").lower() if ch in _ALPHABET)
