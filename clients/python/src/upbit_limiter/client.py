"""The sidecar's bot API — acquire, report, release — as sync and asyncio clients with context managers."""
from __future__ import annotations

import logging
import os
import threading
import time
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Dict, Mapping, Optional, Set, Type

from ._wire import Address, Answer, AsyncWire, SyncWire
from .errors import (Blocked, CircuitOpen, LimiterError, PermitError, SidecarUnavailable, Timeout,
                     Unauthorized)

DEFAULT_URL = "http://127.0.0.1:8089"
"""Where ``upbit-limiter serve`` listens by default."""

log = logging.getLogger("upbit_limiter")


@dataclass(frozen=True)
class Permit:
    """Permission to send one request now. ``id`` is set for a leased permit (report it, or release it)."""

    group: str
    waited_ms: float
    method: str
    endpoint: str
    id: Optional[str] = None
    report_by_s: Optional[float] = None


def read_token_file(path: str) -> str:
    """The token in ``path`` (surrounding blanks removed)."""
    with open(path, encoding="utf-8") as handle:
        token = handle.read().strip()
    if not token:
        raise ValueError(f"token file {path}: empty")
    return token


def retry_after_seconds(value: Optional[str]) -> Optional[float]:
    """A ``Retry-After`` header's seconds; None when absent or not a non-negative number (e.g. an HTTP date)."""
    if value is None:
        return None
    try:
        seconds = float(value.strip())
    except ValueError:
        return None
    return seconds if 0 <= seconds <= 604_800 else None


def _header(headers: Optional[Mapping[str, str]], name: str) -> Optional[str]:
    if headers is None:
        return None
    value = headers.get(name)
    if value is None:
        value = next((v for k, v in headers.items() if k.lower() == name.lower()), None)
    return value


class _Base:
    def __init__(self, url: Optional[str], unix_socket: Optional[str], token: Optional[str], token_file: Optional[str],
                 timeout: Optional[float], lease_s: Optional[float], lease: bool) -> None:
        url = url or os.environ.get("UPBIT_LIMITER_URL") or DEFAULT_URL
        unix_socket = unix_socket or os.environ.get("UPBIT_LIMITER_SOCKET") or None
        token_file = token_file or os.environ.get("UPBIT_LIMITER_TOKEN_FILE") or None
        if token is None and token_file:
            token = read_token_file(token_file)
        self.address = Address(url, unix_socket)
        self.token = token
        self.timeout = timeout
        self.lease_s = lease_s
        self.lease = lease
        self._open: Set[str] = set()
        self._lock = threading.Lock()

    @property
    def open_permits(self) -> int:
        """Leased permits acquired through this client and not yet reported or released."""
        with self._lock:
            return len(self._open)

    def _acquire_body(self, method: str, endpoint: str, timeout: Optional[float], lease: Optional[bool],
                      lease_s: Optional[float], correlation_id: Optional[str]) -> Dict[str, Any]:
        body: Dict[str, Any] = {"endpoint": endpoint, "method": method.upper()}
        timeout = self.timeout if timeout is None else timeout
        if timeout is not None:
            body["timeout"] = timeout
        if self.lease if lease is None else lease:
            body["lease"] = True
            lease_s = self.lease_s if lease_s is None else lease_s
            if lease_s is not None:
                body["lease_s"] = min(3600.0, max(0.001, lease_s))
        if correlation_id:
            body["correlation_id"] = correlation_id
        return body

    def _read_timeout(self, timeout: Optional[float]) -> float:
        wait = self.timeout if timeout is None else timeout
        return (30.0 if wait is None else wait) + 5.0

    def _permit(self, answer: Answer, method: str, endpoint: str) -> Permit:
        status, _, body = answer
        if status != 200 or not isinstance(body, dict):
            raise _error(answer, f"acquire {method} {endpoint}")
        permit = Permit(group=str(body.get("group")), waited_ms=float(body.get("waited_ms", 0)), method=method.upper(),
                        endpoint=endpoint, id=body.get("permit"), report_by_s=body.get("report_by_s"))
        if permit.id:
            with self._lock:
                self._open.add(permit.id)
        return permit

    def _report_body(self, permit: Permit, status: int, remaining_req: Optional[str],
                     retry_after_s: Optional[float], answered_at: Optional[float] = None) -> Dict[str, Any]:
        body: Dict[str, Any] = {"status": int(status)}
        if answered_at is not None:
            # How long ago the answer came (time.monotonic()): the slot settles then, not when the report arrives.
            body["answer_age_s"] = round(min(60.0, max(0.0, time.monotonic() - answered_at)), 6)
        if permit.id:
            body["permit"] = permit.id
        else:
            body.update(endpoint=permit.endpoint, method=permit.method)
        if remaining_req:
            body["remaining_req"] = remaining_req
        if retry_after_s is not None:
            body["retry_after_s"] = retry_after_s
        return body

    def _closed(self, permit: Permit, answer: Answer, what: str) -> None:
        if permit.id:
            with self._lock:
                self._open.discard(permit.id)
        if answer[0] != 204:
            raise _error(answer, f"{what} {permit.method} {permit.endpoint}")


