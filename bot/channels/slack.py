"""Rasa's Slack channel: never silent, numbered replies, and a settable API address.

Slack shows up to five buttons in a message; more, or link buttons, go out as numbered
text (Rasa's own channel would drop them all). The Events API URL check is answered in
a form Slack accepts. `api_url` (BOT_SLACK_API_URL) replaces Slack's Web API base
address, for a proxy or the fake one the tests run.
"""

from __future__ import annotations

from rasa.core.channels.channel import OutputChannel
from rasa.core.channels.slack import SlackBot, SlackInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.messaging import ApiUrlChannel, OnNewMessage, Presentation, messaging_turn

PRESENTATION = Presentation("slack", max_buttons=5, max_payload_bytes=2000, max_button_text=3000)


class NeverSilentSlackInput(ApiUrlChannel, SlackInput):
    """Slack input (`/webhooks/slack/webhook`), see the module docstring."""

    @classmethod
    def name(cls) -> str:
        return "slack"

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        blueprint = super().blueprint(messaging_turn(on_new_message, PRESENTATION))

        @blueprint.middleware("request")
        async def url_verification(request: Request) -> HTTPResponse | None:
            # Rasa answers the challenge as a bare JSON string, which is none of the forms
            # Slack accepts (plain text, form, or {"challenge": ...}): answer it here.
            if request.method != "POST" or request.path != f"/webhooks/{self.name()}/webhook":
                return None  # Sanic may run a blueprint's middleware for other routes too
            if request.content_type != "application/json":
                return None
            event = request.json if isinstance(request.json, dict) else {}
            if event.get("type") != "url_verification":
                return None
            if not self.is_request_from_slack_authentic(request):
                return None  # Rasa's route refuses it
            return response.json({"challenge": event.get("challenge")})

        return blueprint

    def get_output_channel(
        self, channel: str | None = None, thread_id: str | None = None
    ) -> OutputChannel:
        output = super().get_output_channel(channel, thread_id)
        if self.api_url and isinstance(output, SlackBot):
            output.client.base_url = self.api_url.rstrip("/") + "/"
        return output
