"""Rasa's Telegram channel: never silent, numbered replies, and a settable API address.

Telegram shows buttons natively (an inline keyboard, one button per row), but a
button's callback data is at most 64 bytes, so longer payloads and link buttons go out
as numbered text. `api_url` (BOT_TELEGRAM_API_URL) points the bot at another Bot API
server, such as a self-hosted one or the fake one the tests run.

The webhook is registered with a secret token (`BOT_TELEGRAM_SECRET_TOKEN`, or one derived
from the access token), which Telegram sends back in `X-Telegram-Bot-Api-Secret-Token` on
every call: a call without it is refused (403), so nobody else can post as a Telegram user.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
from typing import Any

from aiogram import Bot
from aiogram.bot.api import TELEGRAM_PRODUCTION, TelegramAPIServer
from aiogram.utils.exceptions import TelegramAPIError
from rasa.core.channels.channel import InputChannel
from rasa.core.channels.telegram import TelegramInput, TelegramOutput
from rasa.shared.exceptions import RasaException
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.messaging import ApiUrlChannel, OnNewMessage, Presentation, messaging_turn

logger = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"

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


def derived_secret_token(access_token: str) -> str:
    """The webhook's secret token when none is set: derived from the bot's access token,
    so every replica registers and checks the same one (Telegram allows 1-256 of
    A-Z, a-z, 0-9, _ and -)."""
    digest = hmac.new(access_token.encode(), b"telegram webhook secret token", hashlib.sha256)
    return digest.hexdigest()


def refusal(request: Request, secret_token: str) -> HTTPResponse | None:
    """403 for a webhook call without the secret token Telegram was given, and for the
    `set_webhook` route (the webhook is registered at start, with the token)."""
    if request.path.endswith("/set_webhook"):
        return response.text("the webhook is registered when the server starts", status=403)
    if request.method == "POST" and request.path.endswith("/webhook"):
        given = request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), secret_token.encode()):
            logger.warning("refused a telegram webhook call without the secret token")
            return response.text("forbidden", status=403)
    return None


class NeverSilentTelegramInput(ApiUrlChannel, TelegramInput):
    """Telegram input (`/webhooks/telegram/webhook`), see the module docstring. Every
    webhook call must carry the secret token set when the webhook was registered."""

    secret_token: str = ""

    @classmethod
    def name(cls) -> str:
        return "telegram"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        channel = super().from_credentials(credentials)
        assert isinstance(channel, NeverSilentTelegramInput) and credentials is not None
        channel.secret_token = str(credentials.get("secret_token") or "") or (
            derived_secret_token(str(channel.access_token or ""))
        )
        return channel

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        blueprint = super().blueprint(messaging_turn(on_new_message, PRESENTATION))
        secret_token = self.secret_token or derived_secret_token(str(self.access_token or ""))

        @blueprint.middleware("request")
        async def require_secret_token(request: Request) -> HTTPResponse | None:
            return refusal(request, secret_token)

        return blueprint

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
        token = self.secret_token or derived_secret_token(str(self.access_token or ""))
        try:  # aiogram 2.15's set_webhook has no secret_token argument: the raw call
            await channel.request("setWebhook", {"url": self.webhook_url, "secret_token": token})
        finally:
            await channel.close()
