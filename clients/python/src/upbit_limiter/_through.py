"""One request to an Upbit host through the limiter: acquire a leased permit, send, report the answer."""
from __future__ import annotations

import logging
import time
from typing import Any, Awaitable, Callable, Optional, TypeVar

from .client import AsyncLimiter, Limiter, Permit, _feedback
from .errors import LimiterError

log = logging.getLogger("upbit_limiter")

R = TypeVar("R")  # a response with ``status_code`` and ``headers`` (requests and httpx alike)


def send_through(limiter: Limiter, method: str, endpoint: str, lease_s: Optional[float],
                 send: Callable[[], R], never_sent: Callable[[BaseException], bool]) -> R:
    """``send()`` under a leased permit: its answer (status, Remaining-Req, Retry-After, instant) is reported;
    a request that never left is released, one that failed after leaving is reported as status 0."""
    permit = limiter.acquire(method, endpoint, lease_s=lease_s)
    try:
        response: Any = send()
        answered = time.monotonic()
    except BaseException as error:
        _settle(permit, lambda: limiter.release(permit) if never_sent(error) else limiter.report(permit, 0))
        raise
    _settle(permit, lambda: limiter.report(permit, response.status_code,
                                           **_feedback(response.status_code, response.headers, answered)))
    return response


async def send_through_async(limiter: AsyncLimiter, method: str, endpoint: str, lease_s: Optional[float],
                             send: Callable[[], Awaitable[R]], never_sent: Callable[[BaseException], bool]) -> R:
    """The asyncio :func:`send_through`."""
    permit = await limiter.acquire(method, endpoint, lease_s=lease_s)
    try:
        response: Any = await send()
        answered = time.monotonic()
    except BaseException as error:
        await _settle_async(permit, lambda: limiter.release(permit) if never_sent(error) else limiter.report(permit, 0))
        raise
    await _settle_async(permit, lambda: limiter.report(permit, response.status_code,
                                                       **_feedback(response.status_code, response.headers, answered)))
    return response


def _settle(permit: Permit, action: Callable[[], None]) -> None:
    try:
        action()
    except LimiterError as error:  # the request is done; a lost report must not lose its answer
        _warn(permit, error)


async def _settle_async(permit: Permit, action: Callable[[], Awaitable[None]]) -> None:
    try:
        await action()
    except LimiterError as error:
        _warn(permit, error)


def _warn(permit: Permit, error: LimiterError) -> None:
    log.warning("upbit-limiter: closing permit for %s %s failed: %s", permit.method, permit.endpoint, error)
