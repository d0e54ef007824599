"""Rasa's Twilio channel for SMS and WhatsApp: text only, so buttons become numbers.

SMS and WhatsApp (through Twilio) carry text, so every reply's buttons are written as
numbered options and a reply of "2" picks the second. WhatsApp is a second Twilio
channel with its own webhook path (`/webhooks/twilio_whatsapp/webhook`) and sender
number (`whatsapp:+44...`). `api_url` (BOT_TWILIO_API_URL) replaces Twilio's REST API
address `https://api.twilio.com`, for the fake one the tests run.

Rasa's Twilio channel does not check Twilio's `X-Twilio-Signature` header; neither does
this one yet (it needs the public webhook URL as Twilio signs it).
"""

from __future__ import annotations

from typing import Any

from rasa.core.channels.channel import OutputChannel
from rasa.core.channels.twilio import TwilioInput, TwilioOutput
from sanic import Blueprint
from twilio.http.http_client import TwilioHttpClient
from twilio.http.response import Response

from bot.channels.messaging import ApiUrlChannel, OnNewMessage, Presentation, messaging_turn

TWILIO_API = "https://api.twilio.com"
WHATSAPP_PREFIX = "whatsapp:"


class RebasedHttpClient(TwilioHttpClient):
    """Twilio's HTTP client sending what was meant for api.twilio.com to `api_url`."""

    def __init__(self, api_url: str) -> None:
        super().__init__()
        self.api_url = api_url.rstrip("/")

    def request(self, method: str, url: str, *args: Any, **kwargs: Any) -> Response:
        if url.startswith(TWILIO_API):
            url = self.api_url + url[len(TWILIO_API) :]
        return super().request(method, url, *args, **kwargs)


class NeverSilentTwilioInput(ApiUrlChannel, TwilioInput):
    """Twilio SMS input (`/webhooks/twilio/webhook`), see the module docstring."""

    @classmethod
    def name(cls) -> str:
        return "twilio"

    @classmethod
    def presentation(cls) -> Presentation:
        return Presentation(cls.name())

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        blueprint = super().blueprint(messaging_turn(on_new_message, self.presentation()))
        # Sanic needs unique blueprint names; Rasa names every Twilio one "twilio_webhook".
        blueprint.name = f"{self.name()}_webhook"
        return blueprint

    def get_output_channel(self) -> OutputChannel:
        output = TwilioOutput(self.account_sid, self.auth_token, self.twilio_number)
        if self.api_url:
            output.http_client = RebasedHttpClient(self.api_url)
        return output


class NeverSilentWhatsAppInput(NeverSilentTwilioInput):
    """WhatsApp through Twilio (`/webhooks/twilio_whatsapp/webhook`)."""

    @classmethod
    def name(cls) -> str:
        return "twilio_whatsapp"

    def __init__(
        self,
        account_sid: str | None,
        auth_token: str | None,
        twilio_number: str | None,
        debug_mode: bool = True,
    ) -> None:
        if twilio_number and not twilio_number.startswith(WHATSAPP_PREFIX):
            twilio_number = WHATSAPP_PREFIX + twilio_number
        super().__init__(account_sid, auth_token, twilio_number, debug_mode)
