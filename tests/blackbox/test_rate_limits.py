"""The default rate limit over REST: 20 messages a minute in one conversation pass, the
21st gets a polite reply (and is not processed), and the conversation recovers."""

from __future__ import annotations

import time

import pytest
from replies import Person
from stack import Assistant

from bot.channels.rate_limit import SLOW_DOWN

pytestmark = pytest.mark.blackbox


def test_a_flood_is_answered_politely_and_recovers(assistant: Assistant) -> None:
    fast = Person(assistant, "rate-limit")
    started = time.monotonic()
    answers = [fast.says("hello") for _ in range(20)]
    assert SLOW_DOWN not in answers
    assert fast.says("my neck hurts") == SLOW_DOWN
    assert time.monotonic() - started < 60  # all inside one window
    texts = [e.get("text") for e in assistant.tracker(fast.id)["events"] if e["event"] == "user"]
    assert "my neck hurts" not in texts  # refused before the NLU and the tracker
    other = Person(assistant, "rate-limit-other")
    assert other.says("hello") != SLOW_DOWN  # nobody else is slowed down
    time.sleep(max(0.0, 61 - (time.monotonic() - started)))
    assert "neck" in fast.says("my neck hurts").lower()
