#!/usr/bin/env python3
"""The seed's market-shock scenario through the sidecar, with leases and with the margin, side by side.

100 panicking traders (ticker, balance, three sell orders 0.1 s apart, order status) run at once through
`upbit_limiter`'s httpx transport against `upbit-limiter emulate`. Both variants run at the same time,
each with its own emulator and sidecar, on a host made busier than its cores by CPU burners — the
condition where a request can leave the bot later than the limiter's 25 ms margin allows.

Prints, per variant: orders accepted, 429s seen by the traders and by the exchange, and the order
group's share of the ideal time ((n - N) / (rate x span) over the accepted orders' answer times).

    python3 examples/python/market_shock.py --binary .build/release/upbit-limiter --burners 4
"""
from __future__ import annotations

import argparse
import asyncio
import base64
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from typing import Dict, List

ORDER_RATE = 12.0  # the order group: 12 per second (korea preset)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port: int, deadline: float = 60.0) -> None:
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise SystemExit(f"nothing listening on port {port}")


def jwt() -> str:
    """A token the emulator accepts for the private groups (no secret configured: the signature is not checked)."""
    def b64(raw: bytes) -> str:
        return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()
    return ".".join([b64(b'{"alg":"HS512","typ":"JWT"}'), b64(json.dumps({"access_key": "shock"}).encode()), b64(b"unsigned")])


async def traders(count: int, exchange: str, sidecar: str, lease: bool) -> Dict[str, float]:
    import httpx
    from upbit_limiter import AsyncLimiter, LimiterError
    from upbit_limiter.httpx_transport import AsyncLimiterTransport

    limiter = AsyncLimiter(sidecar, lease=lease, timeout=120)
    transport = AsyncLimiterTransport(limiter, hosts=[exchange.split("://", 1)[1]],
                                      transport=httpx.AsyncHTTPTransport(limits=httpx.Limits(max_connections=200)))
    order_times: List[float] = []
    seen429 = 0
    failures = 0
    headers = {"Authorization": f"Bearer {jwt()}"}
    async with httpx.AsyncClient(transport=transport, base_url=exchange, headers=headers, timeout=10) as client:
        async def call(method: str, path: str) -> None:
            nonlocal seen429, failures
            try:
                answer = await client.request(method, path, params={"market": "KRW-BTC"})
            except (httpx.HTTPError, LimiterError):
                failures += 1
                return
            if answer.status_code == 429:
                seen429 += 1
            elif answer.status_code >= 400:
                failures += 1
            elif path == "/v1/orders" and method == "POST":
                order_times.append(time.monotonic())

        async def trader() -> None:
            await call("GET", "/v1/ticker")
            await call("GET", "/v1/accounts")
            for _ in range(3):
                await call("POST", "/v1/orders")
                await asyncio.sleep(0.1)
            await call("GET", "/v1/order")

        started = time.monotonic()
        await asyncio.gather(*(trader() for _ in range(count)))
        elapsed = time.monotonic() - started
    await limiter.aclose()
    order_times.sort()
    n, window = len(order_times), int(ORDER_RATE)
    span = order_times[-1] - order_times[0] if n > 1 else 0.0
    share = (n - window) / (ORDER_RATE * span) if span > 0 and n > window else 0.0
    return {"orders": n, "seen_429": seen429, "failures": failures, "span_s": span, "share": share,
            "elapsed_s": elapsed, "open_permits": limiter.open_permits}


def run_variant(args: argparse.Namespace) -> None:
    result = asyncio.run(traders(args.traders, args.exchange, args.sidecar, args.variant == "lease"))
    print(json.dumps(result))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", default=".build/release/upbit-limiter")
    parser.add_argument("--traders", type=int, default=100)
    parser.add_argument("--burners", type=int, default=(os.cpu_count() or 2) * 2,
                        help="CPU-burning processes started for the run (default: twice the cores)")
    parser.add_argument("--variant", choices=["lease", "margin"], help=argparse.SUPPRESS)
    parser.add_argument("--exchange", help=argparse.SUPPRESS)
    parser.add_argument("--sidecar", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.variant:
        return run_variant(args)

    processes: List[subprocess.Popen] = []
    tmp = tempfile.mkdtemp(prefix="market-shock-")
    try:
        variants = {}
        for variant in ("lease", "margin"):
            exchange, sidecar = free_port(), free_port()
            processes.append(subprocess.Popen([args.binary, "emulate", "--port", str(exchange)], stdout=subprocess.DEVNULL))
            processes.append(subprocess.Popen([args.binary, "serve", "--port", str(sidecar)], stdout=subprocess.DEVNULL,
                                              env={**os.environ, "TMPDIR": tmp}))
            wait_for(exchange)
            wait_for(sidecar)
            variants[variant] = (f"http://127.0.0.1:{exchange}", f"http://127.0.0.1:{sidecar}")
        burners = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(args.burners)]
        processes += burners
        time.sleep(1)
        runs = {v: subprocess.Popen([sys.executable, __file__, "--variant", v, "--traders", str(args.traders),
                                     "--exchange", e, "--sidecar", s], stdout=subprocess.PIPE, text=True)
                for v, (e, s) in variants.items()}
        results = {v: json.loads(p.communicate(timeout=600)[0]) for v, p in runs.items()}
        for burner in burners:
            burner.kill()
        print(f"market shock: {args.traders} traders, {args.burners} CPU burners on {os.cpu_count()} cores, "
              f"both variants at once")
        print(f"{'variant':8} {'orders':>6} {'429 (bots)':>10} {'429 (exchange)':>14} {'failures':>8} "
              f"{'span s':>7} {'share of ideal':>14} {'open permits':>12}")
        for variant, result in results.items():
            stats = json.loads(urllib.request.urlopen(f"{variants[variant][0]}/__stats", timeout=5).read())
            print(f"{variant:8} {result['orders']:>6} {result['seen_429']:>10} {stats['totals']['too_many_429']:>14} "
                  f"{result['failures']:>8} {result['span_s']:>7.2f} {result['share']:>14.4f} {result['open_permits']:>12}")
    finally:
        for process in processes:
            if process.poll() is None:
                process.terminate()
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


if __name__ == "__main__":
    main()
