#!/usr/bin/env python3
"""Three sidecars sharing one account through one PostgreSQL, under load and faults (issue #14).

Starts a throw-away PostgreSQL (scripts/pg-test-server.sh), `upbit-limiter emulate` (strict
sliding windows, counting the `order` group per account across every host), three
`upbit-limiter serve --shared … --account …` processes, each reaching the store through its
own loopback TCP proxy, and WORKERS threads per sidecar that each loop: acquire an order
permit from their sidecar → POST /v1/orders to the emulator (one access key for all: one
account) → report the answer. Then runs the phases:

  warm-up            a fresh store's quarantine (one window + the longest lease)
  steady             all three loaded: the order group's share of the ideal (12/s)
  host cut off       host 3's proxy closes every connection and refuses new ones
  store paused       SIGSTOP on the server and its backends, then SIGCONT
  store restarted    pg_ctl restart -m immediate (a crash: the unlogged rows are lost)
  sidecar killed     SIGKILL to sidecar 3 while its workers hold permits

and prints one JSON object: per phase the orders the exchange accepted, its 429/418 answers,
the share of the ideal, each host's refusals (HTTP status and code) with the span they
covered; the exchange's own totals; the peak of client-stamped sends in any 1 s window; each
sidecar's store round trip (p50/p99) after the steady phase. Exit status 1 when the exchange
answered any 429/418 (the account went over its limit), 0 otherwise.

    scripts/shared-faults.py --binary .build/debug/upbit-limiter [--lease] [--workers 4]

Loopback only; every phase, wait and thread is bounded (--max-seconds caps the whole run).
Needs `requests`.
"""
import argparse
import json
import os
import select
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid

import requests

from loopback_harness import free_port, place_order, token, wait_healthy

ORDER_PATH = "/v1/orders"
LIMIT = 12  # the order group: 12 per second per account
ACCOUNT_KEY = "shared-faults-access-key"






class Proxy:
    """A loopback TCP proxy in front of the store that can cut its host off."""

    MAX_CONNECTIONS = 64

    def __init__(self, target_port):
        self.target = ("127.0.0.1", target_port)
        self.server = socket.socket()
        self.server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(64)
        self.server.settimeout(0.2)
        self.port = self.server.getsockname()[1]
        self.lock = threading.Lock()
        self.sockets = set()
        self.is_cut = False
        self.stopped = False
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self):
        while not self.stopped:
            try:
                inbound, _ = self.server.accept()
            except (socket.timeout, OSError):
                continue
            with self.lock:
                refuse = self.is_cut or len(self.sockets) >= 2 * self.MAX_CONNECTIONS
            if refuse:
                inbound.close()
                continue
            try:
                outbound = socket.create_connection(self.target, timeout=2)
            except OSError:
                inbound.close()
                continue
            with self.lock:
                self.sockets.update((inbound, outbound))
            threading.Thread(target=self._pump, args=(inbound, outbound), daemon=True).start()

    def _pump(self, a, b):
        peers = {a: b, b: a}
        try:
            while not self.stopped:
                ready, _, _ = select.select([a, b], [], [], 0.2)
                for s in ready:
                    data = s.recv(65536)
                    if not data:
                        return
                    peers[s].sendall(data)
        except (OSError, ValueError):
            pass
        finally:
            with self.lock:
                self.sockets.discard(a)
                self.sockets.discard(b)
            for s in (a, b):
                try:
                    s.close()
                except OSError:
                    pass

    def cut(self):
        with self.lock:
            self.is_cut = True
            sockets, self.sockets = list(self.sockets), set()
        for s in sockets:
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def restore(self):
        with self.lock:
            self.is_cut = False

    def stop(self):
        self.stopped = True
        self.cut()
        self.server.close()


class Log:
    """Everything the workers saw, stamped with time.monotonic()."""

    def __init__(self):
        self.lock = threading.Lock()
        self.sends = []  # (t_sent, host, status)
        self.refusals = []  # (t, host, what)
        self.acquire_ms = []  # acquire answer latency of grants that did not wait for a slot

    def sent(self, t, host, status):
        with self.lock:
            self.sends.append((t, host, status))

    def refused(self, t, host, what):
        with self.lock:
            self.refusals.append((t, host, what))


