#!/usr/bin/env python3
"""A minimal Upbit bot that shares one rate limiter through the upbit-limiter sidecar.

For every exchange call: acquire a slot from the sidecar, call the exchange, then report
the status and the Remaining-Req header back. Needs `requests`.
"""
import argparse
import sys
import time
import uuid

import requests

def call(session, sidecar, exchange, method, path, params=None, timeout=5.0):
    """Acquire → call → report. Returns the exchange response, or None when the limiter refused."""
    correlation = uuid.uuid4().hex[:12]
    grant = session.post(f"{sidecar}/v1/acquire", json={
        "endpoint": path, "method": method, "timeout": timeout, "correlation_id": correlation})
    if grant.status_code == 503:
        wait = float(grant.headers.get("Retry-After", "1"))
        print(f"limiter: blocked ({grant.json()['error']}), retry after {wait:.0f}s", file=sys.stderr)
        time.sleep(wait)
        return None
    if grant.status_code == 504:
        print("limiter: no slot before the deadline", file=sys.stderr)
        return None
    grant.raise_for_status()
    try:
        answer = session.request(method, f"{exchange}{path}", params=params, timeout=10)
        status, remaining = answer.status_code, answer.headers.get("Remaining-Req")
    except requests.RequestException:
        answer, status, remaining = None, 0, None          # 0 = transport error
    report = {"endpoint": path, "method": method, "status": status, "correlation_id": correlation}
    if remaining:
        report["remaining_req"] = remaining
    session.post(f"{sidecar}/v1/report", json=report)
    return answer

def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sidecar", default="http://127.0.0.1:8089")
    parser.add_argument("--exchange", default="http://127.0.0.1:8090", help="exchange base URL (default: the local emulator)")
    parser.add_argument("--market", default="KRW-BTC")
    parser.add_argument("--count", type=int, default=50)
    args = parser.parse_args()
    session = requests.Session()
    ok = 0
    started = time.monotonic()
    for _ in range(args.count):
        answer = call(session, args.sidecar, args.exchange, "GET", "/v1/ticker", {"markets": args.market})
        if answer is not None and answer.ok:
            ok += 1
        elif answer is not None:
            print(f"exchange answered {answer.status_code}", file=sys.stderr)
    elapsed = time.monotonic() - started
    print(f"{ok}/{args.count} tickers in {elapsed:.2f}s ({args.count / elapsed:.1f}/s)")

if __name__ == "__main__":
    main()
