"""bot.callbacks: call-back requests stored with the triage summary."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from bot.callbacks import CallbackRequest, CallbackStore, parse_phone, summary_of, without_phone
from bot.triage.state import TriageState


def test_phone_numbers_are_read_from_what_people_type() -> None:
    assert parse_phone("ring me on 07400 123456 after 5") == "+447400123456"
    assert parse_phone("020 7946 0018 please") == "+442079460018"
    assert parse_phone("tomorrow morning") is None
    assert without_phone("ring me on 07400 123456 after 5") == "ring me on after 5"


def test_a_request_is_stored_with_the_summary(tmp_path: Path) -> None:
    store = CallbackStore(tmp_path / "bookings.db")
    assert store.newest_first() == []
    state = TriageState(zones=("neck",), triggers=("desk_work",), precautions=("pregnancy",))
    when = datetime(2026, 12, 1, 10, 0, tzinfo=timezone.utc)
    store.save(CallbackRequest("c1", "+447400123456", "after 5", summary_of(state), when))
    [stored] = store.newest_first()
    assert stored.phone == "+447400123456" and stored.when == "after 5"
    assert stored.summary["zones"] == ["neck"] and stored.summary["precautions"] == ["pregnancy"]
    assert stored.requested_at == when
