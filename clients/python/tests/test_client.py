"""The client API: leases, errors, tokens."""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import Running, start_sidecar
from upbit_limiter import Limiter, PermitError, Unauthorized


def test_a_lease_is_closed_once(sidecar: Running) -> None:
    with Limiter(sidecar.url) as limiter:
        permit = limiter.acquire("GET", "/v1/ticker", lease_s=3)
        assert permit.id and permit.report_by_s == 3
        limiter.report(permit, 200, remaining_req="group=default; min=1800; sec=29")
        with pytest.raises(PermitError, match="already closed"):
            limiter.report(permit, 200)
        released = limiter.acquire("GET", "/v1/ticker")
        limiter.release(released)
        with pytest.raises(PermitError, match="already closed"):
            limiter.release(released)
        assert limiter.open_permits == 0


def test_without_lease_old_reports_still_work(sidecar: Running) -> None:
    with Limiter(sidecar.url) as limiter:
        permit = limiter.acquire("GET", "/v1/ticker", lease=False)
        assert permit.id is None
        limiter.report(permit, 200)


def test_bot_token(tmp_path: Path) -> None:
    token_file = tmp_path / "bot.token"
    token_file.write_text("bot-secret\n")
    token_file.chmod(0o600)
    sidecar = start_sidecar(tmp_path, "--bot-token-file", str(token_file))
    try:
        with Limiter(sidecar.url) as anonymous, pytest.raises(Unauthorized):
            anonymous.acquire("GET", "/v1/ticker")
        with Limiter(sidecar.url, token_file=str(token_file)) as limiter:
            limiter.report(limiter.acquire("GET", "/v1/ticker"), 200)
    finally:
        sidecar.stop()
