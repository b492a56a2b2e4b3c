"""HTTP/1.1 to the sidecar over TCP or a Unix socket, with kept-alive connections (sync and asyncio)."""
from __future__ import annotations

import asyncio
import http.client
import json
import socket
import threading
from typing import Any, Dict, List, Optional, Tuple
from urllib.parse import urlsplit

from .errors import SidecarUnavailable

Answer = Tuple[int, Dict[str, str], Any]
"""Status, lower-case headers and decoded JSON body (None when empty)."""

_POOL_SIZE = 64


class Address:
    """Where the sidecar listens: ``http://host:port`` or a Unix socket path."""

    def __init__(self, url: str, unix_socket: Optional[str]) -> None:
        self.unix_socket = unix_socket
        parts = urlsplit(url)
        if parts.scheme != "http" or not parts.hostname:
            raise ValueError(f"sidecar url {url!r}: expected http://HOST:PORT")
        self.host = parts.hostname
        self.port = parts.port or 80
        self.label = f"unix socket {unix_socket}" if unix_socket else f"http://{self.host}:{self.port}"

    def headers(self, token: Optional[str], length: int) -> Dict[str, str]:
        headers = {"Host": "localhost" if self.unix_socket else f"{self.host}:{self.port}",
                   "Content-Type": "application/json", "Content-Length": str(length)}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        return headers


def _decode(status: int, headers: Dict[str, str], data: bytes, label: str) -> Answer:
    if not data:
        return status, headers, None
    try:
        return status, headers, json.loads(data)
    except ValueError as error:
        raise SidecarUnavailable(f"sidecar at {label} answered {status} with a body that is not JSON: {error}",
                                 status=status) from None


class _TCPConnection(http.client.HTTPConnection):
    def connect(self) -> None:
        super().connect()
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


class _UnixConnection(http.client.HTTPConnection):
    def __init__(self, path: str, timeout: float) -> None:
        super().__init__("localhost", timeout=timeout)
        self._path = path

    def connect(self) -> None:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(self.timeout)
        try:
            sock.connect(self._path)
        except OSError:
            sock.close()
            raise
        self.sock = sock


class SyncWire:
    """Thread-safe: each call borrows a kept-alive connection from a bounded pool."""

    def __init__(self, address: Address, token: Optional[str], connect_timeout: float) -> None:
        self._address = address
        self._token = token
        self._connect_timeout = connect_timeout
        self._idle: List[http.client.HTTPConnection] = []
        self._lock = threading.Lock()

    def post(self, path: str, body: Dict[str, Any], timeout: float) -> Answer:
        data = json.dumps(body, separators=(",", ":")).encode()
        headers = self._address.headers(self._token, len(data))
        for attempt in (0, 1):
            connection, reused = self._borrow()
            try:
                if connection.sock is None:
                    connection.timeout = self._connect_timeout
                    connection.connect()
                connection.sock.settimeout(timeout)
                connection.request("POST", path, body=data, headers=headers)
                response = connection.getresponse()
                payload = response.read()
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError) as error:
                connection.close()
                if reused and attempt == 0:
                    continue  # a kept-alive connection the sidecar had closed: the request never arrived
                raise SidecarUnavailable(f"sidecar at {self._address.label}: {error}") from None
            except (OSError, http.client.HTTPException) as error:
                connection.close()
                raise SidecarUnavailable(f"sidecar at {self._address.label} unreachable: {error}") from None
            answer_headers = {k.lower(): v for k, v in response.getheaders()}
            if response.will_close:
                connection.close()
            else:
                self._give_back(connection)
            return _decode(response.status, answer_headers, payload, self._address.label)
        raise AssertionError("unreachable")

    def _borrow(self) -> Tuple[http.client.HTTPConnection, bool]:
        with self._lock:
            if self._idle:
                return self._idle.pop(), True
        if self._address.unix_socket:
            return _UnixConnection(self._address.unix_socket, self._connect_timeout), False
        return _TCPConnection(self._address.host, self._address.port, timeout=self._connect_timeout), False

    def _give_back(self, connection: http.client.HTTPConnection) -> None:
        with self._lock:
            if len(self._idle) < _POOL_SIZE:
                self._idle.append(connection)
                return
        connection.close()

    def close(self) -> None:
        with self._lock:
            idle, self._idle = self._idle, []
        for connection in idle:
            connection.close()


_Stream = Tuple[asyncio.StreamReader, asyncio.StreamWriter]


class AsyncWire:
    """asyncio: each call borrows a kept-alive stream from a bounded pool (one event loop)."""

    def __init__(self, address: Address, token: Optional[str], connect_timeout: float) -> None:
        self._address = address
        self._token = token
        self._connect_timeout = connect_timeout
        self._idle: List[_Stream] = []

    async def post(self, path: str, body: Dict[str, Any], timeout: float) -> Answer:
        data = json.dumps(body, separators=(",", ":")).encode()
        lines = [f"POST {path} HTTP/1.1"] + [f"{k}: {v}" for k, v in self._address.headers(self._token, len(data)).items()]
        request = ("\r\n".join(lines) + "\r\n\r\n").encode() + data
        for attempt in (0, 1):
            reused = bool(self._idle)
            try:
                stream = self._idle.pop() if reused else await self._connect()
            except (OSError, asyncio.TimeoutError) as error:
                raise SidecarUnavailable(f"sidecar at {self._address.label} unreachable: {error or 'timeout'}") from None
            try:
                answer, keep = await asyncio.wait_for(self._exchange(stream, request), timeout)
            except asyncio.IncompleteReadError as error:
                stream[1].close()
                if reused and attempt == 0 and not error.partial:
                    continue  # a kept-alive connection the sidecar had closed
                raise SidecarUnavailable(f"sidecar at {self._address.label} closed the connection") from None
            except (OSError, asyncio.TimeoutError, ValueError) as error:
                stream[1].close()
                raise SidecarUnavailable(f"sidecar at {self._address.label}: {error or 'timeout'}") from None
            except BaseException:
                stream[1].close()
                raise
            if keep and len(self._idle) < _POOL_SIZE:
                self._idle.append(stream)
            else:
                stream[1].close()
            return answer
        raise AssertionError("unreachable")

    async def _connect(self) -> _Stream:
        if self._address.unix_socket:
            opening = asyncio.open_unix_connection(self._address.unix_socket)
        else:
            opening = asyncio.open_connection(self._address.host, self._address.port)
        reader, writer = await asyncio.wait_for(opening, self._connect_timeout)
        sock = writer.get_extra_info("socket")
        if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return reader, writer

    async def _exchange(self, stream: _Stream, request: bytes) -> Tuple[Answer, bool]:
        reader, writer = stream
        writer.write(request)
        await writer.drain()
        status_line = (await reader.readuntil(b"\r\n")).decode("latin-1").split(" ", 2)
        if len(status_line) < 2 or not status_line[0].startswith("HTTP/1."):
            raise ValueError(f"not an HTTP/1.1 answer: {' '.join(status_line)!r}")
        headers: Dict[str, str] = {}
        while True:
            line = (await reader.readuntil(b"\r\n")).decode("latin-1")
            if line == "\r\n":
                break
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        payload = await reader.readexactly(int(headers.get("content-length", "0")))
        keep = headers.get("connection", "").lower() != "close"
        return _decode(int(status_line[1]), headers, payload, self._address.label), keep

    async def close(self) -> None:
        idle, self._idle = self._idle, []
        for _, writer in idle:
            writer.close()
