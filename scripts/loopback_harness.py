"""Helpers shared by the loopback load scripts (shock-through-sidecar.py, shared-faults.py)."""
import base64
import json
import socket
import time
import uuid

import requests


def free_port():
    """A TCP port free on 127.0.0.1 now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def token(access_key):
    """An Upbit-style JWT; the emulator accepts any signature for a key it has no secret for."""
    def part(obj):
        return base64.urlsafe_b64encode(json.dumps(obj).encode()).rstrip(b"=").decode()
    return f"{part({'alg': 'HS512', 'typ': 'JWT'})}.{part({'access_key': access_key, 'nonce': uuid.uuid4().hex})}.c2ln"


def wait_healthy(url, deadline, process=None):
    """Polls `url` until it answers below 500, `process` (if given) exits, or `deadline` (monotonic) passes."""
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise SystemExit(f"exited early ({process.returncode}): {url}")
        try:
            if requests.get(url, timeout=0.5).status_code < 500:
                return
        except requests.RequestException:
            pass
        time.sleep(0.1)
    raise SystemExit(f"not healthy in time: {url}")


def place_order(session, url, auth):
    """POSTs one limit order to the exchange at `url` (its order path included); the status (0 on a
    transport error or timeout) and the `Remaining-Req` header."""
    try:
        reply = session.post(url, headers=auth, timeout=10,
                             json={"market": "KRW-BTC", "side": "bid", "volume": "1", "price": "1", "ord_type": "limit"})
        return reply.status_code, reply.headers.get("Remaining-Req")
    except requests.RequestException:
        return 0, None
