"""A ``requests`` transport adapter: every request to an Upbit host goes through the limiter."""
from __future__ import annotations

from typing import Any, Iterable, Mapping, Optional, Union
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.exceptions import ConnectTimeoutError, NewConnectionError

from ._hosts import HostFilter, lease_for
from ._through import send_through
from .client import Limiter


def _never_sent(error: BaseException) -> bool:
    """Whether a requests error happened before the request was written (connect failed or timed out)."""
    if isinstance(error, (requests.exceptions.ConnectTimeout, requests.exceptions.SSLError,
                          requests.exceptions.InvalidURL)):
        return True
    reason = getattr(error.args[0], "reason", None) if error.args else None
    return isinstance(reason, (NewConnectionError, ConnectTimeoutError))


def _total_timeout(timeout: Union[None, float, tuple]) -> Optional[float]:
    if isinstance(timeout, tuple):
        parts = [t for t in timeout if t is not None]
        return sum(parts) if len(parts) == len(timeout) else None
    return timeout


class LimiterAdapter(HTTPAdapter):
    """``session.mount("https://", LimiterAdapter())``: requests to ``hosts`` (default api.upbit.com) acquire a
    leased permit before they are sent and report the answer (status, Remaining-Req, Retry-After) after;
    requests that never left are released; other hosts pass straight through.

    ``limiter`` is shared (thread-safe); or give the :class:`Limiter` arguments (``url``, ``unix_socket``,
    ``token``, ``token_file``, ``timeout``) and the adapter makes one.
    """

    def __init__(self, limiter: Optional[Limiter] = None, *, hosts: Optional[Iterable[str]] = None,
                 limiter_options: Optional[Mapping[str, Any]] = None, **adapter_options: Any) -> None:
        super().__init__(**adapter_options)
        self.limiter = limiter or Limiter(**dict(limiter_options or {}))
        self._owns = limiter is None
        self._hosts = HostFilter(hosts)

    def send(self, request: requests.PreparedRequest, stream: bool = False, timeout: Any = None,
             verify: Any = True, cert: Any = None, proxies: Any = None) -> requests.Response:
        url = urlsplit(request.url or "")
        if not self._hosts(url.hostname, url.port):
            return super().send(request, stream=stream, timeout=timeout, verify=verify, cert=cert, proxies=proxies)
        def send() -> requests.Response:
            return super(LimiterAdapter, self).send(request, stream=stream, timeout=timeout, verify=verify, cert=cert,
                                                    proxies=proxies)

        return send_through(self.limiter, request.method or "GET", url.path or "/", lease_for(_total_timeout(timeout)),
                            send, _never_sent)

    def close(self) -> None:
        super().close()
        if self._owns:
            self.limiter.close()
