#!/usr/bin/env python3
"""The seed's market-shock scenario (scenario 2) through the sidecar, on a loaded host.

100 panicking traders each place 3 orders at once (300 orders, ideal 300 / 12 per s = 25 s)
through `upbit-limiter serve`, against `upbit-limiter emulate` (strict windows, 429/418).
Each order: acquire from the sidecar → POST /v1/orders to the emulator → report the answer.
`--burners N` busy-loop processes make more runnable processes than cores, so traders are
scheduled late (the case where a 25 ms margin is not enough). Prints one JSON line:
429 and 418 counts from the exchange, elapsed time and the order group's share of the ideal
(orders sent / the published rate, over the time taken; capped runs count what was sent).

    scripts/shock-through-sidecar.py --binary .build/release/upbit-limiter [--lease | --side-by-side] [--burners 4]

`--side-by-side` runs both protocols at the same time (one JSON line each), so both see the same host load.
`legs_ms` gives p50/p90/max of two legs of each order as the trader sees them: acquire granted → exchange
answered, and exchange answered → report acknowledged.

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

from loopback_harness import free_port, place_order, token, wait_healthy

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
        self.legs = {"granted_to_answered": [], "answered_to_reported": []}
        self.last_done = 0.0

    def leg(self, name, seconds):
        with self.lock:
            self.legs[name].append(seconds * 1000)

    def count(self, status):
        with self.lock:
            self.statuses[status] = self.statuses.get(status, 0) + 1


def trader(index, args, lease, sidecar, exchange, tally, start):
    session = requests.Session()
    auth = {"Authorization": f"Bearer {token('shock-account')}"}
    start.wait()
    for n in range(args.orders):
        method, path = ORDER
        ask = {"endpoint": path, "method": method, "timeout": args.acquire_timeout,
               "correlation_id": f"trader-{index}-{n}"}
        if lease:
            ask["lease"] = True
        grant = session.post(f"{sidecar}/v1/acquire", json=ask, timeout=args.acquire_timeout + 5)
        if grant.status_code != 200:
            with tally.lock:
                tally.refused += 1
            time.sleep(min(5.0, float(grant.headers.get("Retry-After", "0.5"))))
            continue
        permit = grant.json().get("permit")
        granted = time.monotonic()
        status, remaining = place_order(session, f"{exchange}{path}", auth)
        answered = time.monotonic()
        tally.count(status)
        tally.leg("granted_to_answered", answered - granted)
        report = {"endpoint": path, "method": method, "status": 200 if status == 201 else status,
                  "correlation_id": ask["correlation_id"]}
        if remaining and not args.no_remaining_req:
            report["remaining_req"] = remaining
        if permit:
            # As the Python client does: the slot settles when the answer came, not when the report arrives.
            report["permit"] = permit
            report["answer_age_s"] = round(time.monotonic() - answered, 6)
        if session.post(f"{sidecar}/v1/report", json=report, timeout=10).status_code >= 300:
            with tally.lock:
                tally.unreported += 1
        tally.leg("answered_to_reported", time.monotonic() - answered)
    with tally.lock:
        tally.last_done = max(tally.last_done, time.monotonic())


def percentiles(values):
    """p50 / p90 / max of `values` (ms), rounded."""
    if not values:
        return None
    ordered = sorted(values)
    pick = lambda q: round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 1)
    return {"p50": pick(0.5), "p90": pick(0.9), "max": round(ordered[-1], 1)}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", default=".build/release/upbit-limiter")
    parser.add_argument("--traders", type=int, default=100)
    parser.add_argument("--orders", type=int, default=3, help="orders per trader")
    parser.add_argument("--burners", type=int, default=2 * (os.cpu_count() or 2))
    parser.add_argument("--lease", action="store_true", help="lease permits (sidecar API v2)")
    parser.add_argument("--no-remaining-req", action="store_true",
                        help="diagnostic: report without the Remaining-Req header (no alignment with the server's count)")
    parser.add_argument("--side-by-side", action="store_true",
                        help="run the margin and the lease protocol at once, each with its own emulator and sidecar")
    parser.add_argument("--latency-ms", type=float, default=2.0)
    parser.add_argument("--acquire-timeout", type=float, default=120.0)
    parser.add_argument("--max-seconds", type=float, default=600.0)
    args = parser.parse_args()
    if not (1 <= args.traders <= 1000 and 1 <= args.orders <= 100 and 0 <= args.burners <= 64):
        parser.error("--traders 1..1000, --orders 1..100, --burners 0..64")

    modes = [False, True] if args.side_by_side else [args.lease]
    runs = [Run(lease) for lease in modes]
    procs, burners, children = [], [], []
    try:
        for run in runs:
            procs += run.spawn(args)
        for run in runs:
            wait_healthy(f"{run.exchange}/__stats", time.monotonic() + 30)
            wait_healthy(f"{run.sidecar}/healthz", time.monotonic() + 30)
        stop_at = time.monotonic() + args.max_seconds
        burners = [multiprocessing.Process(target=burn, args=(stop_at,), daemon=True) for _ in range(args.burners)]
        for b in burners:
            b.start()
        # Each protocol's traders run in their own process (like separate bots), started at the same instant.
        ready, start, began = multiprocessing.Barrier(len(runs) + 1), multiprocessing.Event(), multiprocessing.Value("d", 0.0)
        children = [multiprocessing.Process(target=run.drive, args=(args, stop_at, ready, start, began)) for run in runs]
        for child in children:
            child.start()
        ready.wait(60)
        began.value = time.monotonic()
        start.set()
        for child in children:
            child.join(max(0.1, stop_at + 30 - time.monotonic()))
    finally:
        for process in burners + children:
            if process.is_alive():
                process.terminate()
        for p in procs:
            p.terminate()
        for p in procs:
            try:
                p.wait(5)
            except subprocess.TimeoutExpired:
                p.kill()


class Run:
    """One emulator + sidecar pair and its traders, margin (`lease` false) or leased."""

    def __init__(self, lease):
        self.lease = lease
        self.tally = Tally()
        exchange_port, sidecar_port = free_port(), free_port()
        self.ports = exchange_port, sidecar_port
        self.exchange, self.sidecar = f"http://127.0.0.1:{exchange_port}", f"http://127.0.0.1:{sidecar_port}"

    def spawn(self, args):
        exchange_port, sidecar_port = self.ports
        return [
            subprocess.Popen([args.binary, "emulate", "--port", str(exchange_port), "--latency-ms", str(args.latency_ms)],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL),
            subprocess.Popen([args.binary, "serve", "--port", str(sidecar_port)],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL),
        ]

    def drive(self, args, stop_at, ready, start, began):
        """In a child process: the traders, released by `start`; prints the run's JSON line."""
        go = threading.Event()
        threads = [threading.Thread(target=trader, args=(i, args, self.lease, self.sidecar, self.exchange, self.tally, go),
                                    daemon=True) for i in range(args.traders)]
        for t in threads:
            t.start()
        ready.wait(60)
        start.wait(60)
        go.set()
        for t in threads:
            t.join(max(0.1, stop_at - time.monotonic()))
        finished = all(not t.is_alive() for t in threads)
        elapsed = (self.tally.last_done if finished else time.monotonic()) - began.value
        print(json.dumps(self.summary(args, elapsed, finished)), flush=True)

    def summary(self, args, elapsed, finished):
        """The run's JSON line: the share is the ideal time (orders sent / the published rate) over the time taken."""
        tally = self.tally
        frame = requests.get(f"{self.sidecar}/v1/status", timeout=5).json()
        order = next(g for g in frame["groups"] if g["name"] == "order")
        sent = sum(tally.statuses.values())
        ideal = sent / order["limit_per_second"]
        return {
            "lease": self.lease, "burners": args.burners, "traders": args.traders, "orders": args.traders * args.orders,
            "sent": sent, "statuses": tally.statuses, "http_429": tally.statuses.get(429, 0),
            "http_418": tally.statuses.get(418, 0), "refused": tally.refused, "unreported": tally.unreported,
            "elapsed_s": round(elapsed, 2), "ideal_s": round(ideal, 2), "share": round(ideal / elapsed, 3),
            "order_rate_ratio_end": order["rate_ratio"],
            "legs_ms": {name: percentiles(values) for name, values in tally.legs.items()},
            "finished": finished,
        }

if __name__ == "__main__":
    sys.exit(main())
