"""Action fixtures: fresh trackers, the real domain, the real knowledge base, and a runner."""

from __future__ import annotations

import copy
from collections.abc import Awaitable, Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import kb
from bot.kb import builder
from bot.settings import PROJECT_ROOT, Settings, load

TrackerFactory = Callable[..., Tracker]
FROZEN_NOW = "2031-06-01 09:00"


@pytest.fixture(scope="session")
def domain() -> dict[str, Any]:
    """The real domain.yml, as the action server receives it."""
    with (PROJECT_ROOT / "domain.yml").open(encoding="utf-8") as file:
        loaded: dict[str, Any] = yaml.safe_load(file)
    return loaded


@pytest.fixture(scope="session")
def real_kb_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real knowledge base: var/kb.db if built, else built from data/kb for this run."""
    path = load({}).kb_path
    if path.is_file():
        return path
    built = tmp_path_factory.mktemp("real-kb") / "kb.db"
    builder.build(PROJECT_ROOT / "data" / "kb", built)
    return built


@pytest.fixture
def configure() -> Iterator[Callable[[Mapping[str, str]], Settings]]:
    """Point the actions at settings read from a test's own environment mapping."""

    def use(env: Mapping[str, str]) -> Settings:
        settings = load(env)
        kb.use(settings)
        return settings

    yield use
    kb.use()


@pytest.fixture(autouse=True)
def real_settings(
    real_kb_path: Path, configure: Callable[[Mapping[str, str]], Settings]
) -> Settings:
    """Every action test starts on the default settings and the real knowledge base, with
    the clock frozen a week before the bookings the tests make (Sunday 1 June 2031)."""
    return configure({"BOT_KB_PATH": str(real_kb_path), "BOT_FROZEN_NOW": FROZEN_NOW})


@pytest.fixture
def tracker(domain: dict[str, Any]) -> TrackerFactory:
    """Build a fresh Tracker: the latest message (text, intent, entities), slots and events."""

    def make(
        text: str = "",
        intent: str | None = None,
        entities: Sequence[Mapping[str, Any]] = (),
        slots: Mapping[str, Any] | None = None,
        events: Sequence[Mapping[str, Any]] = (),
    ) -> Tracker:
        all_slots = {name: None for name in domain["slots"]}
        all_slots.update(copy.deepcopy(dict(slots or {})))
        latest = {
            "text": text,
            "intent": {"name": intent, "confidence": 1.0} if intent else {},
            "entities": copy.deepcopy([dict(entity) for entity in entities]),
        }
        return Tracker(
            sender_id="test",
            slots=all_slots,
            latest_message=latest,
            events=copy.deepcopy([dict(event) for event in events]),
            paused=False,
            followup_action=None,
            active_loop={},
            latest_action_name="action_listen",
        )

    return make


@dataclass
class Outcome:
    """What an action returned and what it said."""

    events: list[dict[str, Any]]
    messages: list[dict[str, Any]]

    @property
    def texts(self) -> list[str]:
        return [message["text"] for message in self.messages if message.get("text")]

    @property
    def text(self) -> str:
        return "\n".join(self.texts)

    @property
    def buttons(self) -> list[dict[str, Any]]:
        return [button for message in self.messages for button in message.get("buttons") or []]

    @property
    def payloads(self) -> list[str]:
        return [button["payload"] for button in self.buttons]

    @property
    def custom(self) -> list[dict[str, Any]]:
        return [message["custom"] for message in self.messages if message.get("custom")]

    @property
    def triage(self) -> dict[str, Any]:
        (payload,) = [custom["triage"] for custom in self.custom if "triage" in custom]
        return payload

    @property
    def slots(self) -> dict[str, Any]:
        return {event["name"]: event["value"] for event in self.events if event["event"] == "slot"}

    def bot_events(self) -> list[dict[str, Any]]:
        """The messages as the tracker would record them (Rasa's `bot` events)."""
        return [
            {
                "event": "bot",
                "text": message.get("text"),
                "data": {"buttons": message.get("buttons"), "custom": message.get("custom")},
            }
            for message in self.messages
        ]


@pytest.fixture
def run(domain: dict[str, Any]) -> Callable[[Action, Tracker], Awaitable[Outcome]]:
    """Run an action on a tracker with a fresh dispatcher and the real domain."""

    async def run_action(action: Action, tracker: Tracker) -> Outcome:
        dispatcher = CollectingDispatcher()
        events = await action.run(dispatcher, tracker, domain)
        return Outcome(list(events), dispatcher.messages)

    return run_action
