"""Rasa's Twilio channel for SMS and WhatsApp: text only, so buttons become numbers.

SMS and WhatsApp (through Twilio) carry text, so every reply's buttons are written as
numbered options and a reply of "2" picks the second. WhatsApp is a second Twilio
channel with its own webhook path (`/webhooks/twilio_whatsapp/webhook`) and sender
number (`whatsapp:+44...`). `api_url` (BOT_TWILIO_API_URL) replaces Twilio's REST API
address `https://api.twilio.com`, for the fake one the tests run.

Rasa's Twilio channel takes any POST as a message from the `From` number, so anyone
could make the assistant text any number. This one refuses a webhook whose
`X-Twilio-Signature` is not Twilio's signature of the request with the auth token.
Twilio signs the URL it posted to, which behind a proxy is not the one the server sees:
`public_url` (BOT_TWILIO_PUBLIC_URL, e.g. `https://bot.example.co.uk`) is then the
address in front of the Rasa server.
"""

from __future__ import annotations

import logging
from typing import Any

from rasa.core.channels.channel import InputChannel, OutputChannel
from rasa.core.channels.twilio import TwilioInput, TwilioOutput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from twilio.http.http_client import TwilioHttpClient
from twilio.http.response import Response
from twilio.request_validator import RequestValidator

from bot.channels.messaging import ApiUrlChannel, OnNewMessage, Presentation, messaging_turn

logger = logging.getLogger(__name__)

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


def signed_url(request_url: str, path: str, public_url: str | None) -> str:
    """The URL Twilio signed: the public address plus the path, else the one requested."""
    return public_url.rstrip("/") + path if public_url else request_url


class NeverSilentTwilioInput(ApiUrlChannel, TwilioInput):
    """Twilio SMS input (`/webhooks/twilio/webhook`), see the module docstring."""

    @classmethod
    def name(cls) -> str:
        return "twilio"

    @classmethod
    def presentation(cls) -> Presentation:
        return Presentation(cls.name())

    public_url: str | None = None

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        channel = super().from_credentials(credentials)
        assert isinstance(channel, NeverSilentTwilioInput) and credentials is not None
        channel.public_url = str(credentials.get("public_url") or "") or None
        return channel

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        blueprint = super().blueprint(messaging_turn(on_new_message, self.presentation()))
        # Sanic needs unique blueprint names; Rasa names every Twilio one "twilio_webhook".
        blueprint.name = f"{self.name()}_webhook"

        @blueprint.middleware("request")
        async def refuse_unsigned(request: Request) -> HTTPResponse | None:
            # Sanic may run a blueprint's middleware for other routes too: only this webhook.
            if request.method != "POST" or request.path != f"/webhooks/{self.name()}/webhook":
                return None
            url = signed_url(request.url, request.path, self.public_url)
            form = {name: request.form.get(name) for name in request.form}
            signature = request.headers.get("X-Twilio-Signature", "")
            if RequestValidator(self.auth_token).validate(url, form, signature):
                return None
            logger.warning(
                "refused a %s webhook: X-Twilio-Signature does not match %s (behind a proxy, "
                "set BOT_TWILIO_PUBLIC_URL to the address Twilio posts to)",
                self.name(),
                url,
            )
            return response.text("invalid signature", status=403)

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