def _error(answer: Answer, what: str) -> LimiterError:
    status, headers, body = answer
    message = body.get("error") if isinstance(body, dict) else None
    message = f"{what}: {message or f'sidecar answered {status}'}"
    retry = body.get("retry_after_s") if isinstance(body, dict) else None
    retry = retry if isinstance(retry, (int, float)) else retry_after_seconds(headers.get("retry-after"))
    code = body.get("code") if isinstance(body, dict) else None
    if status == 401:
        return Unauthorized(message, status=status)
    if status == 504:
        return Timeout(message, status=status)
    if status in (404, 409):
        return PermitError(message, status=status)
    if status == 503 and code == "blocked":
        return Blocked(message, status=status, retry_after=retry)
    if status == 503 and code == "circuit_open":
        return CircuitOpen(message, status=status, retry_after=retry)
    if status == 503:
        return SidecarUnavailable(message, status=status, retry_after=retry)
    return LimiterError(message, status=status, retry_after=retry)


class Limiter(_Base):
    """A thread-safe client of ``upbit-limiter serve``.

    ``url`` (default ``$UPBIT_LIMITER_URL`` or ``http://127.0.0.1:8089``) or ``unix_socket``
    (``$UPBIT_LIMITER_SOCKET``); ``token`` or ``token_file`` (``$UPBIT_LIMITER_TOKEN_FILE``) when the
    sidecar wants a bot token; ``timeout``: the longest an acquire waits for a slot (None: the sidecar's
    default); ``lease_s``: the default lease bound (None: the sidecar's, 10 s); ``lease=False``: plain
    permits (the slot counts for the sidecar's margin instead of until the report).
    """

    def __init__(self, url: Optional[str] = None, *, unix_socket: Optional[str] = None, token: Optional[str] = None,
                 token_file: Optional[str] = None, timeout: Optional[float] = None, lease_s: Optional[float] = None,
                 connect_timeout: float = 2.0, lease: bool = True) -> None:
        super().__init__(url, unix_socket, token, token_file, timeout, lease_s, lease)
        self._wire = SyncWire(self.address, self.token, connect_timeout)

    def acquire(self, method: str, endpoint: str, *, timeout: Optional[float] = None, lease: Optional[bool] = None,
                lease_s: Optional[float] = None, correlation_id: Optional[str] = None) -> Permit:
        """Waits for a slot. Raises Blocked, CircuitOpen, Timeout, Unauthorized or SidecarUnavailable."""
        body = self._acquire_body(method, endpoint, timeout, lease, lease_s, correlation_id)
        return self._permit(self._wire.post("/v1/acquire", body, self._read_timeout(timeout)), method, endpoint)

    def report(self, permit: Permit, status: int, *, remaining_req: Optional[str] = None,
               retry_after_s: Optional[float] = None, answered_at: Optional[float] = None) -> None:
        """Feeds the exchange's answer back (status 0: transport error — the request may have been sent).

        ``answered_at`` is the ``time.monotonic()`` at which the answer came, when the report is sent later."""
        body = self._report_body(permit, status, remaining_req, retry_after_s, answered_at)
        answer = self._wire.post("/v1/report", body, 10.0)
        self._closed(permit, answer, "report")

    def release(self, permit: Permit) -> None:
        """The request was never sent: frees its slot at once."""
        if permit.id:
            self._closed(permit, self._wire.post("/v1/release", {"permit": permit.id}, 10.0), "release")

    def slot(self, method: str, endpoint: str, **acquire: Any) -> "Slot":
        """``with limiter.slot("GET", "/v1/ticker") as slot: ...; slot.done(status, headers)``."""
        return Slot(self, method, endpoint, acquire)

    def close(self) -> None:
        """Closes the kept-alive connections."""
        self._wire.close()

    def __enter__(self) -> "Limiter":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class AsyncLimiter(_Base):
    """The asyncio client (one event loop); same arguments as :class:`Limiter`."""

    def __init__(self, url: Optional[str] = None, *, unix_socket: Optional[str] = None, token: Optional[str] = None,
                 token_file: Optional[str] = None, timeout: Optional[float] = None, lease_s: Optional[float] = None,
                 connect_timeout: float = 2.0, lease: bool = True) -> None:
        super().__init__(url, unix_socket, token, token_file, timeout, lease_s, lease)
        self._wire = AsyncWire(self.address, self.token, connect_timeout)

    async def acquire(self, method: str, endpoint: str, *, timeout: Optional[float] = None, lease: Optional[bool] = None,
                      lease_s: Optional[float] = None, correlation_id: Optional[str] = None) -> Permit:
        """Waits for a slot. Raises Blocked, CircuitOpen, Timeout, Unauthorized or SidecarUnavailable."""
        body = self._acquire_body(method, endpoint, timeout, lease, lease_s, correlation_id)
        return self._permit(await self._wire.post("/v1/acquire", body, self._read_timeout(timeout)), method, endpoint)

    async def report(self, permit: Permit, status: int, *, remaining_req: Optional[str] = None,
                     retry_after_s: Optional[float] = None, answered_at: Optional[float] = None) -> None:
        """Feeds the exchange's answer back (status 0: transport error); ``answered_at`` as in :meth:`Limiter.report`."""
        body = self._report_body(permit, status, remaining_req, retry_after_s, answered_at)
        answer = await self._wire.post("/v1/report", body, 10.0)
        self._closed(permit, answer, "report")

    async def release(self, permit: Permit) -> None:
        """The request was never sent: frees its slot at once."""
        if permit.id:
            self._closed(permit, await self._wire.post("/v1/release", {"permit": permit.id}, 10.0), "release")

    def slot(self, method: str, endpoint: str, **acquire: Any) -> "AsyncSlot":
        """``async with limiter.slot("GET", "/v1/ticker") as slot: ...; await slot.done(status, headers)``."""
        return AsyncSlot(self, method, endpoint, acquire)

    async def aclose(self) -> None:
        """Closes the kept-alive connections."""
        await self._wire.close()

    async def __aenter__(self) -> "AsyncLimiter":
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()


