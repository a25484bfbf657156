"""Errors the domain raises; the web layer turns each into a status code and a plain message."""

from __future__ import annotations


class DomainError(Exception):
    status = 400

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class Invalid(DomainError):
    status = 400


class NotAllowed(DomainError):
    status = 403


class NotFound(DomainError):
    status = 404


class Conflict(DomainError):
    """Someone else saved the item first. Carries what is saved now."""
    status = 409

    def __init__(self, message: str, current_text: str, current_version: int):
        super().__init__(message)
        self.current_text = current_text
        self.current_version = current_version


class TooMany(DomainError):
    status = 429
