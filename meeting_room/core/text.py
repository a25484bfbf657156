"""Cleaning what people type, before it is stored."""

from __future__ import annotations

import re
import unicodedata

from meeting_room.core.errors import Invalid

# Control characters except tab and newline.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


class TextError(ValueError):
    """Raised with a message that can be shown to the person as it is."""


# Characters that draw nothing but are letters or marks to Unicode: Hangul fillers, the braille
# blank, the combining grapheme joiner, Khmer inherent vowels, variation selectors.
_BLANK_LOOKING = set("\u115f\u1160\u3164\uffa0\u2800\u034f\u17b4\u17b5") | {
    chr(c) for c in [*range(0xFE00, 0xFE10), *range(0xE0100, 0xE01F0)]}
# Format, control, private, unassigned and surrogate code points; line and paragraph separators.
_DROPPED_CATEGORIES = {"Cc", "Cf", "Co", "Cn", "Cs", "Zl", "Zp"}


def clean_line(value: object, label: str, max_length: int, required: bool = True) -> str:
    """One line: a name, a title. Every format, control, direction and filler character is
    removed (by Unicode category, not a hand list); a name that is blank once cleaned, or made
    only of marks, is refused."""
    text = _normalise(value, label)
    kept = []
    for ch in text:
        category = unicodedata.category(ch)
        if category == "Zs" or ch in "\t\n\r":
            kept.append(" ")
        elif category not in _DROPPED_CATEGORIES and ch not in _BLANK_LOOKING:
            kept.append(ch)
    text = " ".join("".join(kept).split())
    if text and not any(unicodedata.category(ch)[0] in "LNPS" for ch in text):
        text = ""  # only combining marks: nothing a person could read
    return _check(text, label, max_length, required)


def clean_text(value: object, label: str, max_length: int, required: bool = True) -> str:
    """Several lines: an item. Line breaks stay; control characters go."""
    text = _normalise(value, label)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text)
    text = re.sub("[\u202a-\u202e\u2066-\u2069]", "", text)  # no direction overrides in items either
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    return _check(text, label, max_length, required)


def _normalise(value: object, label: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise TextError(f"{label} must be text.")
    if "\x00" in value:
        raise TextError(f"{label} has a character that cannot be saved.")
    return unicodedata.normalize("NFC", value)


def _check(text: str, label: str, max_length: int, required: bool) -> str:
    if required and not text:
        raise TextError(f"Please fill in {label.lower()}.")
    if len(text) > max_length:
        raise TextError(f"{label} is too long: {max_length} characters at most.")
    return text


ITEM_MAX = 1000  # characters in one item
NAME_MAX = 60    # characters in a person's name


def checked(clean, value, label: str, max_length: int, required: bool = True) -> str:
    """`clean(value, …)`, with its complaint as the domain's `Invalid` (a clear 400)."""
    try:
        return clean(value, label, max_length, required)
    except TextError as e:
        raise Invalid(str(e)) from None


def parse_day(value: object, what: str) -> "date":
    """A day written as YYYY-MM-DD (what date inputs send), between 2000 and 2100."""
    from datetime import date
    text = value.strip() if isinstance(value, str) else ""
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            raise ValueError("not YYYY-MM-DD")  # fromisoformat also takes 20260101 and week dates
        day = date.fromisoformat(text)
    except ValueError:
        raise Invalid(f"Please give {what} as a real date, like 2026-03-14.") from None
    if not 2000 <= day.year <= 2100:
        raise Invalid(f"Please give {what} between the years 2000 and 2100.")
    return day
