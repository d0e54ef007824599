"""bot.channels.messaging: one turn on a messaging app, numbers in and degraded replies out."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage

from bot.channels.messaging import Presentation, custom_as_text, messaging_turn
from bot.channels.offered import OfferedOptions

SMS = Presentation("twilio")
MESSENGER = Presentation("facebook", max_buttons=3)
ZONES = [
    {"title": "Temples", "payload": "/zone_temples"},
    {"title": "Neck", "payload": "/zone_neck"},
    {"title": "Jaw", "payload": "/zone_jaw"},
    {"title": "Shoulder", "payload": "/zone_shoulder"},
]
BOOKING_URL = "https://example.co.uk/book?zone=temple"


class Bot:
    """Stands in for Rasa: records what it received and answers with `replies`."""

    def __init__(self, *replies: dict[str, Any]) -> None:
        self.replies = replies
        self.heard: list[str | None] = []

    async def __call__(self, message: UserMessage) -> None:
        self.heard.append(message.text)
        for reply in self.replies:
            await message.output_channel.send_response(message.sender_id, dict(reply))


async def turn(
    bot: Bot, text: str, store: OfferedOptions, presentation: Presentation = SMS
) -> list[dict[str, Any]]:
    out = CollectingOutputChannel()
    await messaging_turn(bot, presentation, store)(UserMessage(text, out, "+447700900123"))
    return out.messages


async def test_sms_buttons_are_numbered_and_a_number_picks_one(tmp_path: Path) -> None:
    store = OfferedOptions(tmp_path / "offered.db")
    [reply] = await turn(Bot({"text": "Where exactly?", "buttons": ZONES[:2]}), "my head", store)
    assert reply["text"] == "Where exactly?\n1. Temples\n2. Neck\nReply with a number."
    assert "buttons" not in reply
    bot = Bot({"text": "Temples, then."})
    await turn(bot, "2", store)
    assert bot.heard == ["/zone_neck"]


async def test_an_out_of_range_number_is_answered_and_keeps_the_options(tmp_path: Path) -> None:
    store = OfferedOptions(tmp_path / "offered.db")
    await turn(Bot({"text": "Where exactly?", "buttons": ZONES[:2]}), "my head", store)
    bot = Bot({"text": "unused"})
    [reply] = await turn(bot, "5", store)
    assert bot.heard == []
    assert "Please reply with 1 or 2" in reply["text"]
    await turn(bot, "1", store)
    assert bot.heard == ["/zone_temples"]


async def test_a_turn_without_buttons_forgets_the_options(tmp_path: Path) -> None:
    store = OfferedOptions(tmp_path / "offered.db")
    await turn(Bot({"text": "Where exactly?", "buttons": ZONES[:2]}), "my head", store)
    await turn(Bot({"text": "How long is the session?"}), "book", store)
    bot = Bot({"text": "ok"})
    await turn(bot, "2", store)
    assert bot.heard == ["2"]


async def test_messenger_keeps_up_to_three_buttons_and_numbers_more(tmp_path: Path) -> None:
    store = OfferedOptions(tmp_path / "offered.db")
    [native] = await turn(Bot({"text": "Where?", "buttons": ZONES[:3]}), "hi", store, MESSENGER)
    assert native["buttons"] == ZONES[:3]
    [numbered] = await turn(Bot({"text": "Where?", "buttons": ZONES}), "hi", store, MESSENGER)
    assert "buttons" not in numbered and "4. Shoulder" in numbered["text"]


async def test_custom_payloads_become_text_once(tmp_path: Path) -> None:
    store = OfferedOptions(tmp_path / "offered.db")
    replies = await turn(
        Bot(
            {"text": "Thank you, your request is in."},
            {"custom": {"booking": {"reference": "KF-7Q2", "url": BOOKING_URL}}},
            {"custom": {"triage": {"zones": ["temple"]}}},
        ),
        "yes",
        store,
    )
    assert [reply["text"] for reply in replies] == [
        "Thank you, your request is in.",
        f"Your booking (KF-7Q2): {BOOKING_URL}",
    ]


def test_a_booking_link_already_given_is_not_repeated() -> None:
    custom = {"booking": {"url": BOOKING_URL}}
    assert custom_as_text(custom, f"Book here: {BOOKING_URL}") is None
    assert custom_as_text(custom, "Book here.") == f"Booking page: {BOOKING_URL}"


async def test_a_silent_turn_still_gets_the_apology(tmp_path: Path) -> None:
    store = OfferedOptions(tmp_path / "offered.db")
    [reply] = await turn(Bot(), "hello", store)
    assert reply["text"].startswith("Sorry, something went wrong on my side")


def test_telegram_numbers_buttons_whose_payload_is_too_long_for_it() -> None:
    telegram = Presentation("telegram", max_buttons=8, max_payload_bytes=64)
    assert telegram.shows_natively(ZONES)
    long_payload = {"title": "Elsewhere", "payload": "/describe_pain" + "x" * 60}
    assert not telegram.shows_natively([*ZONES, long_payload])
    assert not telegram.shows_natively([{"title": "Book", "url": BOOKING_URL}])


async def test_messenger_long_text_goes_before_its_buttons(tmp_path: Path) -> None:
    store = OfferedOptions(tmp_path / "offered.db")
    messenger = Presentation("facebook", max_buttons=3, max_button_text=640)
    long_text = "Pain at the temples often comes from the upper trapezius. " * 20
    replies = await turn(Bot({"text": long_text, "buttons": ZONES[:2]}), "hi", store, messenger)
    assert [reply.get("buttons") for reply in replies] == [None, ZONES[:2]]
    assert replies[0]["text"] == long_text.strip()
    assert len(replies[1]["text"]) <= 640


async def test_an_app_command_is_read_as_what_it_means(tmp_path: Path) -> None:
    store = OfferedOptions(tmp_path / "offered.db")
    telegram = Presentation("telegram", aliases={"/start": "/greet"})
    bot = Bot({"text": "Hi there."})
    await turn(bot, "/start", store, telegram)
    await turn(bot, "start", store, telegram)
    assert bot.heard == ["/greet", "start"]
