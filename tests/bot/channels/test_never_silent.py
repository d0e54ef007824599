"""bot.channels.never_silent: a turn that sends nothing still gets an answer."""

from __future__ import annotations

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage

from bot.channels.never_silent import never_silent


async def test_a_silent_turn_gets_the_apology() -> None:
    async def silent(message: UserMessage) -> None:
        return None

    collector = CollectingOutputChannel()
    await never_silent(silent)(UserMessage("hello", collector, "ann"))
    [reply] = collector.messages
    assert reply["recipient_id"] == "ann"
    assert reply["text"].startswith("Sorry, something went wrong on my side")
    assert "NHS 111" in reply["text"] and "999" in reply["text"]


async def test_a_failing_turn_gets_the_apology() -> None:
    async def broken(message: UserMessage) -> None:
        raise ConnectionError("action server down")

    collector = CollectingOutputChannel()
    await never_silent(broken)(UserMessage("hello", collector, "ann"))
    assert len(collector.messages) == 1
    assert "book a massage directly at" in collector.messages[0]["text"]


async def test_a_turn_that_answered_is_left_alone() -> None:
    async def answers(message: UserMessage) -> None:
        await message.output_channel.send_response("ann", {"text": "Hello"})
        await message.output_channel.send_response("ann", {"text": "How can I help?"})

    collector = CollectingOutputChannel()
    await never_silent(answers)(UserMessage("hello", collector, "ann"))
    assert [m["text"] for m in collector.messages] == ["Hello", "How can I help?"]
