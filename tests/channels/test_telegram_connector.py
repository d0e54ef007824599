"""Telegram: Bot API updates in, replies with an inline keyboard out via the Bot API."""

from __future__ import annotations

import json
import random
import time
from typing import Any

import pytest
from connectors_stack import TELEGRAM_SECRET_TOKEN, TELEGRAM_TOKEN, Connected
from fake_providers import Call

pytestmark = pytest.mark.blackbox

WEBHOOK = "/webhooks/telegram/webhook"
SIGNED = {"X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET_TOKEN}


def a_chat() -> dict[str, Any]:
    return {"id": random.randint(10**8, 10**9), "type": "private", "first_name": "Ann"}


def update(connected: Connected, chat: dict[str, Any], **content: Any) -> list[Call]:
    """Post a Bot API Update for `chat`; the sendMessage calls it caused."""

    def to_chat(call: Call) -> bool:
        return (
            call.app == "telegram"
            and call.path == f"/bot{TELEGRAM_TOKEN}/sendMessage"
            and call.body.get("chat_id") == str(chat["id"])
        )

    before = len(connected.fake.wait_for(to_chat, count=0, timeout=0))
    body = {"update_id": random.randint(1, 10**9), **content}
    status, answer = connected.post(WEBHOOK, json.dumps(body).encode(), "application/json", SIGNED)
    assert (status, answer) == (200, "success")
    return connected.fake.wait_for(to_chat, count=before + 1, timeout=30)[before:]


def text_update(connected: Connected, chat: dict[str, Any], text: str) -> list[Call]:
    message = {"message_id": 1, "date": int(time.time()), "chat": chat, "text": text}
    message["from"] = {"id": chat["id"], "is_bot": False, "first_name": "Ann"}
    return update(connected, chat, message=message)


def keyboard(calls: list[Call]) -> list[dict[str, str]]:
    """Every inline keyboard button the calls carried."""
    markups = [
        json.loads(call.body["reply_markup"]) for call in calls if "reply_markup" in call.body
    ]
    return [button for markup in markups for row in markup["inline_keyboard"] for button in row]


def test_a_message_gets_the_triage_reply_with_buttons(connected: Connected) -> None:
    chat = a_chat()
    sent = text_update(connected, chat, "my temples ache")
    assert "upper trapezius" in "\n".join(call.body["text"] for call in sent).lower()
    buttons = {button["text"]: button["callback_data"] for button in keyboard(sent)}
    assert buttons["Care tips"] == "/care_tips"
    assert buttons["How do I find and release it?"] == "/ask_technique"


def test_pressing_a_button_sends_its_payload(connected: Connected) -> None:
    chat = a_chat()
    text_update(connected, chat, "my temples ache")
    query = {
        "id": str(random.randint(1, 10**9)),
        "from": {"id": chat["id"], "is_bot": False, "first_name": "Ann"},
        "chat_instance": "1",
        "data": "/care_tips",
        "message": {"message_id": 2, "date": int(time.time()), "chat": chat, "text": "..."},
    }
    sent = update(connected, chat, callback_query=query)
    assert sent
    events = connected.assistant.tracker(str(chat["id"]), "telegram")["events"]
    assert [e for e in events if e["event"] == "user"][-1]["parse_data"]["intent"]["name"] == (
        "care_tips"
    )


def test_opening_the_bot_gets_a_greeting(connected: Connected) -> None:
    sent = text_update(connected, a_chat(), "/start")
    assert sent[0].body["text"].startswith(("Hi", "Hello"))


def test_the_webhook_is_registered_with_the_secret_token(connected: Connected) -> None:
    registered = connected.fake.wait_for(
        lambda call: call.app == "telegram" and call.path.endswith("/setWebhook"), 1, 5
    )
    assert registered[-1].body.get("secret_token") == TELEGRAM_SECRET_TOKEN


@pytest.mark.parametrize("headers", [{}, {"X-Telegram-Bot-Api-Secret-Token": "guessed"}])
def test_a_call_without_the_secret_token_is_refused(
    connected: Connected, headers: dict[str, str]
) -> None:
    chat = a_chat()
    message = {"message_id": 1, "date": int(time.time()), "chat": chat, "text": "my knee"}
    body = json.dumps({"update_id": 7, "message": message}).encode()
    status, _ = connected.post(WEBHOOK, body, "application/json", headers)
    assert status == 403
    assert connected.post("/webhooks/telegram/set_webhook", b"", "text/plain", SIGNED)[0] == 403
