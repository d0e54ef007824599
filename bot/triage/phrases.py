"""The assistant's fixed wording: `domain.yml` responses, with their variations.

Replies composed in code (what depends on the knowledge base) take their fixed sentences
from here, so the wording lives in one reviewed place. A response with several
variations is said in a different variation from the ones already said in the
conversation (`Voice.said`), so a repeated turn never repeats itself word for word.
"""

from __future__ import annotations

import string
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

DOMAIN = Path(__file__).resolve().parents[2] / "domain.yml"


class MissingPhrase(KeyError):
    """The domain has no response of that name (or it has no text variation)."""


@dataclass(frozen=True)
class Phrasebook:
    """Response name -> its text variations, in the domain's order."""

    variations: Mapping[str, tuple[str, ...]]

    @classmethod
    def from_responses(cls, responses: Mapping[str, Any]) -> Phrasebook:
        """From a domain's `responses` (as Rasa passes the domain to actions, or the YAML)."""
        found: dict[str, tuple[str, ...]] = {}
        for name, items in responses.items():
            texts = tuple(
                item["text"]
                for item in items or ()
                if isinstance(item, Mapping) and item.get("text")
            )
            if texts:
                found[str(name)] = texts
        return cls(found)

    @classmethod
    def from_domain(cls, domain: Mapping[str, Any] | None) -> Phrasebook:
        """The responses of the domain an action receives; the project's domain if it has none."""
        responses = (domain or {}).get("responses")
        if isinstance(responses, Mapping) and responses:
            return cls.from_responses(responses)
        return project()

    def texts(self, name: str) -> tuple[str, ...]:
        """Every variation of the response `name`."""
        if name not in self.variations:
            raise MissingPhrase(name)
        return self.variations[name]


@lru_cache(maxsize=1)
def project() -> Phrasebook:
    """The project's domain.yml responses (read once)."""
    data = yaml.safe_load(DOMAIN.read_text(encoding="utf-8")) or {}
    return Phrasebook.from_responses(data.get("responses") or {})


@dataclass(frozen=True)
class Voice:
    """How one turn speaks: the phrasebook, and what the assistant already said."""

    phrases: Phrasebook = field(default_factory=project)
    said: Sequence[str] = ()

    @classmethod
    def of(cls, domain: Mapping[str, Any] | None, events: Iterable[Mapping[str, Any]]) -> Voice:
        """The voice of an action: its domain's responses and the bot texts of the tracker."""
        said = [
            str(event.get("text"))
            for event in events
            if event.get("event") == "bot" and event.get("text")
        ]
        return cls(Phrasebook.from_domain(domain), tuple(said))

    def say(self, name: str, **values: str) -> str:
        """The first variation of `name`, filled in, that no earlier bot message contains."""
        filled = [_fill(text, values) for text in self.phrases.texts(name)]
        for text in filled:
            if not any(text in earlier for earlier in self.said):
                return text
        # Every variation was said: the one said longest ago.
        return min(filled, key=self._last_said)

    def _last_said(self, text: str) -> int:
        return max((i for i, earlier in enumerate(self.said) if text in earlier), default=-1)


def placeholders(text: str) -> set[str]:
    """The {names} a response text fills in."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _fill(text: str, values: Mapping[str, str]) -> str:
    missing = placeholders(text) - set(values)
    if missing:
        raise MissingPhrase(f"{text!r} needs {sorted(missing)}")
    return text.format(**values) if values else text
