"""``httpx`` transports (sync and async): every request to an Upbit host goes through the limiter."""
from __future__ import annotations

import logging
import time
from typing import Any, Awaitable, Callable, Iterable, Mapping, Optional

import httpx

from ._hosts import HostFilter, lease_for
from .client import AsyncLimiter, Limiter, Permit, _feedback
from .errors import LimiterError

log = logging.getLogger("upbit_limiter")


def _lease(request: httpx.Request) -> Optional[float]:
    timeout = request.extensions.get("timeout") or {}
    parts = [timeout.get(k) for k in ("connect", "read", "write", "pool")]
    return lease_for(sum(p for p in parts if p is not None)) if parts and None not in parts else None


def _never_sent(error: BaseException) -> bool:
    return isinstance(error, (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.UnsupportedProtocol))


def _warn(permit: Permit, error: LimiterError) -> None:
    log.warning("upbit-limiter: closing permit for %s %s failed: %s", permit.method, permit.endpoint, error)


class LimiterTransport(httpx.BaseTransport):
    """``httpx.Client(transport=LimiterTransport())``: requests to ``hosts`` (default api.upbit.com) acquire a
    leased permit first and report the answer after; requests that never left are released; other hosts
    go straight to ``transport`` (default ``httpx.HTTPTransport()``)."""

    def __init__(self, limiter: Optional[Limiter] = None, *, transport: Optional[httpx.BaseTransport] = None,
                 hosts: Optional[Iterable[str]] = None, limiter_options: Optional[Mapping[str, Any]] = None) -> None:
        self.limiter = limiter or Limiter(**dict(limiter_options or {}))
        self._owns = limiter is None
        self._inner = transport or httpx.HTTPTransport()
        self._hosts = HostFilter(hosts)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if not self._hosts(request.url.host, request.url.port):
            return self._inner.handle_request(request)
        permit = self.limiter.acquire(request.method, request.url.path or "/", lease_s=_lease(request))
        try:
            response = self._inner.handle_request(request)
            answered = time.monotonic()
        except BaseException as error:
            self._settle(permit, lambda: self.limiter.release(permit) if _never_sent(error) else self.limiter.report(permit, 0))
            raise
        self._settle(permit, lambda: self.limiter.report(permit, response.status_code,
                                                        **_feedback(response.status_code, response.headers, answered)))
        return response

    @staticmethod
    def _settle(permit: Permit, action: Callable[[], None]) -> None:
        try:
            action()
        except LimiterError as error:
            _warn(permit, error)

    def close(self) -> None:
        self._inner.close()
        if self._owns:
            self.limiter.close()


class AsyncLimiterTransport(httpx.AsyncBaseTransport):
    """``httpx.AsyncClient(transport=AsyncLimiterTransport())``: the asyncio :class:`LimiterTransport`."""

    def __init__(self, limiter: Optional[AsyncLimiter] = None, *, transport: Optional[httpx.AsyncBaseTransport] = None,
                 hosts: Optional[Iterable[str]] = None, limiter_options: Optional[Mapping[str, Any]] = None) -> None:
        self.limiter = limiter or AsyncLimiter(**dict(limiter_options or {}))
        self._owns = limiter is None
        self._inner = transport or httpx.AsyncHTTPTransport()
        self._hosts = HostFilter(hosts)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if not self._hosts(request.url.host, request.url.port):
            return await self._inner.handle_async_request(request)
        permit = await self.limiter.acquire(request.method, request.url.path or "/", lease_s=_lease(request))
        try:
            response = await self._inner.handle_async_request(request)
            answered = time.monotonic()
        except BaseException as error:
            await self._settle(permit, lambda: self.limiter.release(permit) if _never_sent(error) else self.limiter.report(permit, 0))
            raise
        await self._settle(permit, lambda: self.limiter.report(permit, response.status_code,
                                                              **_feedback(response.status_code, response.headers, answered)))
        return response

    @staticmethod
    async def _settle(permit: Permit, action: Callable[[], Awaitable[None]]) -> None:
        try:
            await action()
        except LimiterError as error:
            _warn(permit, error)

    async def aclose(self) -> None:
        await self._inner.aclose()
        if self._owns:
            await self.limiter.aclose()