class Host:
    def __init__(self, index, args, store_url, exchange, workdir):
        self.name = f"h{index + 1}"
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.exchange = exchange
        self.args = args
        self.dead = threading.Event()
        self.holding = threading.Semaphore(0)
        config = os.path.join(workdir, f"{self.name}.json")
        with open(config, "w") as f:
            json.dump({"shared": {"url": store_url, "account": args.account, "default_lease_s": args.lease_s,
                                  "longest_lease_s": args.lease_s, "store_timeout_ms": args.store_timeout_ms}}, f)
        self.log_path = os.path.join(workdir, f"{self.name}.log")
        self.process = subprocess.Popen(
            [args.binary, "serve", "--port", str(self.port), "--config", config,
             "--shared", store_url, "--account", args.account],
            stdout=open(self.log_path, "w"), stderr=subprocess.STDOUT)

    def work(self, log, stop):
        session = requests.Session()
        auth = {"Authorization": f"Bearer {token(ACCOUNT_KEY)}"}
        while not stop.is_set() and not self.dead.is_set():
            ask = {"endpoint": ORDER_PATH, "method": "POST", "timeout": self.args.acquire_timeout}
            if self.args.lease:
                ask["lease"] = True
            began = time.monotonic()
            try:
                grant = session.post(f"{self.url}/v1/acquire", json=ask, timeout=self.args.acquire_timeout + 5)
            except requests.RequestException:
                if not self.dead.is_set():
                    log.refused(time.monotonic(), self.name, "connection")
                time.sleep(0.05)
                continue
            if grant.status_code != 200:
                try:
                    code = grant.json().get("code") or grant.json().get("error", "")
                except ValueError:
                    code = ""
                log.refused(time.monotonic(), self.name, f"{grant.status_code} {code}".strip())
                time.sleep(0.05)
                continue
            answer = grant.json()
            if answer.get("waited_ms", 1) == 0:
                with log.lock:
                    log.acquire_ms.append((time.monotonic() - began) * 1000)
            self.holding.release()
            sent = time.monotonic()
            status, remaining = place_order(session, f"{self.exchange}{ORDER_PATH}", auth)
            log.sent(sent, self.name, status)
            if self.dead.is_set():
                return
            report = {"endpoint": ORDER_PATH, "method": "POST", "status": 200 if status == 201 else status}
            if remaining:
                report["remaining_req"] = remaining
            if answer.get("permit"):
                report["permit"] = answer["permit"]
            try:
                session.post(f"{self.url}/v1/report", json=report, timeout=5)
            except requests.RequestException:
                pass

    def status(self):
        try:
            return requests.get(f"{self.url}/v1/status", timeout=2).json().get("shared_store")
        except (requests.RequestException, ValueError):
            return None

    def kill(self):
        self.dead.set()
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(5)

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(6)
            except subprocess.TimeoutExpired:
                self.process.kill()




def pg(command, directory):
    script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "pg-test-server.sh")
    return subprocess.run([script, command, directory], check=True, capture_output=True, text=True,
                          timeout=60).stdout.strip()


