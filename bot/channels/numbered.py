"""Buttons as numbered options, for chat apps that only carry text (SMS, WhatsApp).

A text-only channel cannot show the triage reply's buttons ("Care tips", "Book a
session", the zones to choose from), so they are written under the text as numbered
lines and the person answers with the number. This module is the pure part: how the
options read, and what a reply means given the options last offered to that person.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

HINT = "Reply with a number."

# "2", "2.", "#2", "no. 2", "option 2", "number 2)": a person picking the second option.
_CHOICE = re.compile(r"^\s*(?:option|number|no\.?|#)?\s*(\d{1,4})\s*[.)]?\s*$", re.IGNORECASE)
_LEADING_NUMBER = re.compile(r"^\s*(\d+)\b")


@dataclass(frozen=True)
class Option:
    """One numbered option: its title as offered and the payload it stands for."""

    title: str
    payload: str


@dataclass(frozen=True)
class Choice:
    """What a reply to numbered options means.

    `text` is what Rasa should receive (the option's payload, or the reply unchanged);
    `problem` is set instead when the reply was a number that is not on offer, so the
    person is told the valid numbers and their options stay as they were.
    """

    text: str | None
    problem: str | None = None


def split_buttons(buttons: Iterable[Mapping[str, Any]]) -> tuple[list[Option], list[Option]]:
    """(options to number, links) from Rasa's button dicts.

    A link button opens a page, so on a text channel it is the URL itself, not a number
    to send back; every other button becomes a numbered option.
    """
    options: list[Option] = []
    links: list[Option] = []
    for button in buttons:
        title = str(button.get("title", "")).strip()
        url = button.get("url")
        if url:
            links.append(Option(title, str(url)))
        else:
            options.append(Option(title, str(button.get("payload", title))))
    return options, links


def render(text: str, buttons: Iterable[Mapping[str, Any]]) -> tuple[str, list[Option]]:
    """The message text with its buttons written out, and the options it numbered.

    "1. Temples" ... one per line under the text, then the hint; links as "Title: URL".
    """
    options, links = split_buttons(buttons)
    lines = [text.strip()] if text.strip() else []
    lines += [f"{number}. {option.title}" for number, option in enumerate(options, 1)]
    if options:
        lines.append(HINT)
    lines += [f"{link.title}: {link.payload}" for link in links]
    # Single line breaks: channels send each "\n\n" paragraph as a message of its own,
    # and the question should arrive together with its options.
    return "\n".join(lines), options


def valid_numbers(count: int) -> str:
    """'1, 2 or 3' for three options."""
    numbers = [str(number) for number in range(1, count + 1)]
    return numbers[0] if len(numbers) == 1 else f"{', '.join(numbers[:-1])} or {numbers[-1]}"


def choose(reply: str, options: Sequence[Option]) -> Choice:
    """What `reply` means when `options` were the last ones offered to this person.

    A number in range picks that option; the exact title of an option picks it too, and
    so does a bare number that starts exactly one title ("90" for "90 minutes"). Any
    other number is a problem listing the valid ones; any other text passes unchanged.
    """
    if not options:
        return Choice(reply)
    wanted = reply.strip().casefold()
    for option in options:
        if option.title.casefold() == wanted:
            return Choice(option.payload)
    match = _CHOICE.match(reply)
    if match is None:
        return Choice(reply)
    number = int(match.group(1))
    if 1 <= number <= len(options):
        return Choice(options[number - 1].payload)
    titled = [option for option in options if _leading_number(option.title) == number]
    if len(titled) == 1:
        return Choice(titled[0].payload)
    listing = "\n".join(f"{index}. {option.title}" for index, option in enumerate(options, 1))
    return Choice(
        None,
        f"Sorry, {number} isn't one of the options. Please reply with "
        f"{valid_numbers(len(options))}:\n{listing}",
    )


def _leading_number(title: str) -> int | None:
    match = _LEADING_NUMBER.match(title)
    return int(match.group(1)) if match else None
