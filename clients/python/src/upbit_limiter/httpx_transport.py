"""``httpx`` transports (sync and async): every request to an Upbit host goes through the limiter."""
from __future__ import annotations

from typing import Any, Iterable, Mapping, Optional

import httpx

from ._hosts import HostFilter, lease_for
from ._through import send_through, send_through_async
from .client import AsyncLimiter, Limiter


def _lease(request: httpx.Request) -> Optional[float]:
    timeout = request.extensions.get("timeout") or {}
    parts = [timeout.get(k) for k in ("connect", "read", "write", "pool")]
    return lease_for(sum(p for p in parts if p is not None)) if parts and None not in parts else None


def _never_sent(error: BaseException) -> bool:
    return isinstance(error, (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.UnsupportedProtocol))


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
        return send_through(self.limiter, request.method, request.url.path or "/", _lease(request),
                            lambda: self._inner.handle_request(request), _never_sent)

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
        return await send_through_async(self.limiter, request.method, request.url.path or "/", _lease(request),
                                        lambda: self._inner.handle_async_request(request), _never_sent)

    async def aclose(self) -> None:
        await self._inner.aclose()
        if self._owns:
            await self.limiter.aclose()
