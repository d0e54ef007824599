"""bot.action_secret and bot.action_server: the action server answers the assistant only."""

from __future__ import annotations

import stat
from pathlib import Path

from bot.action_secret import action_secret
from bot.action_server import guarded_app, refusal


def test_a_configured_secret_wins(tmp_path: Path) -> None:
    assert action_secret(tmp_path, {"BOT_ACTION_SECRET": " given "}) == "given"
    assert not (tmp_path / "secrets").exists()


def test_without_one_a_private_secret_is_written_once(tmp_path: Path) -> None:
    first = action_secret(tmp_path, {})
    assert len(first) == 64
    assert action_secret(tmp_path, {}) == first
    mode = (tmp_path / "secrets" / "action-secret").stat().st_mode
    assert stat.S_IMODE(mode) == 0o600


def test_calls_without_the_secret_are_refused() -> None:
    refused = refusal("/webhook", "", "s3cret")
    assert refused is not None and refused.status == 401
    forged = refusal("/webhook", "s3cre", "s3cret")
    assert forged is not None and forged.status == 401
    assert refusal("/webhook", "s3cret", "s3cret") is None
    assert refusal("/health", "", "s3cret") is None  # the readiness watch


def test_the_app_is_rasa_sdks_with_the_guard() -> None:
    app = guarded_app("s3cret")
    assert {route.path for route in app.router.routes} >= {"webhook", "health", "actions"}
    assert app.request_middleware
