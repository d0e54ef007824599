"""What the assistant says in one turn: text, buttons and a custom payload, channel-neutral."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Button:
    """A button: either a message sent back to Rasa (`payload`) or a link (`url`)."""

    title: str
    payload: str
    url: str | None = None

    @classmethod
    def link(cls, title: str, url: str) -> Button:
        """A button that opens `url`; channels that only know payloads get the URL as payload."""
        return cls(title, url, url)

    def as_dict(self) -> dict[str, str]:
        """The button as Rasa's `utter_message(buttons=...)` takes it."""
        if self.url is None:
            return {"title": self.title, "payload": self.payload}
        return {"title": self.title, "payload": self.payload, "url": self.url, "type": "web_url"}


@dataclass(frozen=True)
class Reply:
    """One turn's answer: a text with its buttons, then (if any) a custom JSON payload."""

    text: str
    buttons: tuple[Button, ...] = ()
    custom: Mapping[str, Any] | None = field(default=None)

    def messages(self) -> list[dict[str, Any]]:
        """Keyword arguments for each `dispatcher.utter_message` call, in order."""
        said: list[dict[str, Any]] = [
            {"text": self.text, "buttons": [button.as_dict() for button in self.buttons]}
        ]
        if self.custom is not None:
            said.append({"json_message": dict(self.custom)})
        return said


def intent_payload(intent: str, entities: Mapping[str, str] | None = None) -> str:
    """Rasa's button payload for an intent with entities: `/describe_pain{"body_zone": "calf"}`."""
    return f"/{intent}{json.dumps(dict(entities)) if entities else ''}"
