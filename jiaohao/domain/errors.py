"""One exception type for every broken rule, carrying a code, a sentence for the user and an HTTP status."""

from __future__ import annotations


class DomainError(Exception):
    """A request broke a rule of the hall; `message` is shown to the citizen or clerk as it is."""

    status = 409

    def __init__(self, code: str, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        if status is not None:
            self.status = status


class NotFound(DomainError):
    """The thing named does not exist (404)."""

    status = 404


class Invalid(DomainError):
    """The request itself is malformed or names something impossible (400)."""

    status = 400


class Forbidden(DomainError):
    """The caller may not do this (403)."""

    status = 403


class Unauthorized(DomainError):
    """No valid credentials (401)."""

    status = 401


class Conflict(DomainError):
    """The request is valid but the hall's state does not allow it now (409)."""

    status = 409


class TooManyAttempts(DomainError):
    """Throttled (429)."""

    status = 429
