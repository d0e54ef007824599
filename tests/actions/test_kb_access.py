"""actions.kb: nothing is opened at import; the settings decide what is opened."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

from actions import kb
from bot.settings import Settings, load


def test_the_knowledge_base_follows_the_settings(
    configure: Callable[[Mapping[str, str]], Settings], tmp_path: Path
) -> None:
    settings = configure({"BOT_KB_PATH": str(tmp_path / "elsewhere.db")})
    assert kb.settings() is settings
    assert kb.referral_kb().db_path == tmp_path / "elsewhere.db"
    assert kb.booking_url() == settings.business.booking_url


def test_forgotten_state_is_read_again_on_first_use() -> None:
    kb.use()
    assert kb.settings() == load()
    assert kb.referral_kb().db_path == load().kb_path
