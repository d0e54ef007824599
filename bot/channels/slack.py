"""Rasa's Slack channel: never silent, numbered replies, and a settable API address.

Slack shows up to five buttons in a message; more, or link buttons, go out as numbered
text (Rasa's own channel would drop them all). `api_url` (BOT_SLACK_API_URL) replaces
Slack's Web API base address, for a proxy or the fake one the tests run.
"""

from __future__ import annotations

from rasa.core.channels.channel import OutputChannel
from rasa.core.channels.slack import SlackBot, SlackInput
from sanic import Blueprint

from bot.channels.messaging import ApiUrlChannel, OnNewMessage, Presentation, messaging_turn

PRESENTATION = Presentation("slack", max_buttons=5, max_payload_bytes=2000, max_button_text=3000)


class NeverSilentSlackInput(ApiUrlChannel, SlackInput):
    """Slack input (`/webhooks/slack/webhook`), see the module docstring."""

    @classmethod
    def name(cls) -> str:
        return "slack"

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        return super().blueprint(messaging_turn(on_new_message, PRESENTATION))

    def get_output_channel(
        self, channel: str | None = None, thread_id: str | None = None
    ) -> OutputChannel:
        output = super().get_output_channel(channel, thread_id)
        if self.api_url and isinstance(output, SlackBot):
            output.client.base_url = self.api_url.rstrip("/") + "/"
        return output
