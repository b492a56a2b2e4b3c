"""The requests adapter and the httpx transports against the real emulator and sidecar."""
from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
import requests

from conftest import Running, emulator_429s, free_port
from upbit_limiter import AsyncLimiter, Limiter, PermitError, SidecarUnavailable
from upbit_limiter.httpx_transport import AsyncLimiterTransport, LimiterTransport
from upbit_limiter.requests_adapter import LimiterAdapter


def granted(sidecar: Running, group: str = "ticker") -> int:
    frame = sidecar.get_json("/v1/status")
    return next(g["granted_total"] for g in frame["groups"] if g["name"] == group)


def test_requests_adapter_paces_threads_without_429(emulator: Running, sidecar: Running) -> None:
    before = emulator_429s(emulator)
    limiter = Limiter(sidecar.url)
    session = requests.Session()
    session.mount("http://", LimiterAdapter(limiter, hosts=[f"127.0.0.1:{emulator.port}"]))

    def call(_: int) -> int:
        answer = session.get(f"{emulator.url}/v1/ticker", params={"markets": "KRW-BTC"}, timeout=5)
        return answer.status_code

    with ThreadPoolExecutor(4) as pool:
        statuses = list(pool.map(call, range(24)))
    assert statuses == [200] * 24
    assert emulator_429s(emulator) == before
    assert limiter.open_permits == 0, "every lease was reported"


def test_other_hosts_pass_through(sidecar: Running) -> None:
    before = granted(sidecar)
    session = requests.Session()
    session.mount("http://", LimiterAdapter(Limiter(sidecar.url)))  # only api.upbit.com goes through the limiter
    assert session.get(f"{sidecar.url}/healthz", timeout=5).text == "ok"
    assert granted(sidecar) == before


def test_a_request_never_sent_is_released(sidecar: Running) -> None:
    limiter = Limiter(sidecar.url)
    dead = free_port()
    session = requests.Session()
    session.mount("http://", LimiterAdapter(limiter, hosts=[f"127.0.0.1:{dead}"]))
    with pytest.raises(requests.ConnectionError):
        session.get(f"http://127.0.0.1:{dead}/v1/ticker", timeout=2)
    assert limiter.open_permits == 0


def test_httpx_sync_transport(emulator: Running, sidecar: Running) -> None:
    before = emulator_429s(emulator)
    transport = LimiterTransport(Limiter(unix_socket=sidecar.socket), hosts=[f"127.0.0.1:{emulator.port}"])  # type: ignore[attr-defined]
    with httpx.Client(transport=transport, timeout=5) as client:
        statuses = [client.get(f"{emulator.url}/v1/ticker", params={"markets": "KRW-ETH"}).status_code for _ in range(12)]
    assert statuses == [200] * 12
    assert emulator_429s(emulator) == before
    assert transport.limiter.open_permits == 0


def test_httpx_async_transport(emulator: Running, sidecar: Running) -> None:
    before = emulator_429s(emulator)

    async def run() -> tuple:
        limiter = AsyncLimiter(sidecar.url)
        transport = AsyncLimiterTransport(limiter, hosts=[f"127.0.0.1:{emulator.port}"])
        async with httpx.AsyncClient(transport=transport, timeout=5) as client:
            answers = await asyncio.gather(*(client.get(f"{emulator.url}/v1/orderbook", params={"markets": "KRW-BTC"})
                                             for _ in range(20)))
        return [a.status_code for a in answers], limiter.open_permits

    statuses, open_permits = asyncio.run(run())
    assert statuses == [200] * 20
    assert emulator_429s(emulator) == before
    assert open_permits == 0


def test_context_manager_for_other_clients(emulator: Running, sidecar: Running) -> None:
    async def run() -> None:
        async with AsyncLimiter(unix_socket=sidecar.socket) as limiter:  # type: ignore[attr-defined]
            async with httpx.AsyncClient(timeout=5) as plain:
                async with limiter.slot("GET", "/v1/ticker") as slot:
                    answer = await plain.get(f"{emulator.url}/v1/ticker")
                    await slot.done(answer.status_code, answer.headers)
                permit = slot.permit
                assert permit is not None and permit.id
                with pytest.raises(PermitError, match="already closed"):
                    await limiter.report(permit, 200)
                assert limiter.open_permits == 0

    asyncio.run(run())


def test_sidecar_down_is_a_clear_error() -> None:
    session = requests.Session()
    session.mount("https://", LimiterAdapter(Limiter(f"http://127.0.0.1:{free_port()}")))
    with pytest.raises(SidecarUnavailable, match="unreachable"):
        session.get("https://api.upbit.com/v1/ticker", timeout=2)
