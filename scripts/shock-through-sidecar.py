#!/usr/bin/env python3
"""The seed's market-shock scenario (scenario 2) through the sidecar, on a loaded host.

100 panicking traders each place 3 orders at once (300 orders, ideal 300 / 12 per s = 25 s)
through `upbit-limiter serve`, against `upbit-limiter emulate` (strict windows, 429/418).
Each order: acquire from the sidecar → POST /v1/orders to the emulator → report the answer.
`--burners N` busy-loop processes make more runnable processes than cores, so traders are
scheduled late (the case where a 25 ms margin is not enough). Prints one JSON line:
429 and 418 counts from the exchange, elapsed time and the order group's share of the ideal
(orders sent / the published rate, over the time taken; capped runs count what was sent).

    scripts/shock-through-sidecar.py --binary .build/release/upbit-limiter [--lease] [--burners 4]

Needs `requests`. Loopback only; every loop is bounded (orders, timeouts, --max-seconds).
"""
import argparse
import json
import multiprocessing
import os
import subprocess
import sys
import threading
import time

import requests

from loopback_harness import free_port, token, wait_healthy

ORDER = ("POST", "/v1/orders")








def burn(stop_at):
    while time.monotonic() < stop_at:
        pass


class Tally:
    def __init__(self):
        self.lock = threading.Lock()
        self.statuses = {}
        self.refused = 0
        self.unreported = 0

    def count(self, status):
        with self.lock:
            self.statuses[status] = self.statuses.get(status, 0) + 1


def trader(index, args, sidecar, exchange, tally, start):
    session = requests.Session()
    auth = {"Authorization": f"Bearer {token('shock-account')}"}
    start.wait()
    for n in range(args.orders):
        method, path = ORDER
        ask = {"endpoint": path, "method": method, "timeout": args.acquire_timeout,
               "correlation_id": f"trader-{index}-{n}"}
        if args.lease:
            ask["lease"] = True
        grant = session.post(f"{sidecar}/v1/acquire", json=ask, timeout=args.acquire_timeout + 5)
        if grant.status_code != 200:
            with tally.lock:
                tally.refused += 1
            time.sleep(min(5.0, float(grant.headers.get("Retry-After", "0.5"))))
            continue
        permit = grant.json().get("permit")
        try:
            answer = session.post(f"{exchange}{path}", headers=auth, timeout=10,
                                  json={"market": "KRW-BTC", "side": "bid", "volume": "1", "price": "1",
                                        "ord_type": "limit"})
            status, remaining = answer.status_code, answer.headers.get("Remaining-Req")
        except requests.RequestException:
            status, remaining = 0, None
        tally.count(status)
        report = {"endpoint": path, "method": method, "status": 200 if status == 201 else status,
                  "correlation_id": ask["correlation_id"]}
        if remaining:
            report["remaining_req"] = remaining
        if permit:
            report["permit"] = permit
        if session.post(f"{sidecar}/v1/report", json=report, timeout=10).status_code >= 300:
            with tally.lock:
                tally.unreported += 1


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", default=".build/release/upbit-limiter")
    parser.add_argument("--traders", type=int, default=100)
    parser.add_argument("--orders", type=int, default=3, help="orders per trader")
    parser.add_argument("--burners", type=int, default=2 * (os.cpu_count() or 2))
    parser.add_argument("--lease", action="store_true", help="lease permits (sidecar API v2)")
    parser.add_argument("--latency-ms", type=float, default=2.0)
    parser.add_argument("--acquire-timeout", type=float, default=120.0)
    parser.add_argument("--max-seconds", type=float, default=600.0)
    args = parser.parse_args()
    if not (1 <= args.traders <= 1000 and 1 <= args.orders <= 100 and 0 <= args.burners <= 64):
        parser.error("--traders 1..1000, --orders 1..100, --burners 0..64")

    exchange_port, sidecar_port = free_port(), free_port()
    exchange, sidecar = f"http://127.0.0.1:{exchange_port}", f"http://127.0.0.1:{sidecar_port}"
    procs = [
        subprocess.Popen([args.binary, "emulate", "--port", str(exchange_port), "--latency-ms", str(args.latency_ms)],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL),
        subprocess.Popen([args.binary, "serve", "--port", str(sidecar_port)],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL),
    ]
    burners = []
    try:
        wait_healthy(f"{exchange}/__stats", time.monotonic() + 30)
        wait_healthy(f"{sidecar}/healthz", time.monotonic() + 30)
        stop_at = time.monotonic() + args.max_seconds
        burners = [multiprocessing.Process(target=burn, args=(stop_at,), daemon=True) for _ in range(args.burners)]
        for b in burners:
            b.start()
        tally, start = Tally(), threading.Event()
        threads = [threading.Thread(target=trader, args=(i, args, sidecar, exchange, tally, start), daemon=True)
                   for i in range(args.traders)]
        for t in threads:
            t.start()
        began = time.monotonic()
        start.set()
        for t in threads:
            t.join(max(0.1, stop_at - time.monotonic()))
        elapsed = time.monotonic() - began
        frame = requests.get(f"{sidecar}/v1/status", timeout=5).json()
        order = next(g for g in frame["groups"] if g["name"] == "order")
        sent = sum(tally.statuses.values())
        ideal = sent / order["limit_per_second"]
        print(json.dumps({
            "lease": args.lease, "burners": args.burners, "traders": args.traders, "orders": args.traders * args.orders,
            "sent": sent, "statuses": tally.statuses, "http_429": tally.statuses.get(429, 0),
            "http_418": tally.statuses.get(418, 0), "refused": tally.refused, "unreported": tally.unreported,
            "elapsed_s": round(elapsed, 2), "ideal_s": round(ideal, 2), "share": round(ideal / elapsed, 3),
            "order_rate_ratio_end": order["rate_ratio"], "finished": all(not t.is_alive() for t in threads),
        }))
    finally:
        for b in burners:
            b.terminate()
        for p in procs:
            p.terminate()
        for p in procs:
            try:
                p.wait(5)
            except subprocess.TimeoutExpired:
                p.kill()


if __name__ == "__main__":
    sys.exit(main())
