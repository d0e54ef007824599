"""Twilio SMS and WhatsApp: form-encoded webhooks in, numbered text out via the REST API."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable

import pytest
from connectors_stack import TWILIO_NUMBER, TWILIO_SID, WHATSAPP_NUMBER, Connected
from fake_providers import Call

pytestmark = pytest.mark.blackbox

SMS = "/webhooks/twilio/webhook"
WHATSAPP = "/webhooks/twilio_whatsapp/webhook"


def a_mobile() -> str:
    return "+4477009" + str(uuid.uuid4().int)[:5]


def sms_to(person: str) -> Callable[[Call], bool]:
    def accept(call: Call) -> bool:
        return (
            call.app == "twilio"
            and call.path == f"/2010-04-01/Accounts/{TWILIO_SID}/Messages.json"
            and call.body.get("To") == person
        )

    return accept


def text_message(
    connected: Connected, person: str, text: str, path: str = SMS, to: str = TWILIO_NUMBER
) -> str:
    """Send `text` from `person` like Twilio does; every message the assistant sent back."""
    before = len(connected.fake.wait_for(sms_to(person), count=0, timeout=0))
    form = {"From": person, "To": to, "Body": text, "MessageSid": f"SM{uuid.uuid4().hex}"}
    status, _ = connected.post_twilio(path, form)
    assert status == 204
    sent = connected.fake.wait_for(sms_to(person), count=before + 1, timeout=30)[before:]
    assert sent, f"no message to {person} after {text!r}"
    assert {call.body["From"] for call in sent} == {to}
    return "\n\n".join(call.body["Body"] for call in sent)


def numbers_in(reply: str) -> dict[str, str]:
    """{option title: its number} from the numbered lines of a reply."""
    lines = [line.split(". ", 1) for line in reply.splitlines() if line[:1].isdigit()]
    return {title: number for number, title in lines}


def last_intent(connected: Connected, sender: str) -> str:
    """The intent of the latest user turn Rasa recorded for `sender`."""
    conversation = sender if sender.startswith("whatsapp:") else f"sms:{sender}"
    events = connected.assistant.tracker(conversation, None)["events"]
    return str([e for e in events if e["event"] == "user"][-1]["parse_data"]["intent"]["name"])


def test_sms_reply_names_the_muscle_and_numbers_the_buttons(connected: Connected) -> None:
    reply = text_message(connected, a_mobile(), "my temples ache")
    assert "upper trapezius" in reply.lower()
    assert {"Care tips", "Stretches", "Book a session"} <= set(numbers_in(reply))
    assert "Reply with a number." in reply
    assert "/care_tips" not in reply  # payloads never reach the person


def test_sms_reply_with_a_number_picks_that_option(connected: Connected) -> None:
    person = a_mobile()
    numbers = numbers_in(text_message(connected, person, "my temples ache"))
    text_message(connected, person, numbers["Stretches"])
    assert last_intent(connected, person) == "ask_stretches"


def test_sms_number_out_of_range_lists_the_options_and_loses_nothing(
    connected: Connected,
) -> None:
    person = a_mobile()
    numbers = numbers_in(text_message(connected, person, "my temples ache"))
    intent = last_intent(connected, person)
    wrong = text_message(connected, person, "9")
    assert "9 isn't one of the options" in wrong
    assert f"{numbers['Care tips']}. Care tips" in wrong
    assert last_intent(connected, person) == intent  # Rasa never saw the "9"
    text_message(connected, person, f"option {numbers['Care tips']}")
    assert last_intent(connected, person) == "care_tips"


def test_whatsapp_answers_from_the_whatsapp_number(connected: Connected) -> None:
    person = "whatsapp:" + a_mobile()
    reply = text_message(connected, person, "hello", WHATSAPP, f"whatsapp:{WHATSAPP_NUMBER}")
    assert reply.startswith(("Hi", "Hello"))
    numbers = numbers_in(
        text_message(connected, person, "my temples ache", WHATSAPP, f"whatsapp:{WHATSAPP_NUMBER}")
    )
    text_message(connected, person, numbers["Care tips"], WHATSAPP, f"whatsapp:{WHATSAPP_NUMBER}")
    assert last_intent(connected, person) == "care_tips"


def test_a_webhook_not_signed_by_twilio_is_refused(connected: Connected) -> None:
    person = a_mobile()
    form = {"From": person, "To": TWILIO_NUMBER, "Body": "hello", "MessageSid": "SM1"}
    assert connected.post_twilio(SMS, form, auth_token="not-the-auth-token")[0] == 403
    assert connected.post_twilio(WHATSAPP, form, auth_token="not-the-auth-token")[0] == 403
    time.sleep(2)
    assert connected.fake.wait_for(sms_to(person), timeout=0) == []


def test_a_rest_post_with_a_texters_number_reaches_a_conversation_of_its_own(
    connected: Connected,
) -> None:
    person = a_mobile()
    text_message(connected, person, "my temples ache")
    # Anyone who can reach the REST webhook may post as that number: it is another person.
    connected.assistant.texts(person, "what did I just tell you?")
    sms = [
        e["text"]
        for e in connected.assistant.tracker(person, "sms")["events"]
        if e["event"] == "user"
    ]
    rest = [
        e["text"] for e in connected.assistant.tracker(person)["events"] if e["event"] == "user"
    ]
    assert sms == ["my temples ache"]
    assert rest == ["what did I just tell you?"]
    assert connected.fake.wait_for(sms_to(person), timeout=0)  # the texter still got answers


def test_rest_still_answers_with_every_app_on(connected: Connected) -> None:
    # The apps' request checks must not touch the other channels' webhooks.
    assert connected.assistant.texts(f"rest-{uuid.uuid4().hex[:8]}", "hello")[0].startswith(
        ("Hi", "Hello")
    )
