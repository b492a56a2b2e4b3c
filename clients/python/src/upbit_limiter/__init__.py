"""Python client of the upbit-limiter sidecar: one shared Upbit rate limiter for every bot on a host.

- :class:`Limiter` / :class:`AsyncLimiter`: acquire → call → report, or ``with limiter.slot(...)``.
- ``upbit_limiter.requests_adapter.LimiterAdapter``: mount on a ``requests.Session``.
- ``upbit_limiter.httpx_transport.LimiterTransport`` / ``AsyncLimiterTransport``: pass to ``httpx.Client``.
"""
from .client import DEFAULT_URL, AsyncLimiter, AsyncSlot, Limiter, Permit, Slot, read_token_file, retry_after_seconds
from .errors import (Blocked, CircuitOpen, LimiterError, PermitError, SidecarUnavailable, Timeout, Unauthorized)

__all__ = ["DEFAULT_URL", "AsyncLimiter", "AsyncSlot", "Blocked", "CircuitOpen", "Limiter", "LimiterError", "Permit",
           "PermitError", "SidecarUnavailable", "Slot", "Timeout", "Unauthorized", "read_token_file",
           "retry_after_seconds"]
__version__ = "0.1.0"
