"""bot.channels.rest: REST is open on loopback, needs its token when set, is off otherwise."""

from __future__ import annotations

import pytest

from bot.channels.rest import is_loopback, refusal


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1", "[::1]", "127.0.0.2"])
def test_loopback_addresses(host: str) -> None:
    assert is_loopback(host)


@pytest.mark.parametrize("host", ["0.0.0.0", "10.0.0.5", "::", "example.co.uk"])
def test_addresses_beyond_loopback(host: str) -> None:
    assert not is_loopback(host)


def test_on_loopback_without_a_token_rest_is_open() -> None:
    assert refusal("", None, "127.0.0.1") is None


def test_beyond_loopback_without_a_token_rest_is_off() -> None:
    refused = refusal("Bearer anything", None, "0.0.0.0")
    assert refused is not None and refused.status == 403
    assert b"BOT_REST_TOKEN" in refused.body


@pytest.mark.parametrize("host", ["127.0.0.1", "0.0.0.0"])
def test_with_a_token_only_the_token_passes(host: str) -> None:
    assert refusal("Bearer s3cret", "s3cret", host) is None
    assert refusal("bearer s3cret", "s3cret", host) is None
    for wrong in ("", "Bearer", "Bearer other", "Basic s3cret", "s3cret"):
        refused = refusal(wrong, "s3cret", host)
        assert refused is not None and refused.status == 401
