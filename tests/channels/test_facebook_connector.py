"""Facebook Messenger: signed webhooks in, Send API calls out via the Graph API."""

from __future__ import annotations

import random
import time
import urllib.parse
import uuid
from typing import Any

import pytest
from connectors_stack import FACEBOOK_VERIFY, Connected
from fake_providers import Call

pytestmark = pytest.mark.blackbox


def a_person() -> str:
    return str(random.randint(10**15, 10**16))


def page_message(person: str, text: str) -> dict[str, Any]:
    """A Messenger `messages` webhook event, as Facebook posts it."""
    now = int(time.time() * 1000)
    return {
        "object": "page",
        "entry": [
            {
                "id": "PAGE0001",
                "time": now,
                "messaging": [
                    {
                        "sender": {"id": person},
                        "recipient": {"id": "PAGE0001"},
                        "timestamp": now,
                        "message": {"mid": f"m_{uuid.uuid4().hex}", "text": text},
                    }
                ],
            }
        ],
    }


def messages_to(connected: Connected, person: str) -> list[dict[str, Any]]:
    """The `message` objects the Send API got for `person` (not the typing indicators)."""

    def accept(call: Call) -> bool:
        return (
            call.app == "facebook"
            and call.path == "/me/messages"
            and call.body.get("recipient", {}).get("id") == person
            and "message" in call.body
        )

    return [call.body["message"] for call in connected.fake.wait_for(accept, timeout=0)]


def test_the_verification_challenge_is_echoed(connected: Connected) -> None:
    query = urllib.parse.urlencode(
        {"hub.mode": "subscribe", "hub.verify_token": FACEBOOK_VERIFY, "hub.challenge": "15"}
    )
    assert connected.get(f"/webhooks/facebook/webhook?{query}") == (200, "15")
    wrong = query.replace(FACEBOOK_VERIFY, "wrong")
    assert connected.get(f"/webhooks/facebook/webhook?{wrong}")[0] == 403


def test_a_message_gets_the_triage_reply_with_buttons(connected: Connected) -> None:
    person = a_person()
    assert connected.post_messenger(page_message(person, "my chest aches after press ups")) == (
        "success"
    )
    messages = messages_to(connected, person)
    [template] = [m["attachment"]["payload"] for m in messages if "attachment" in m]
    assert template["template_type"] == "button" and len(template["text"]) <= 640
    assert "safety check" in template["text"]
    assert [(b["type"], b["payload"]) for b in template["buttons"]] == [
        ("postback", "/affirm"),
        ("postback", "/deny"),
    ]


def test_more_than_three_buttons_become_numbers_to_reply_with(connected: Connected) -> None:
    person = a_person()
    assert connected.post_messenger(page_message(person, "my leg hurts")) == "success"
    [asked] = [m["text"] for m in messages_to(connected, person) if "Reply with" in m["text"]]
    assert "attachment" not in str(messages_to(connected, person))
    lines = [line.split(". ", 1) for line in asked.splitlines() if line[:1].isdigit()]
    assert len(lines) > 3
    [number] = [number for number, title in lines if title.startswith("Knee")]
    assert connected.post_messenger(page_message(person, number)) == "success"
    events = connected.assistant.tracker(person, "messenger")["events"]
    entities = [e for e in events if e["event"] == "user"][-1]["parse_data"]["entities"]
    assert {"entity": "body_zone", "value": "knee"}.items() <= entities[0].items()


def test_an_unsigned_message_is_refused(connected: Connected) -> None:
    person = a_person()
    payload = page_message(person, "my temples ache")
    assert connected.post_messenger(payload, secret="not-the-app-secret") == "not validated"
    assert messages_to(connected, person) == []
