"""bot.channels.identity: conversation ids carry their channel; stored ones are migrated."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from bot.channels.identity import conversation_id, is_namespaced, migrate, sender_of


@pytest.mark.parametrize(
    ("channel", "sender", "expected"),
    [
        ("rest", "abc", "rest:abc"),
        ("socketio", "9f2c", "web:9f2c"),
        ("twilio", "+447400000001", "sms:+447400000001"),
        ("twilio_whatsapp", "whatsapp:+447400000001", "whatsapp:+447400000001"),
        ("telegram", "12345", "telegram:12345"),
        ("facebook", "998", "messenger:998"),
        # A REST caller posting another channel's id stays in the REST namespace.
        ("rest", "sms:+447400000001", "rest:sms:+447400000001"),
    ],
)
def test_ids_round_trip_per_channel(channel: str, sender: str, expected: str) -> None:
    assert conversation_id(channel, sender) == expected
    assert sender_of(channel, expected) == sender
    assert is_namespaced(expected)


def test_a_raw_id_is_not_namespaced() -> None:
    assert not is_namespaced("+447400000001")
    assert not is_namespaced("booking-eval-ce001")
    assert not is_namespaced("rest:")


def _tracker(path: Path) -> object:
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as db:
        db.execute(
            text(
                "CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id TEXT, type_name TEXT, "
                "timestamp REAL, intent_name TEXT, action_name TEXT, data TEXT)"
            )
        )
        rows = [
            ("+447400000001", "user", {"text": "hi", "input_channel": "twilio"}),
            ("+447400000001", "action", {"name": "utter_greet"}),
            ("4711", "user", {"text": "hi", "input_channel": "telegram"}),
            ("anon", "session_started", {}),
            ("rest:already", "user", {"text": "hi", "input_channel": "rest"}),
        ]
        for sender, kind, data in rows:
            db.execute(
                text("INSERT INTO events (sender_id, type_name, data) VALUES (:s, :t, :d)"),
                {"s": sender, "t": kind, "d": json.dumps(data)},
            )
    return engine


def test_stored_conversations_are_namespaced_once(tmp_path: Path) -> None:
    engine = _tracker(tmp_path / "tracker.db")
    bookings = tmp_path / "bookings.db"
    with sqlite3.connect(bookings) as db:
        db.execute("CREATE TABLE bookings (reference TEXT, conversation_id TEXT)")
        db.execute("INSERT INTO bookings VALUES ('KF-1', '+447400000001')")
        db.execute("CREATE TABLE callbacks (conversation_id TEXT)")
        db.execute("INSERT INTO callbacks VALUES ('4711')")

    renames = migrate(engine, bookings)

    assert renames == {
        "+447400000001": "sms:+447400000001",
        "4711": "telegram:4711",
        "anon": "rest:anon",
    }
    with engine.begin() as db:  # type: ignore[attr-defined]
        senders = {row[0] for row in db.execute(text("SELECT sender_id FROM events"))}
    assert senders == {"sms:+447400000001", "telegram:4711", "rest:anon", "rest:already"}
    with sqlite3.connect(bookings) as db:
        assert db.execute("SELECT conversation_id FROM bookings").fetchall() == [
            ("sms:+447400000001",)
        ]
        assert db.execute("SELECT conversation_id FROM callbacks").fetchall() == [
            ("telegram:4711",)
        ]
    assert migrate(engine, bookings) == {}


def test_an_empty_tracker_store_needs_nothing(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'new.db'}")
    assert migrate(engine, tmp_path / "bookings.db") == {}
