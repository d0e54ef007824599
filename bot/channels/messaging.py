"""What every messaging-app connector does the same way, around Rasa's own channel.

Each turn: a reply that is a number (or an option's title) becomes the payload of the
option it names, using the options this person was last offered; the bot's buttons
are sent natively where the app can show them and as numbered text otherwise; the
widget's custom payloads become text or are left out; and, as on every channel, a
turn that produced nothing gets an apology (`never_silent`).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage

from bot import settings as settings_module
from bot.channels.never_silent import never_silent
from bot.channels.numbered import Option, choose, render
from bot.channels.offered import FILE as OFFERED_FILE
from bot.channels.offered import OfferedOptions

logger = logging.getLogger(__name__)

OnNewMessage = Callable[[UserMessage], Awaitable[Any]]
OFFERED_DB = OFFERED_FILE
BUTTON_PROMPT = "What would you like to do next?"


@dataclass(frozen=True)
class Presentation:
    """What one app can show: how many buttons (0: text only) and how long a payload."""

    channel: str
    max_buttons: int = 0
    max_payload_bytes: int | None = None
    # Longest text a message with buttons may carry (Messenger's button template: 640);
    # a longer reply goes out as plain text first, then the buttons under a short prompt.
    max_button_text: int | None = None
    button_options: Mapping[str, Any] = field(default_factory=dict)
    # The app's own commands, read as what the person means (Telegram's "/start").
    aliases: Mapping[str, str] = field(default_factory=dict)

    def shows_natively(self, buttons: Sequence[Mapping[str, Any]]) -> bool:
        """Whether these buttons can go out as the app's own buttons.

        Link buttons never do: Rasa's connectors send a button's payload back as the
        person's message, so a link would come back as a URL instead of opening a page.
        """
        if not buttons or len(buttons) > self.max_buttons:
            return False
        for button in buttons:
            if button.get("url"):
                return False
            payload = str(button.get("payload", ""))
            if self.max_payload_bytes and len(payload.encode()) > self.max_payload_bytes:
                return False
        return True


class ApiUrlChannel(InputChannel):
    """An input channel whose provider API address comes from `api_url` in its credentials.

    Mixed in before Rasa's channel class; each channel uses `api_url` where its client
    library takes a base address (unset: the provider's own).
    """

    api_url: str | None = None

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        channel = super().from_credentials(credentials)
        assert isinstance(channel, ApiUrlChannel) and credentials is not None
        channel.api_url = str(credentials.get("api_url") or "") or None
        return channel


def offered_options() -> OfferedOptions:
    """The store of offered options, in the configured state folder."""
    return OfferedOptions(settings_module.load().var_dir / OFFERED_DB)


# Custom payloads that only the dialogue reads (what the turn asked), never sent as text.
_FOR_THE_DIALOGUE = {"triage", "callback", "privacy"}


def custom_as_text(custom: Any, already_said: str) -> str | None:
    """A custom payload as a text message, or None when it adds nothing a person reads.

    `booking` carries the booking page: sent as a link unless this turn's text already
    gave it. `triage` is the structured summary for the widget and the dialogue (kept in
    the conversation whatever the channel); its content is already in the reply's text.
    """
    if not isinstance(custom, Mapping):
        return None
    booking = custom.get("booking")
    if isinstance(booking, Mapping) and booking.get("url"):
        url = str(booking["url"])
        if url in already_said:
            return None
        reference = booking.get("reference")
        return f"Your booking ({reference}): {url}" if reference else f"Booking page: {url}"
    if not _FOR_THE_DIALOGUE & custom.keys():
        logger.warning("custom payload with keys %s not sent on a text channel", sorted(custom))
    return None


class DegradingOutput(OutputChannel):
    """Sends one turn's messages through `inner` in the form the app can show."""

    def __init__(self, inner: OutputChannel, presentation: Presentation) -> None:
        self.inner = inner
        self.presentation = presentation
        self.said: list[str] = []
        self.offered: list[Option] = []
        self.sent = 0

    @classmethod
    def name(cls) -> str:
        return "degrading"

    async def _send(self, recipient_id: str, message: dict[str, Any]) -> None:
        self.sent += 1
        if message.get("text"):
            self.said.append(str(message["text"]))
        await self.inner.send_response(recipient_id, message)

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        text = str(message.get("text") or "")
        buttons = [dict(button) for button in message.get("buttons") or []]
        if buttons and self.presentation.shows_natively(buttons):
            self.offered = []
            limit = self.presentation.max_button_text
            if limit and len(text) > limit:
                await self._send(recipient_id, {"text": text})
                text = BUTTON_PROMPT
            await self._send(
                recipient_id,
                {"text": text, "buttons": buttons, **self.presentation.button_options},
            )
        elif buttons:
            rendered, self.offered = render(text, buttons)
            await self._send(recipient_id, {"text": rendered})
        elif text:
            # Options offered earlier in this turn stay on offer: they are still on screen.
            await self._send(recipient_id, {"text": text})
        custom = message.get("custom")
        if custom:
            as_text = custom_as_text(custom, "\n".join(self.said))
            if as_text:
                await self._send(recipient_id, {"text": as_text})
        for key in ("image", "attachment", "elements"):
            if message.get(key):
                await self._send(recipient_id, {key: message[key]})


def messaging_turn(
    on_new_message: OnNewMessage,
    presentation: Presentation,
    offered: OfferedOptions | None = None,
) -> OnNewMessage:
    """`on_new_message` for a messaging app: numbered replies in, degraded replies out."""
    store = offered

    async def handle(message: UserMessage) -> None:
        nonlocal store
        if store is None:
            store = offered_options()
        sender = str(message.sender_id)
        if message.text is not None:
            message.text = presentation.aliases.get(message.text.strip(), message.text)
            choice = choose(message.text, store.recall(presentation.channel, sender))
            if choice.problem is not None:
                # Answered here, not by Rasa: the options stay on offer, nothing is lost.
                await message.output_channel.send_response(sender, {"text": choice.problem})
                return
            message.text = choice.text
        output = DegradingOutput(message.output_channel, presentation)
        message.output_channel = output
        await on_new_message(message)
        if output.sent:
            store.remember(presentation.channel, sender, output.offered)

    return never_silent(handle, presentation.channel)
