"""What the assistant says about privacy: what is kept and for how long, the offer to erase
a conversation's data, and the answer once it is erased. The figures come from settings."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.privacy.erasure import Erased
from bot.privacy.notice import NOTICE_PATH, notice_url
from bot.settings import Settings
from bot.triage.reply import Button, Reply, intent_payload

# The custom payload of the offer to erase: the next "yes" or "no" answers it.
PRIVACY = "privacy"
ERASE = "erase"
ERASE_ASKED: Mapping[str, Any] = {PRIVACY: {"asked": ERASE}}
__all__ = ["NOTICE_PATH", "notice_url"]  # the actions take them from here too


def what_is_kept(settings: Settings) -> str:
    """One paragraph: what is kept, why and for how long."""
    kept = settings.retention
    return (
        "I keep this conversation, including what you tell me about your pain, for "
        f"{_days(kept.conversation_days)} after your last message, so I can pick up where we "
        "left off. If you book or ask for a call back, your name, contact details, postcode "
        "and notes go to the team to arrange the visit, and are kept until "
        f"{_days(kept.booking_days)} after it. Nothing is sold or used for advertising."
    )


def privacy_answer(settings: Settings, team_email: str) -> Reply:
    """For "what do you keep about me?", "is this private?"."""
    return Reply(
        f"{what_is_kept(settings)} You can ask me to delete it at any time (just say "
        f'"delete my data"), or ask {_contact(settings, team_email)} for a copy of what we '
        f"hold. The full privacy notice: {notice_url(settings)}",
        (Button("Delete my data", intent_payload("delete_my_data")),),
    )


def erase_offer(settings: Settings, team_email: str, booked: int) -> Reply:
    """The offer to erase this conversation's data, with what it covers; asks to confirm."""
    bookings = (
        f" and the {_count(booked, 'booking request')} made from it"
        if booked
        else " and any booking or call-back request made from it"
    )
    team_copy = (
        " The team's booking system has its own copy of a booking; "
        f"{_contact(settings, team_email)} can remove that too."
        if booked
        else ""
    )
    return Reply(
        f"I can delete everything I hold from this chat: the conversation itself{bookings}. "
        f"It can't be undone, and I won't remember anything you've told me.{team_copy} "
        "Shall I delete it now?",
        (
            Button("Yes, delete it", intent_payload("affirm")),
            Button("No, keep it", intent_payload("deny")),
        ),
        ERASE_ASKED,
    )


def erased_reply(erased: Erased, settings: Settings) -> Reply:
    """Once erased: what went, and that a new message starts afresh."""
    parts = ["this conversation"]
    if erased.bookings:
        parts.append(_count(erased.bookings, "booking request"))
    if erased.callbacks:
        parts.append(_count(erased.callbacks, "call-back request"))
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return Reply(
        f"Done: I've deleted {listed}. If you write again, we'll start afresh. "
        f"Privacy notice: {notice_url(settings)}"
    )


def kept_reply() -> Reply:
    """When the offer to erase is turned down."""
    return Reply("OK, I haven't deleted anything. What would you like to do next?")


def _contact(settings: Settings, team_email: str) -> str:
    return f"the team at {settings.privacy.contact or team_email}"


def _days(days: int) -> str:
    return "1 day" if days == 1 else f"{days} days"


def _count(count: int, thing: str) -> str:
    return f"the {thing}" if count == 1 else f"the {count} {thing}s"
