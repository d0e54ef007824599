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

from rasa.core.channels.channel import UserMessage

from bot import settings as settings_module
from bot.channels.identity import ProviderIdOutput, conversation_id
from bot.channels.rate_limit import SLOW_DOWN, rate_limits

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


def too_long(limit: int, length: int) -> str:
    """The reply to a message over the limit: what happened and what to do instead."""
    return (
        f"Sorry, that message is too long for me to read ({length:,} characters; the "
        f"limit is {limit:,}). Could you tell me in a few sentences where it hurts and "
        "what brought it on?"
    )


def never_silent(on_new_message: OnNewMessage, channel: str) -> OnNewMessage:
    """`on_new_message` for `channel` (Rasa's channel name) that keys the conversation by
    channel, answers with an apology when the turn sent nothing, and refuses a message
    over the length limit without processing it."""

    # Read once, when the channel is set up: not on every message.
    limit = settings_module.load().max_message_chars

    async def handle(message: UserMessage) -> None:
        length = len(message.text or "")
        if length > limit:
            logger.info("refused a %d-character message on %s", length, channel)
            await message.output_channel.send_text_message(
                message.sender_id, too_long(limit, length)
            )
            return
        sender = str(message.sender_id)
        conversation = conversation_id(channel, sender)
        if not rate_limits().allows_conversation(conversation):
            await message.output_channel.send_text_message(sender, SLOW_DOWN)
            return
        counting = ProviderIdOutput(message.output_channel, channel)
        message.output_channel = counting
        message.sender_id = conversation
        try:
            await on_new_message(message)
        except Exception:
            logger.exception("handling a message on %s failed", channel)
        if counting.sent == 0:
            logger.warning("no reply to a message on %s; sending an apology", channel)
            await counting.inner.send_text_message(sender, apology())

    return handle
