"""bot.channels.never_silent: a turn that sends nothing still gets an answer."""

from __future__ import annotations

import pytest
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage

from bot.channels.never_silent import never_silent


async def test_a_silent_turn_gets_the_apology() -> None:
    async def silent(message: UserMessage) -> None:
        return None

    collector = CollectingOutputChannel()
    await never_silent(silent, "rest")(UserMessage("hello", collector, "ann"))
    [reply] = collector.messages
    assert reply["recipient_id"] == "ann"
    assert reply["text"].startswith("Sorry, something went wrong on my side")
    assert "NHS 111" in reply["text"] and "999" in reply["text"]


async def test_a_failing_turn_gets_the_apology() -> None:
    async def broken(message: UserMessage) -> None:
        raise ConnectionError("action server down")

    collector = CollectingOutputChannel()
    await never_silent(broken, "rest")(UserMessage("hello", collector, "ann"))
    assert len(collector.messages) == 1
    assert "book a massage directly at" in collector.messages[0]["text"]


async def test_a_turn_that_answered_is_left_alone() -> None:
    async def answers(message: UserMessage) -> None:
        await message.output_channel.send_response(message.sender_id, {"text": "Hello"})
        await message.output_channel.send_response(message.sender_id, {"text": "How can I help?"})

    collector = CollectingOutputChannel()
    await never_silent(answers, "rest")(UserMessage("hello", collector, "ann"))
    assert [m["text"] for m in collector.messages] == ["Hello", "How can I help?"]
    # Rasa sees the REST conversation; the caller gets its own id back.
    assert {m["recipient_id"] for m in collector.messages} == {"ann"}


async def test_each_channel_keys_its_own_conversations() -> None:
    seen: list[str] = []

    async def records(message: UserMessage) -> None:
        seen.append(str(message.sender_id))
        await message.output_channel.send_response(message.sender_id, {"text": "Hi"})

    collector = CollectingOutputChannel()
    for channel in ("rest", "socketio", "twilio", "telegram"):
        await never_silent(records, channel)(UserMessage("hello", collector, "+447400000001"))
    assert seen == [
        "rest:+447400000001",
        "web:+447400000001",
        "sms:+447400000001",
        "telegram:+447400000001",
    ]
    assert {m["recipient_id"] for m in collector.messages} == {"+447400000001"}


async def test_a_message_over_the_limit_is_refused_unprocessed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("BOT_MAX_MESSAGE_CHARS", "2000")
    seen: list[str] = []

    async def records(message: UserMessage) -> None:
        seen.append(message.text or "")
        await message.output_channel.send_response(message.sender_id, {"text": "Noted"})

    collector = CollectingOutputChannel()
    handle = never_silent(records, "rest")
    await handle(UserMessage("x" * 2001, collector, "ann"))
    assert seen == []
    [reply] = collector.messages
    assert "too long" in reply["text"] and "2,001 characters" in reply["text"]
    assert "2,000" in reply["text"]
    # Exactly at the limit is read as usual.
    await handle(UserMessage("x" * 2000, collector, "ann"))
    assert seen == ["x" * 2000]
    assert collector.messages[-1]["text"] == "Noted"
