"""Rasa's Facebook Messenger channel: never silent, numbered replies, settable Graph API.

Messenger's button template holds at most three buttons (Rasa's channel drops them all
when there are more); more, or link buttons, go out as numbered text. `api_url`
(BOT_FACEBOOK_API_URL) replaces the Graph API address fbmessenger uses
(`https://graph.facebook.com/v<version>`), for the fake one the tests run. Rasa builds
its Messenger client inside the webhook route, so this channel registers the same three
routes (health, verification, webhook) with a client it can point elsewhere.
"""

from __future__ import annotations

import logging

from fbmessenger import MessengerClient
from rasa.core.channels.channel import OutputChannel
from rasa.core.channels.facebook import FacebookInput, Messenger, MessengerBot
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.messaging import ApiUrlChannel, OnNewMessage, Presentation, messaging_turn

logger = logging.getLogger(__name__)

PRESENTATION = Presentation("facebook", max_buttons=3, max_payload_bytes=1000, max_button_text=640)


class RebasedMessenger(Messenger):
    """Rasa's webhook handler with its Messenger client sending to `api_url`."""

    def __init__(self, page_access_token: str, on_new_message: OnNewMessage, api_url: str | None):
        super().__init__(page_access_token, on_new_message)
        if api_url:
            self.client.graph_url = api_url.rstrip("/")


class NeverSilentFacebookInput(ApiUrlChannel, FacebookInput):
    """Messenger input (`/webhooks/facebook/webhook`), see the module docstring."""

    @classmethod
    def name(cls) -> str:
        return "facebook"

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        handle = messaging_turn(on_new_message, PRESENTATION)
        fb_webhook = Blueprint("fb_webhook", __name__)

        @fb_webhook.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @fb_webhook.route("/webhook", methods=["GET"])
        async def token_verification(request: Request) -> HTTPResponse:
            if request.args.get("hub.verify_token") == self.fb_verify:
                return response.text(request.args.get("hub.challenge"))
            logger.warning("Messenger verify token does not match BOT_FACEBOOK_VERIFY")
            return response.text("failure, invalid token", status=403)

        @fb_webhook.route("/webhook", methods=["POST"])
        async def webhook(request: Request) -> HTTPResponse:
            signature = request.headers.get("X-Hub-Signature") or ""
            if not self.validate_hub_signature(self.fb_secret, request.body, signature):
                logger.warning("Messenger webhook signature does not match BOT_FACEBOOK_SECRET")
                return response.text("not validated", status=403)
            messenger = RebasedMessenger(self.fb_access_token, handle, self.api_url)
            await messenger.handle(request.json, self.get_metadata(request))
            return response.text("success")

        return fb_webhook

    def get_output_channel(self) -> OutputChannel:
        """Messenger output for messages Rasa starts itself (reminders, external events)."""
        client = MessengerClient(self.fb_access_token)
        if self.api_url:
            client.graph_url = self.api_url.rstrip("/")
        return MessengerBot(client)
