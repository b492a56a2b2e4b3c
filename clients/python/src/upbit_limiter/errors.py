"""Exceptions raised by the limiter client."""
from __future__ import annotations

from typing import Optional


class LimiterError(Exception):
    """Any refusal or failure of the sidecar. ``status`` is its HTTP status (0 when none came)."""

    def __init__(self, message: str, *, status: int = 0, retry_after: Optional[float] = None) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.retry_after = retry_after


class Blocked(LimiterError):
    """The scope is blocked after a 418: do not call the exchange before ``retry_after`` seconds."""


class CircuitOpen(LimiterError):
    """The group's circuit breaker is open (the exchange keeps failing): retry after ``retry_after`` seconds."""


class Timeout(LimiterError):
    """No slot was free before the acquire's deadline."""


class SidecarUnavailable(LimiterError):
    """The sidecar cannot be reached, is shutting down, or answered something unreadable."""


class Unauthorized(LimiterError):
    """The sidecar wants a (different) bearer token: pass ``token=`` or ``token_file=``."""


class PermitError(LimiterError):
    """A report or release of a permit the sidecar does not hold open (unknown, expired, already closed)."""
