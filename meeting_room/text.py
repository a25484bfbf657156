"""Cleaning what people type, before it is stored."""

from __future__ import annotations

import re
import unicodedata

# Bidirectional overrides/isolates and zero-width characters can disguise a name
# ("Mum" that reads as someone else) or hide text; they never belong in a display name.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u00ad]")
# Control characters except tab and newline.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


class TextError(ValueError):
    """Raised with a message that can be shown to the person as it is."""


def clean_line(value: object, label: str, max_length: int, required: bool = True) -> str:
    """One line: a name, a title. Invisible and control characters are removed."""
    text = _normalise(value, label)
    text = _INVISIBLE.sub("", text)
    text = " ".join(_CONTROL.sub(" ", text).split())
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
