"""The default rate limit over REST: 20 messages a minute in one conversation pass, the
21st gets a polite reply (and is not processed), and the conversation recovers."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from replies import Person
from stack import Assistant

from bot.channels.rate_limit import SLOW_DOWN

pytestmark = pytest.mark.blackbox


def test_a_flood_is_answered_politely_and_recovers(assistant: Assistant) -> None:
    fast = Person(assistant, "rate-limit")
    started = time.monotonic()
    # Eight at a time: the limiter counts a message when it arrives, before Rasa queues it
    # behind the conversation's lock, so the 21st lands well inside the minute.
    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(lambda _: fast.says("hello"), range(24)))
    assert answers.count(SLOW_DOWN) >= 4  # 20 a minute: the rest are asked to slow down
    assert "counters unavailable" not in assistant.log()  # limited, not failing open
    other = Person(assistant, "rate-limit-other")
    assert other.says("hello") != SLOW_DOWN  # nobody else is slowed down
    time.sleep(max(0.0, 62 - (time.monotonic() - started)))
    assert "neck" in fast.says("my neck hurts").lower()
