"""Rasa's Telegram channel: never silent, numbered replies, and a settable API address.

Telegram shows buttons natively (an inline keyboard, one button per row), but a
button's callback data is at most 64 bytes, so longer payloads and link buttons go out
as numbered text. `api_url` (BOT_TELEGRAM_API_URL) points the bot at another Bot API
server, such as a self-hosted one or the fake one the tests run.
"""

from __future__ import annotations

import asyncio

from aiogram import Bot
from aiogram.bot.api import TELEGRAM_PRODUCTION, TelegramAPIServer
from aiogram.utils.exceptions import TelegramAPIError
from rasa.core.channels.telegram import TelegramInput, TelegramOutput
from rasa.shared.exceptions import RasaException
from sanic import Blueprint

from bot.channels.messaging import ApiUrlChannel, OnNewMessage, Presentation, messaging_turn

PRESENTATION = Presentation(
    "telegram",
    max_buttons=8,
    max_payload_bytes=64,
    max_button_text=4096,
    button_options={"button_type": "vertical"},
    # Telegram sends "/start" when someone opens the bot (and Rasa after "/restart");
    # as a message it would be Rasa's intent syntax for an intent the domain lacks.
    aliases={"/start": "/greet"},
)


class RebasedTelegramOutput(TelegramOutput):
    """Telegram's output channel talking to the Bot API server at `server`."""

    def __init__(self, access_token: str | None, server: TelegramAPIServer) -> None:
        Bot.__init__(self, access_token, server=server)


class NeverSilentTelegramInput(ApiUrlChannel, TelegramInput):
    """Telegram input (`/webhooks/telegram/webhook`), see the module docstring."""

    @classmethod
    def name(cls) -> str:
        return "telegram"

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        return super().blueprint(messaging_turn(on_new_message, PRESENTATION))

    def get_output_channel(self) -> TelegramOutput:
        """The output channel, after registering the webhook with Telegram (as Rasa does)."""
        server = TelegramAPIServer.from_base(self.api_url) if self.api_url else TELEGRAM_PRODUCTION
        channel = RebasedTelegramOutput(self.access_token, server)
        try:
            asyncio.run(self._set_webhook(channel))
        except TelegramAPIError as error:
            raise RasaException(f"Failed to set channel webhook: {error}") from error
        return channel

    async def _set_webhook(self, channel: TelegramOutput) -> None:
        # The HTTP session belongs to this short-lived event loop: close it here so the
        # server's loop opens its own instead of reusing one bound to a closed loop.
        try:
            await channel.set_webhook(url=self.webhook_url)
        finally:
            await channel.close()
