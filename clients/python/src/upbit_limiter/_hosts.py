"""Which requests go through the limiter: those to an Upbit host."""
from __future__ import annotations

from typing import Iterable, Optional, Tuple

UPBIT_HOSTS: Tuple[str, ...] = ("api.upbit.com",)
"""Upbit's REST API host; pass ``hosts=`` to add others (``host`` or ``host:port``)."""


class HostFilter:
    """Matches a request's host (and port) against ``host`` or ``host:port`` entries, case-insensitively."""

    def __init__(self, hosts: Optional[Iterable[str]]) -> None:
        self._hosts = frozenset(h.lower() for h in (UPBIT_HOSTS if hosts is None else hosts))

    def __call__(self, host: Optional[str], port: Optional[int]) -> bool:
        if not host:
            return False
        host = host.lower()
        return host in self._hosts or (port is not None and f"{host}:{port}" in self._hosts)


def lease_for(timeout: Optional[float]) -> Optional[float]:
    """The lease bound for a request that may take ``timeout`` seconds: that plus one (None: the sidecar's default)."""
    return None if timeout is None else min(3600.0, timeout + 1.0)