def _feedback(status: int, headers: Optional[Mapping[str, str]], answered_at: Optional[float] = None) -> Dict[str, Any]:
    retry = retry_after_seconds(_header(headers, "Retry-After")) if status == 418 else None
    return {"remaining_req": _header(headers, "Remaining-Req"), "retry_after_s": retry, "answered_at": answered_at}


class _SlotState:
    def __init__(self, method: str, endpoint: str, acquire: Dict[str, Any]) -> None:
        self.method, self.endpoint, self.acquire = method, endpoint, acquire
        self.permit: Optional[Permit] = None
        self.closed = False

    def exit_action(self, exc_type: Optional[Type[BaseException]]) -> Optional[str]:
        """What leaving the block does with an open permit: report 0 after an error, else nothing (it expires)."""
        if self.closed or self.permit is None:
            return None
        self.closed = True
        if exc_type is None:
            log.warning("slot %s %s left without done() or release(): it counts until its bound",
                        self.method, self.endpoint)
            return None
        return "transport-error"


class Slot:
    """A sync context manager around one request: acquires on entry; call ``done`` with the answer, or
    ``release`` if the request was never sent. Leaving on an exception reports status 0 (the request may
    have been sent: its slot counts until its bound)."""

    def __init__(self, limiter: Limiter, method: str, endpoint: str, acquire: Dict[str, Any]) -> None:
        self._limiter = limiter
        self._state = _SlotState(method, endpoint, acquire)

    @property
    def permit(self) -> Optional[Permit]:
        return self._state.permit

    def __enter__(self) -> "Slot":
        self._state.permit = self._limiter.acquire(self._state.method, self._state.endpoint, **self._state.acquire)
        return self

    def done(self, status: int, headers: Optional[Mapping[str, str]] = None, answered_at: Optional[float] = None) -> None:
        """The exchange answered ``status`` with ``headers`` (Remaining-Req, and Retry-After on a 418);
        ``answered_at``: the ``time.monotonic()`` the answer came at, when it was a while ago."""
        if self._state.permit and not self._state.closed:
            self._state.closed = True
            self._limiter.report(self._state.permit, status, **_feedback(status, headers, answered_at))

    def release(self) -> None:
        """The request was never sent."""
        if self._state.permit and not self._state.closed:
            self._state.closed = True
            self._limiter.release(self._state.permit)

    def __exit__(self, exc_type: Optional[Type[BaseException]], exc: Optional[BaseException],
                 tb: Optional[TracebackType]) -> None:
        if self._state.exit_action(exc_type) and self._state.permit:
            try:
                self._limiter.report(self._state.permit, 0)
            except LimiterError as error:
                log.warning("report after %r failed: %s", exc, error)


