"""Every user message gets an answer, even when an action or the action server fails.

Rasa logs a failed custom action and carries on without a reply; these wrappers count
what a turn sent and, when it sent nothing, send an apology with a way forward. A
message longer than the limit (`BOT_MAX_MESSAGE_CHARS`) is answered with a request to
shorten it and never reaches the NLU or the tracker.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import OutputChannel, UserMessage

from bot import settings as settings_module

logger = logging.getLogger(__name__)

OnNewMessage = Callable[[UserMessage], Awaitable[Any]]


def apology() -> str:
    """What to say when a turn produced no reply: sorry, what to do now, where to book."""
    business = settings_module.load().business
    return (
        "Sorry, something went wrong on my side and I couldn't finish that. Please try "
        "again in a minute. If you're worried about your symptoms, call NHS 111, or 999 in "
        f"an emergency. You can also book a massage directly at {business.booking_url}"
    )


class CountingOutputChannel(OutputChannel):
    """Passes every bot message on to `inner` and counts them."""

    def __init__(self, inner: OutputChannel) -> None:
        self.inner = inner
        self.sent = 0

    @classmethod
    def name(cls) -> str:
        return "counting"

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        self.sent += 1
        await self.inner.send_response(recipient_id, message)


def too_long(limit: int, length: int) -> str:
    """The reply to a message over the limit: what happened and what to do instead."""
    return (
        f"Sorry, that message is too long for me to read ({length:,} characters; the "
        f"limit is {limit:,}). Could you tell me in a few sentences where it hurts and "
        "what brought it on?"
    )


def never_silent(on_new_message: OnNewMessage) -> OnNewMessage:
    """`on_new_message` that answers with an apology when the turn sent nothing, and
    refuses a message over the length limit without processing it."""

    # Read once, when the channel is set up: not on every message.
    limit = settings_module.load().max_message_chars

    async def handle(message: UserMessage) -> None:
        length = len(message.text or "")
        if length > limit:
            logger.info("refused a %d-character message from %s", length, message.sender_id)
            await message.output_channel.send_text_message(
                message.sender_id, too_long(limit, length)
            )
            return
        counting = CountingOutputChannel(message.output_channel)
        message.output_channel = counting
        try:
            await on_new_message(message)
        except Exception:
            logger.exception("handling a message from %s failed", message.sender_id)
        if counting.sent == 0:
            logger.warning("no reply to %s's message; sending an apology", message.sender_id)
            await counting.inner.send_text_message(message.sender_id, apology())

    return handle
