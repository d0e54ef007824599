"""Privacy against the running servers: export and erasure from the command line, the
chat's own "delete my data", and a conversation past its retention purged."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys

import pytest
from replies import Person, text_of
from stack import ROOT, Assistant

pytestmark = pytest.mark.blackbox


def privacy(assistant: Assistant, *args: str) -> str:
    """`python -m bot privacy ...` on the stack's own stores; its standard output."""
    done = subprocess.run(
        [sys.executable, "-m", "bot", "privacy", *args],
        cwd=ROOT,
        env=assistant.env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return done.stdout


def exported(assistant: Assistant, conversation: str) -> dict:
    return json.loads(privacy(assistant, "export", "--conversation", conversation))


def user_texts(assistant: Assistant, person: Person) -> list[str]:
    events = assistant.tracker(person.id).get("events") or []
    return [event.get("text") or "" for event in events if event.get("event") == "user"]


def book(person: Person) -> None:
    person.says("my lower back aches after sitting at my desk all day")
    person.says("can I book a massage for wednesday at 8am")
    person.says("SE1 7PB")
    person.says("60 minutes")
    person.says("Robin Privacy")
    person.says("07400 555101")
    person.says("no notes")
    person.says("yes, book it")
    assert person.bookings(), text_of(person.last)


def test_export_returns_a_conversation_and_its_booking_and_erase_removes_both(
    assistant: Assistant,
) -> None:
    robin = Person(assistant, "privacy-cli")
    book(robin)
    conversation = f"rest:{robin.id}"
    held = exported(assistant, conversation)
    said = [e.get("text") for e in held["conversations"][conversation] if e.get("event") == "user"]
    assert "my lower back aches after sitting at my desk all day" in said
    [booking] = held["bookings"]
    assert (booking["name"], booking["contact"]) == ("Robin Privacy", "+447400555101")
    assert (
        held["webhook_deliveries"]
        and held["webhook_deliveries"][0]["reference"] == booking["reference"]
    )
    by_phone = json.loads(privacy(assistant, "export", "--phone", "07400 555101"))
    assert conversation in by_phone["conversations"]  # found through the booking's contact

    dry = privacy(assistant, "erase", "--conversation", conversation)
    assert "would erase" in dry and robin.bookings()  # nothing deleted without --yes
    done = privacy(assistant, "erase", "--phone", "07400555101", "--yes")
    assert "conversations 1" in done and "bookings 1" in done
    after = exported(assistant, conversation)
    assert not after["conversations"] and not after["bookings"]
    assert not after["webhook_deliveries"]
    assert not robin.bookings() and not user_texts(assistant, robin)
    log = privacy(assistant, "log")
    assert "erase" in log and "Robin" not in log and robin.id not in log


def test_delete_my_data_in_the_chat_asks_first_then_erases_the_conversation(
    assistant: Assistant,
) -> None:
    sam = Person(assistant, "privacy-chat")
    sam.says("my neck is stiff from looking down at my phone")
    offer = sam.says("actually I'd rather you didn't keep any of what I told you, wipe it")
    assert "delete" in offer.lower() and "?" in offer
    kept = sam.says("no, leave it")
    assert "haven't deleted" in kept
    assert "my neck is stiff from looking down at my phone" in user_texts(assistant, sam)

    sam.says("ok, please erase my data after all")
    done = sam.says("yes")
    assert "deleted" in done.lower() and "start afresh" in done
    assert not [t for t in user_texts(assistant, sam) if "neck" in t]
    again = sam.says("hello")
    assert "privacy" in again  # a new conversation: the greeting with the notice


def test_a_conversation_past_its_retention_is_purged(assistant: Assistant) -> None:
    old = Person(assistant, "privacy-old")
    old.says("my calves are tight after running")
    recent = Person(assistant, "privacy-recent")
    recent.says("my calves are tight after cycling")
    database = assistant.env["BOT_TRACKER_DB_URL"].removeprefix("sqlite:///")
    with sqlite3.connect(database) as connection:  # 100 days ago, as far as the store knows
        connection.execute(
            "UPDATE events SET timestamp = timestamp - 100 * 86400 WHERE sender_id = ?",
            [f"rest:{old.id}"],
        )
    connection.close()
    purged = privacy(assistant, "purge")
    assert "conversations" in purged
    assert not exported(assistant, f"rest:{old.id}")["conversations"]
    assert exported(assistant, f"rest:{recent.id}")["conversations"]