class AsyncSlot:
    """The asyncio :class:`Slot` (for aiohttp and other clients)."""

    def __init__(self, limiter: AsyncLimiter, method: str, endpoint: str, acquire: Dict[str, Any]) -> None:
        self._limiter = limiter
        self._state = _SlotState(method, endpoint, acquire)

    @property
    def permit(self) -> Optional[Permit]:
        return self._state.permit

    async def __aenter__(self) -> "AsyncSlot":
        self._state.permit = await self._limiter.acquire(self._state.method, self._state.endpoint, **self._state.acquire)
        return self

    async def done(self, status: int, headers: Optional[Mapping[str, str]] = None,
                   answered_at: Optional[float] = None) -> None:
        """The exchange answered ``status`` with ``headers``; ``answered_at`` as in :meth:`Slot.done`."""
        if self._state.permit and not self._state.closed:
            self._state.closed = True
            await self._limiter.report(self._state.permit, status, **_feedback(status, headers, answered_at))

    async def release(self) -> None:
        """The request was never sent."""
        if self._state.permit and not self._state.closed:
            self._state.closed = True
            await self._limiter.release(self._state.permit)

    async def __aexit__(self, exc_type: Optional[Type[BaseException]], exc: Optional[BaseException],
                        tb: Optional[TracebackType]) -> None:
        if self._state.exit_action(exc_type) and self._state.permit:
            try:
                await self._limiter.report(self._state.permit, 0)
            except LimiterError as error:
                log.warning("report after %r failed: %s", exc, error)


__all__ = ["AsyncLimiter", "AsyncSlot", "DEFAULT_URL", "Limiter", "Permit", "Slot",
           "read_token_file", "retry_after_seconds"]