def summarise(log, phases, hosts, exchange_stats, store_status, args):
    report = {"lease": args.lease, "workers_per_host": args.workers, "limit_per_s": LIMIT, "phases": []}
    for name, start, end in phases:
        sends = [s for s in log.sends if start <= s[0] < end]
        accepted = sum(1 for s in sends if s[2] in (200, 201))
        refusals = {}
        for t, host, what in log.refusals:
            if start <= t < end:
                entry = refusals.setdefault(f"{host}: {what}", {"count": 0, "first_s": t - start, "last_s": t - start})
                entry["count"] += 1
                entry["last_s"] = t - start
        for entry in refusals.values():
            entry["first_s"], entry["last_s"] = round(entry["first_s"], 2), round(entry["last_s"], 2)
        length = end - start
        report["phases"].append({
            "phase": name, "seconds": round(length, 2), "accepted": accepted,
            "http_429": sum(1 for s in sends if s[2] == 429), "http_418": sum(1 for s in sends if s[2] == 418),
            "share_of_ideal": round(accepted / (LIMIT * length), 3) if length > 0 else None,
            "per_host": {h.name: sum(1 for s in sends if s[1] == h.name and s[2] in (200, 201)) for h in hosts},
            "refused": refusals,
        })
    stamps = sorted(s[0] for s in log.sends if s[2] in (200, 201))
    peak, j = 0, 0
    for i, t in enumerate(stamps):
        while stamps[j] <= t - 1.0:
            j += 1
        peak = max(peak, i - j + 1)
    report["client_stamped_peak_per_1s"] = peak
    order = (exchange_stats.get("groups") or {}).get("order", {})
    report["exchange_order"] = order
    report["store_round_trip_ms"] = store_status
    fast = sorted(log.acquire_ms)
    if fast:
        report["acquire_http_ms_unqueued"] = {"n": len(fast), "p50": round(fast[len(fast) // 2], 2),
                                               "p99": round(fast[min(len(fast) - 1, int(len(fast) * 0.99))], 2)}
    return report


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", default=".build/debug/upbit-limiter")
    parser.add_argument("--workers", type=int, default=4, help="worker threads per sidecar (1..32)")
    parser.add_argument("--lease", action="store_true", help="leased permits over HTTP (report by permit id)")
    parser.add_argument("--lease-s", type=float, default=1.5,
                        help="shared default and longest lease, s (not 1: the config reader takes 1 for true)")
    parser.add_argument("--store-timeout-ms", type=float, default=250)
    parser.add_argument("--acquire-timeout", type=float, default=2.0)
    parser.add_argument("--steady-s", type=float, default=8.0)
    parser.add_argument("--account", default=f"faults-{uuid.uuid4().hex[:8]}")
    parser.add_argument("--max-seconds", type=float, default=150.0)
    parser.add_argument("--keep", action="store_true", help="keep the work directory (sidecar logs)")
    args = parser.parse_args()
    if not (1 <= args.workers <= 32 and 0.1 <= args.lease_s <= 60 and 5 <= args.steady_s <= 120):
        parser.error("--workers 1..32, --lease-s 0.1..60, --steady-s 5..120")
    deadline = time.monotonic() + args.max_seconds
    signal.signal(signal.SIGALRM, lambda *_: (_ for _ in ()).throw(SystemExit("--max-seconds passed")))
    signal.alarm(int(args.max_seconds) + 30)

    workdir = tempfile.mkdtemp(prefix="upbit-shared-faults.")
    pgdir = tempfile.mkdtemp(prefix="upbit-shared-faults-pg.")  # handed to the postgres user when root
    store_url = pg("start", pgdir)
    store_port = int(open(os.path.join(pgdir, "port")).read())
    exchange_port = free_port()
    exchange = f"http://127.0.0.1:{exchange_port}"
    emulator = subprocess.Popen([args.binary, "emulate", "--port", str(exchange_port)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    proxies, hosts, threads = [], [], []
    stop = threading.Event()
    try:
        wait_healthy(f"{exchange}/__stats", time.monotonic() + 30, emulator)
        for i in range(3):
            proxy = Proxy(store_port)
            proxies.append(proxy)
            url = store_url.replace(f":{store_port}/", f":{proxy.port}/")
            hosts.append(Host(i, args, url, exchange, workdir))
        for host in hosts:
            wait_healthy(f"{host.url}/healthz", time.monotonic() + 30, host.process)
        log = Log()
        threads = [threading.Thread(target=h.work, args=(log, stop), daemon=True)
                   for h in hosts for _ in range(args.workers)]
        for t in threads:
            t.start()
        phases = []

        def phase(name, seconds, fault=None):
            start = time.monotonic()
            if fault:
                fault()
            time.sleep(max(0.0, min(seconds - (time.monotonic() - start), deadline - time.monotonic())))
            phases.append((name, start, time.monotonic()))

        phase("warm-up (fresh store: quarantine)", 3 + args.lease_s)
        phase("steady, three hosts", args.steady_s)
        store_status = {h.name: h.status() for h in hosts}
        phase("host 3 cut off from the store", 4, proxies[2].cut)
        proxies[2].restore()
        phase("host 3 back", 3)
        phase("store paused (SIGSTOP)", 2, lambda: pg("pause", pgdir))
        pg("resume", pgdir)
        phase("store resumed (SIGCONT)", 3)
        phase("store restarted (-m immediate)", 4 + args.lease_s, lambda: pg("restart", pgdir))
        phase("after the restart", 3)

        def kill_holding():
            # wait (bounded) until a worker of host 3 holds a fresh permit, then kill its sidecar
            hosts[2].holding.acquire(timeout=3)
            hosts[2].kill()
        phase("sidecar 3 killed holding permits", 5, kill_holding)
        stop.set()
        for t in threads:
            t.join(max(0.1, min(args.acquire_timeout + 6, deadline - time.monotonic())))
        exchange_stats = requests.get(f"{exchange}/__stats", timeout=5).json()
        report = summarise(log, phases, hosts, exchange_stats, store_status, args)
        report["final_store_status"] = {h.name: h.status() for h in hosts[:2]}
        report["workers_finished"] = all(not t.is_alive() for t in threads)
        print(json.dumps(report, indent=1))
        over = exchange_stats.get("totals", {})
        return 1 if over.get("too_many_429", 0) or over.get("blocked_418", 0) else 0
    finally:
        stop.set()
        for host in hosts:
            host.stop()
        for proxy in proxies:
            proxy.stop()
        emulator.terminate()
        try:
            emulator.wait(5)
        except subprocess.TimeoutExpired:
            emulator.kill()
        try:
            pg("resume", pgdir)
        except subprocess.SubprocessError:
            pass
        try:
            pg("stop", pgdir)
        except subprocess.SubprocessError:
            pass
        if args.keep:
            print(f"work directory kept: {workdir}", file=sys.stderr)
        else:
            subprocess.run(["rm", "-rf", workdir], check=False)
        subprocess.run(["rm", "-rf", pgdir], check=False)


if __name__ == "__main__":
    sys.exit(main())
