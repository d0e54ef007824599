"""Slack: signed Events API callbacks in, chat.postMessage out via the Web API."""

from __future__ import annotations

import json
import random
import time
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from connectors_stack import Connected
from fake_providers import Call

pytestmark = pytest.mark.blackbox


def direct_message(user: str, channel: str, text: str) -> dict[str, Any]:
    """An Events API `message.im` callback, as Slack posts it."""
    ts = f"{time.time():.6f}"
    return {
        "token": "verification-token",
        "team_id": "T0001",
        "api_app_id": "A0001",
        "event": {
            "type": "message",
            "channel": channel,
            "user": user,
            "text": text,
            "ts": ts,
            "event_ts": ts,
            "channel_type": "im",
        },
        "type": "event_callback",
        "event_id": f"Ev{uuid.uuid4().hex[:10]}",
        "event_time": int(time.time()),
        "authed_users": ["UBOT0001"],
    }


def posted_to(channel: str) -> Callable[[Call], bool]:
    def accept(call: Call) -> bool:
        return call.path == "/api/chat.postMessage" and call.body.get("channel") == channel

    return accept


def test_url_verification_echoes_the_challenge(connected: Connected) -> None:
    challenge = uuid.uuid4().hex
    event = {"token": "t", "challenge": challenge, "type": "url_verification"}
    status, answer = connected.post_slack(event)
    assert status == 200 and json.loads(answer) == {"challenge": challenge}
    assert connected.post_slack(event, secret="not-the-signing-secret")[0] == 400


def test_a_direct_message_gets_the_triage_reply_with_buttons(connected: Connected) -> None:
    channel = f"D{random.randint(10**8, 10**9)}"
    status, _ = connected.post_slack(direct_message("U0001", channel, "my temples ache"))
    assert status == 200

    def with_buttons(call: Call) -> bool:
        return posted_to(channel)(call) and bool(call.body.get("blocks"))

    assert connected.fake.wait_for(with_buttons, timeout=60)
    calls = connected.fake.wait_for(posted_to(channel), timeout=0)
    text = "\n".join(str(call.body.get("text", "")) for call in calls)
    assert "upper trapezius" in text.lower()
    buttons = [
        element
        for call in calls
        for block in call.body.get("blocks") or []
        if block["type"] == "actions"
        for element in block["elements"]
    ]
    values = {button["text"]["text"]: button["value"] for button in buttons}
    assert values["Care tips"] == "/care_tips"
    assert values["How do I find and release it?"] == "/ask_technique"


def test_clicking_a_button_sends_its_value(connected: Connected) -> None:
    channel = f"D{random.randint(10**8, 10**9)}"
    user = f"U{random.randint(10**8, 10**9)}"
    assert connected.post_slack(direct_message(user, channel, "my temples ache"))[0] == 200
    connected.fake.wait_for(posted_to(channel), timeout=60)
    click = {
        "type": "block_actions",
        "user": {"id": user},
        "channel": {"id": channel},
        "message": {"ts": f"{time.time():.6f}"},
        "actions": [{"type": "button", "value": "/care_tips", "action_id": "a1"}],
    }
    assert connected.post_slack(click, form=True)[0] == 200
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        users = [
            e for e in connected.assistant.tracker(user, "slack")["events"] if e["event"] == "user"
        ]
        if len(users) == 2:
            break
        time.sleep(0.5)
    assert users[-1]["parse_data"]["intent"]["name"] == "care_tips"


def test_more_than_five_buttons_become_numbers_to_reply_with(connected: Connected) -> None:
    channel = f"D{random.randint(10**8, 10**9)}"
    assert connected.post_slack(direct_message("U0003", channel, "my knee hurts"))[0] == 200
    connected.fake.wait_for(posted_to(channel), timeout=60)
    # What brought it on: eight choices, more than Slack shows as buttons.
    assert connected.post_slack(direct_message("U0003", channel, "what causes it?"))[0] == 200

    def numbered(call: Call) -> bool:
        return posted_to(channel)(call) and "Reply with a number." in call.body.get("text", "")

    [asked] = connected.fake.wait_for(numbered, timeout=60)
    lines = [line.split(". ", 1) for line in asked.body["text"].splitlines() if line[:1].isdigit()]
    assert len(lines) > 5
    [number] = [number for number, title in lines if title.startswith("Running")]
    assert connected.post_slack(direct_message("U0003", channel, number))[0] == 200

    def explained(call: Call) -> bool:
        return posted_to(channel)(call) and "how running can set them off" in str(call.body).lower()

    assert connected.fake.wait_for(explained, timeout=60)


def test_a_message_with_a_wrong_signature_is_refused(connected: Connected) -> None:
    channel = f"D{random.randint(10**8, 10**9)}"
    event = direct_message("U0002", channel, "my temples ache")
    assert connected.post_slack(event, secret="not-the-signing-secret")[0] == 400
    time.sleep(2)
    assert connected.fake.wait_for(posted_to(channel), timeout=0) == []
