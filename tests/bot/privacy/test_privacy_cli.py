"""`python -m bot privacy ...`: a person named clearly or a clear error; a dry run by default."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import NOW, AddConversation, booking, save_booking

from bot.__main__ import main
from bot.privacy.person import Stores


@pytest.fixture
def env(stores: Stores, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Stores:
    monkeypatch.setenv("BOT_TRACKER_DB_URL", stores.tracker_db_url)
    monkeypatch.setenv("BOT_BOOKINGS_DB", str(stores.bookings_db))
    monkeypatch.setenv("BOT_VAR_DIR", str(tmp_path))
    return stores


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["export"], "name a conversation, a phone number or an e-mail address"),
        (["export", "--phone", "12345"], "is not a UK phone number"),
        (["erase", "--email", "not-an-address"], "e-mail address"),
    ],
)
def test_a_person_named_badly_is_a_clear_error(
    env: Stores, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    assert main(["privacy", *args]) == 2
    assert message in capsys.readouterr().err


def test_export_to_a_file_then_a_dry_run_then_the_erasure(
    env: Stores,
    add_conversation: AddConversation,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    add_conversation("web:jo", ["my neck hurts"])
    save_booking(env, booking("web:jo", NOW))
    out = tmp_path / "export" / "jo.json"
    assert main(["privacy", "export", "--phone", "07400 123456", "--out", str(out)]) == 0
    held = json.loads(out.read_text())
    assert list(held["conversations"]) == ["web:jo"] and len(held["bookings"]) == 1
    assert out.stat().st_mode & 0o077 == 0  # health data: readable by its owner only
    assert main(["privacy", "erase", "--conversation", "web:jo"]) == 0
    assert "would erase 1 conversations, 1 bookings" in capsys.readouterr().out
    assert main(["privacy", "erase", "--conversation", "web:jo", "--yes"]) == 0
    assert "conversations 1, bookings 1" in capsys.readouterr().out
    assert main(["privacy", "erase", "--conversation", "web:jo", "--yes"]) == 0
    assert "nothing was held about them" in capsys.readouterr().out
    assert main(["privacy", "log"]) == 0
    assert "erase" in capsys.readouterr().out
