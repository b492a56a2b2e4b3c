"""Starts the real binaries: `upbit-limiter emulate` (a strict local Upbit) and `upbit-limiter serve`."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import time
import urllib.request
from pathlib import Path
from typing import Dict, Iterator, List, Optional

import pytest

ROOT = Path(__file__).resolve().parents[3]


def binary() -> str:
    path = os.environ.get("UPBIT_LIMITER_BIN") or str(ROOT / ".build" / "debug" / "upbit-limiter")
    if not os.access(path, os.X_OK):
        pytest.fail(f"{path} missing: run `swift build` first (or set UPBIT_LIMITER_BIN)")
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, deadline: float = 30.0) -> None:
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        if process.poll() is not None:
            raise RuntimeError(f"process exited with {process.returncode}: {process.stdout.read() if process.stdout else ''}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listening on {port} after {deadline}s")


class Running:
    """A started binary, stopped with SIGTERM (then SIGKILL) at the end."""

    def __init__(self, args: List[str], port: int, env: Optional[Dict[str, str]] = None) -> None:
        self.port = port
        self.process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                        env={**os.environ, **(env or {})})
        wait_for_port(port, self.process)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def get_json(self, path: str, token: Optional[str] = None) -> dict:
        request = urllib.request.Request(self.url + path, headers={"Authorization": f"Bearer {token}"} if token else {})
        with urllib.request.urlopen(request, timeout=5) as answer:
            return json.loads(answer.read())

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=5)


@pytest.fixture(scope="session")
def emulator() -> Iterator[Running]:
    port = free_port()
    running = Running([binary(), "emulate", "--port", str(port), "--latency-ms", "2", "--jitter-ms", "1"], port)
    yield running
    running.stop()


def start_sidecar(tmp: Path, *extra: str) -> Running:
    port = free_port()
    return Running([binary(), "serve", "--port", str(port), "--unix-socket", str(tmp / "sidecar.sock"), *extra], port,
                   env={"TMPDIR": str(tmp)})


@pytest.fixture(scope="session")
def sidecar(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    tmp = tmp_path_factory.mktemp("sidecar")
    running = start_sidecar(tmp)
    running.socket = str(tmp / "sidecar.sock")  # type: ignore[attr-defined]
    deadline = time.monotonic() + 10
    while not os.path.exists(running.socket) and time.monotonic() < deadline:  # type: ignore[attr-defined]
        time.sleep(0.05)
    yield running
    running.stop()


def emulator_429s(emulator: Running) -> int:
    return int(emulator.get_json("/__stats")["totals"]["too_many_429"])
