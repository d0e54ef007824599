"""action_business_answer: answers from the configured business, no link after a red flag."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from pathlib import Path
from typing import Any

import pytest

from actions.business import ActionBusinessAnswer, ActionContactTeam, ActionRequestCallback
from actions.safety import ActionFallbackAnswer
from bot.callbacks import CallbackStore
from bot.settings import Settings

Run = Callable[..., Awaitable[Any]]

CUSTOM = {
    "BOT_BUSINESS_NAME": "Loose Ends Mobile Massage",
    "BOT_BOOKING_URL": "https://book.example.org/visit",
    "BOT_OPENS": "08:00",
    "BOT_CLOSES": "21:30",
    "BOT_SERVICE_AREA": "the Isle of Wight",
    "BOT_SESSION_MINUTES": "50,80",
    "BOT_PRICES": "50=£55,80=£85",
}


@pytest.fixture
def custom(configure: Callable[[Mapping[str, str]], Settings], real_kb_path: Path) -> Settings:
    return configure({**CUSTOM, "BOT_KB_PATH": str(real_kb_path)})


@pytest.mark.parametrize(
    ("intent", "quoted"),
    [
        ("ask_opening_hours", "every day, 08:00 to 21:30"),
        ("ask_service_area", "the Isle of Wight"),
        ("ask_session_length", "50 or 80 minutes"),
        ("ask_price", "• 80 minutes: £85"),
        ("book_session", "Loose Ends Mobile Massage"),
    ],
)
async def test_answers_quote_the_settings(
    run: Run, tracker: Callable[..., Any], custom: Settings, intent: str, quoted: str
) -> None:
    outcome = await run(ActionBusinessAnswer(), tracker("tell me", intent))
    assert quoted in outcome.text
    assert outcome.events == []


async def test_default_hours(run: Run, tracker: Callable[..., Any]) -> None:
    outcome = await run(ActionBusinessAnswer(), tracker("when are you open?", "ask_opening_hours"))
    assert "every day, 06:00 to midnight" in outcome.text


async def test_booking_links_the_page_with_the_summary(
    run: Run, tracker: Callable[..., Any], custom: Settings
) -> None:
    slots = {"body_zones": ["temple"], "side": "left", "triggers": ["desk_work", "stress"]}
    outcome = await run(ActionBusinessAnswer(), tracker("book me in", "book_session", [], slots))
    url = "https://book.example.org/visit?zones=temple&side=left&triggers=desk_work%2Cstress"
    assert outcome.buttons == [
        {"title": "Open the booking page", "payload": url, "url": url, "type": "web_url"}
    ]
    assert url in outcome.text
    assert outcome.custom == [
        {
            "booking": {
                "url": url,
                "zones": ["temple"],
                "side": "left",
                "triggers": ["desk_work", "stress"],
            }
        }
    ]


async def test_booking_after_a_red_flag_gives_no_link(
    run: Run, tracker: Callable[..., Any], custom: Settings
) -> None:
    slots = {"body_zones": ["calf"], "red_flag": "dvt_calf"}
    outcome = await run(ActionBusinessAnswer(), tracker("can I book?", "book_session", [], slots))
    assert "NHS 111" in outcome.text
    assert "once you've been checked" in outcome.text.lower()
    assert outcome.buttons == [] and outcome.custom == []
    assert "http" not in outcome.text


async def test_booking_after_a_red_flag_without_the_knowledge_base(
    run: Run,
    tracker: Callable[..., Any],
    configure: Callable[[Mapping[str, str]], Settings],
    tmp_path: Path,
) -> None:
    configure({**CUSTOM, "BOT_KB_PATH": str(tmp_path / "missing.db")})
    slots = {"red_flag": "dvt_calf"}
    outcome = await run(ActionBusinessAnswer(), tracker("can I book?", "book_session", [], slots))
    assert "999" in outcome.text and "NHS 111" in outcome.text
    assert outcome.buttons == [] and "http" not in outcome.text


async def test_business_topics_come_from_the_reviewed_answers(
    run: Run, tracker: Callable[..., Any], custom: Settings
) -> None:
    said = tracker("is there a travel charge", "ask_callout_fee")
    outcome = await run(ActionBusinessAnswer(), said)
    assert "no call-out fee" in outcome.text and "£55 for 50 minutes" in outcome.text
    area = await run(ActionBusinessAnswer(), tracker("do you come to SW11?", "ask_service_area"))
    assert area.text == "Yes, our therapists come to SW11."


async def test_a_person_then_a_number_typed_is_a_stored_call_back(
    run: Run, tracker: Callable[..., Any], configure: Callable[..., Settings], tmp_path: Path
) -> None:
    settings = configure({"BOT_BOOKINGS_DB": str(tmp_path / "bookings.db")})
    contact = await run(ActionContactTeam(), tracker("can i talk to a person", "ask_human"))
    assert "020 3000 4821" in contact.text and contact.payloads == ["/request_callback"]
    slots = {"body_zones": ["neck"], "triggers": ["desk_work"]}
    typed = tracker(
        "07400 123456 after 5pm please", "inform", slots=slots, events=contact.bot_events()
    )
    stored = await run(ActionFallbackAnswer(), typed)
    assert "ring you on 07400 123456" in stored.text
    [request] = CallbackStore(settings.bookings_db).newest_first()
    assert request.phone == "+447400123456" and request.when == "after 5pm please"
    assert request.summary["zones"] == ["neck"] and request.summary["triggers"] == ["desk_work"]


async def test_a_call_back_without_a_number_asks_for_one(
    run: Run, tracker: Callable[..., Any]
) -> None:
    asked = await run(ActionRequestCallback(), tracker("can someone ring me", "request_callback"))
    assert "What number" in asked.text and "020 3000 4821" in asked.text
