#!/usr/bin/env python3
"""A minimal Upbit bot sharing one rate limiter through the upbit-limiter sidecar.

The whole integration is one line: mount `upbit_limiter`'s adapter on the requests session.
Every call to the exchange then acquires a leased permit first and reports its answer after.
Needs `pip install ./clients/python requests`.
"""
import argparse
import sys
import time
from urllib.parse import urlsplit

import requests

from upbit_limiter import Blocked, CircuitOpen, Limiter, LimiterError
from upbit_limiter.requests_adapter import LimiterAdapter


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sidecar", default="http://127.0.0.1:8089")
    parser.add_argument("--unix-socket", help="the sidecar's --unix-socket path (faster than TCP)")
    parser.add_argument("--token-file", help="the bot token, when the sidecar wants one")
    parser.add_argument("--exchange", default="http://127.0.0.1:8090", help="exchange base URL (default: the local emulator)")
    parser.add_argument("--market", default="KRW-BTC")
    parser.add_argument("--count", type=int, default=50)
    args = parser.parse_args()

    limiter = Limiter(args.sidecar, unix_socket=args.unix_socket, token_file=args.token_file)
    exchange = urlsplit(args.exchange)
    session = requests.Session()
    session.mount(f"{exchange.scheme}://", LimiterAdapter(limiter, hosts=["api.upbit.com", exchange.netloc]))

    ok = 0
    started = time.monotonic()
    for _ in range(args.count):
        try:
            answer = session.get(f"{args.exchange}/v1/ticker", params={"markets": args.market}, timeout=5)
        except (Blocked, CircuitOpen) as refused:
            print(f"limiter: {refused.message}; retry after {refused.retry_after or 1:.0f}s", file=sys.stderr)
            time.sleep(refused.retry_after or 1)
            continue
        except LimiterError as error:
            print(f"limiter: {error.message}", file=sys.stderr)
            continue
        if answer.ok:
            ok += 1
        else:
            print(f"exchange answered {answer.status_code}", file=sys.stderr)
    elapsed = time.monotonic() - started
    print(f"{ok}/{args.count} tickers in {elapsed:.2f}s ({args.count / elapsed:.1f}/s)")


if __name__ == "__main__":
    main()
