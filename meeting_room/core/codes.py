"""Join codes: short, from an alphabet nobody misreads, typed however people type them."""

from __future__ import annotations

import secrets

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
CODE_LENGTH = 8  # 32**8 = 2**40 codes


def new_join_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(code: str) -> str:
    """What people type: lower case, spaces, hyphens, O for 0 and I for 1."""
    code = (code or "")[:40].upper().replace("-", "").replace(" ", "")
    return code.replace("0", "O").replace("1", "I")


def format_code(code: str) -> str:
    return f"{code[:4]}-{code[4:]}" if code else ""
