"""bot.channels.offered: the options offered to each person outlive the webhook call."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

from bot.channels.numbered import Option
from bot.channels.offered import OfferedOptions

OPTIONS = [Option("Temples", "/describe_pain"), Option("Neck", "/describe_pain{}")]


def test_reading_an_empty_store_creates_nothing(tmp_path: Path) -> None:
    store = OfferedOptions(tmp_path / "offered.db")
    assert store.recall("twilio", "+447700900123") == []
    store.remember("twilio", "+447700900123", [])
    assert not store.path.exists()


def test_options_are_kept_per_channel_and_sender(tmp_path: Path) -> None:
    store = OfferedOptions(tmp_path / "offered.db")
    store.remember("twilio", "+447700900123", OPTIONS)
    assert OfferedOptions(store.path).recall("twilio", "+447700900123") == OPTIONS
    assert store.recall("twilio_whatsapp", "+447700900123") == []
    assert store.recall("twilio", "+447700900999") == []


def test_new_options_replace_old_and_none_forgets(tmp_path: Path) -> None:
    store = OfferedOptions(tmp_path / "offered.db")
    store.remember("slack", "U1", OPTIONS)
    store.remember("slack", "U1", OPTIONS[1:])
    assert store.recall("slack", "U1") == OPTIONS[1:]
    store.remember("slack", "U1", [])
    assert store.recall("slack", "U1") == []


def test_options_older_than_a_day_are_not_offered(tmp_path: Path) -> None:
    store = OfferedOptions(tmp_path / "offered.db")
    offered = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
    store.remember("twilio", "+447700900123", OPTIONS, now=offered)
    assert store.recall("twilio", "+447700900123", now=offered + timedelta(hours=23)) == OPTIONS
    assert store.recall("twilio", "+447700900123", now=offered + timedelta(hours=25)) == []
