"""Privacy in the chat: the greeting links the notice, "what do you keep?" is answered from
the settings, and "delete my data" asks first, then erases only this conversation's data."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from actions.privacy import ActionEraseMyData, ActionGreet, ActionPrivacyNotice
from actions.safety import ActionAffirm, ActionDeny, ActionFallbackAnswer
from bot.booking.request import BookingRequest, TriageSummary
from bot.booking.store import BookingStore
from bot.privacy import ERASED_SLOT, log
from bot.settings import Settings

Run = Callable[..., Awaitable[Any]]


@pytest.fixture
def private(
    configure: Callable[[Mapping[str, str]], Settings], real_kb_path: Path, tmp_path: Path
) -> Settings:
    return configure(
        {
            "BOT_KB_PATH": str(real_kb_path),
            "BOT_BOOKINGS_DB": str(tmp_path / "bookings.db"),
            "BOT_RETAIN_CONVERSATION_DAYS": "60",
            "BOT_PRIVACY_URL": "https://massage.example/privacy",
        }
    )


def booked(settings: Settings, conversation: str) -> str:
    request = BookingRequest.new(
        conversation_id=conversation,
        starts_at=datetime(2031, 6, 8, 10, 0, tzinfo=timezone.utc),
        postcode="SW11 4NJ",
        session_minutes=60,
        name="Jo Bloggs",
        contact="+447400123456",
        contact_kind="phone",
        notes="",
        triage=TriageSummary(zones=("neck",)),
        now=datetime(2031, 6, 1, 9, 0, tzinfo=timezone.utc) - timedelta(hours=1),
    )
    reference, _ = BookingStore(settings.bookings_db).save(request)
    return reference


async def offered(run: Run, tracker: Callable[..., Any]) -> list[dict[str, Any]]:
    """The events of a conversation whose last turn offered to erase its data."""
    offer = await run(ActionEraseMyData(), tracker("delete everything you have on me"))
    return [{"event": "user", "text": "delete everything you have on me"}, *offer.bot_events()]


async def test_the_greeting_links_the_privacy_notice(
    run: Run, tracker: Callable[..., Any], private: Settings
) -> None:
    outcome = await run(ActionGreet(), tracker("hi", "greet"))
    assert outcome.messages[0]["response"] == "utter_greet"
    assert outcome.messages[0]["privacy_url"] == "https://massage.example/privacy"


async def test_a_greeting_in_pain_hears_it_and_goes_on_to_triage(
    run: Run, tracker: Callable[..., Any], private: Settings
) -> None:
    outcome = await run(ActionGreet(), tracker("hello, my back is killing me", "greet"))
    assert outcome.messages[0]["response"] == "utter_greet_in_pain"
    assert outcome.messages[0]["privacy_url"] == "https://massage.example/privacy"
    assert outcome.events == [
        {"event": "followup", "timestamp": None, "name": "action_explain_sources"}
    ]


async def test_what_is_kept_is_answered_from_the_settings(
    run: Run, tracker: Callable[..., Any], private: Settings
) -> None:
    outcome = await run(ActionPrivacyNotice(), tracker("is this private?", "ask_privacy"))
    assert "60 days after your last message" in outcome.text
    assert "30 days after" in outcome.text and "https://massage.example/privacy" in outcome.text
    assert outcome.payloads == ["/delete_my_data"] and outcome.events == []


async def test_the_offer_says_what_it_covers_and_deletes_nothing_yet(
    run: Run, tracker: Callable[..., Any], private: Settings
) -> None:
    reference = booked(private, "test")
    outcome = await run(ActionEraseMyData(), tracker("wipe my data", "delete_my_data"))
    assert "the booking request made from it" in outcome.text and "?" in outcome.text
    assert outcome.payloads == ["/affirm", "/deny"]
    assert outcome.custom == [{"privacy": {"asked": "erase"}}]
    assert outcome.events == []
    assert BookingStore(private.bookings_db).get(reference) is not None


async def test_a_yes_erases_this_conversations_records_and_marks_the_turn(
    run: Run, tracker: Callable[..., Any], private: Settings
) -> None:
    mine = booked(private, "test")
    theirs = booked(private, "web:someone-else")
    events = await offered(run, tracker)
    outcome = await run(ActionAffirm(), tracker("yes", "affirm", events=events))
    assert "I've deleted this conversation and the booking request" in outcome.text
    assert outcome.slots[ERASED_SLOT]  # the tracker store deletes the events on save
    store = BookingStore(private.bookings_db)
    assert store.get(mine) is None and store.get(theirs) is not None
    [entry] = log.entries(private.bookings_db.parent / "privacy.db")
    assert entry["reason"] == "chat" and entry["counts"]["bookings"] == 1


@pytest.mark.parametrize("answer", ["no", "no thanks, keep it", "nah"])
async def test_a_no_keeps_everything(
    run: Run, tracker: Callable[..., Any], private: Settings, answer: str
) -> None:
    reference = booked(private, "test")
    events = await offered(run, tracker)
    outcome = await run(ActionDeny(), tracker(answer, "deny", events=events))
    assert "haven't deleted anything" in outcome.text and ERASED_SLOT not in outcome.slots
    assert BookingStore(private.bookings_db).get(reference) is not None


@pytest.mark.parametrize(
    ("answer", "erased"),
    [("yes please do", True), ("go ahead", True), ("sort of", False), ("hmm not sure", False)],
)
async def test_only_a_clear_typed_yes_erases(
    run: Run, tracker: Callable[..., Any], private: Settings, answer: str, erased: bool
) -> None:
    events = await offered(run, tracker)
    outcome = await run(ActionFallbackAnswer(), tracker(answer, "nlu_fallback", events=events))
    assert (ERASED_SLOT in outcome.slots) is erased


async def test_asked_again_once_offered_is_the_yes_unless_it_says_keep_it(
    run: Run, tracker: Callable[..., Any], private: Settings
) -> None:
    events = await offered(run, tracker)
    again = await run(
        ActionEraseMyData(), tracker("just delete my data", "delete_my_data", events=events)
    )
    assert ERASED_SLOT in again.slots
    keep = await run(
        ActionEraseMyData(), tracker("no don't delete my data", "delete_my_data", events=events)
    )
    assert ERASED_SLOT not in keep.slots and "haven't deleted" in keep.text


async def test_a_store_that_cannot_be_written_erases_nothing_and_says_so(
    run: Run,
    tracker: Callable[..., Any],
    configure: Callable[[Mapping[str, str]], Settings],
    real_kb_path: Path,
    tmp_path: Path,
) -> None:
    (tmp_path / "folder.db").mkdir()
    configure({"BOT_KB_PATH": str(real_kb_path), "BOT_BOOKINGS_DB": str(tmp_path / "folder.db")})
    events = await offered(run, tracker)
    outcome = await run(ActionAffirm(), tracker("yes", "affirm", events=events))
    assert "couldn't delete" in outcome.text and ERASED_SLOT not in outcome.slots
