"""Rate limits: a burst up to the limit passes, the next message is refused, and the
window moving on lets messages through again; loopback is never limited by address."""

from __future__ import annotations

import gc
import time

import pytest

from bot.channels.rate_limit import build
from bot.settings import SettingsError, load


def test_a_burst_up_to_the_limit_passes_then_it_recovers() -> None:
    limits = build("3 per 2 seconds", "5/minute", "memory://")
    assert [limits.allows_conversation("web:a") for _ in range(4)] == [True, True, True, False]
    assert limits.allows_conversation("web:b")  # each conversation counts on its own
    time.sleep(2.1)
    assert limits.allows_conversation("web:a")


def test_the_counters_outlive_the_garbage_collector() -> None:
    limits = build("2/minute", "60/minute", "memory://")
    assert limits.allows_conversation("web:gc")
    time.sleep(0.05)  # the storage's expiry timer has run and let go of it
    gc.collect()
    assert limits.allows_conversation("web:gc")
    assert not limits.allows_conversation("web:gc")


def test_addresses_are_limited_but_not_loopback() -> None:
    limits = build("20/minute", "2/minute", "memory://")
    assert [limits.allows_address("203.0.113.9") for _ in range(3)] == [True, True, False]
    assert all(limits.allows_address("127.0.0.1") for _ in range(10))
    assert limits.allows_address(None)


def test_every_limit_of_a_list_applies() -> None:
    limits = build("10/minute;2/second", "60/minute", "memory://")
    assert [limits.allows_conversation("web:c") for _ in range(3)] == [True, True, False]


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("BOT_RATE_LIMIT", "twenty a minute"),
        ("BOT_RATE_LIMIT_ADDRESS", "0/"),
        ("BOT_RATE_LIMIT_STORAGE", "mongodb://x"),
    ],
)
def test_a_bad_rate_setting_is_a_clear_error(name: str, value: str) -> None:
    with pytest.raises(SettingsError, match=name):
        load({name: value})
