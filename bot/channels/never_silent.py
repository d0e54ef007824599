"""Every user message gets an answer, even when an action or the action server fails.

Rasa logs a failed custom action and carries on without a reply; these wrappers count
what a turn sent and, when it sent nothing, send an apology with a way forward.
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


def never_silent(on_new_message: OnNewMessage) -> OnNewMessage:
    """`on_new_message` that answers with an apology when the turn sent nothing."""

    async def handle(message: UserMessage) -> None:
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
