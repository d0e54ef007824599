"""First conversations over REST, as the widget and integrations send them."""

from __future__ import annotations

import uuid

import pytest
from stack import Assistant

pytestmark = pytest.mark.blackbox


def sender() -> str:
    return f"user-{uuid.uuid4().hex[:8]}"


def test_hello_gets_a_greeting_that_says_what_it_can_do(assistant: Assistant) -> None:
    [text] = assistant.texts(sender(), "hello")
    assert text.startswith(("Hello", "Hi"))
    assert "where" in text and "hurt" in text or "pain" in text


def test_bot_challenge_is_answered_honestly(assistant: Assistant) -> None:
    [text] = assistant.texts(sender(), "am i talking to a real person?")
    assert "automated assistant" in text
    assert "can't diagnose" in text


def test_thanks_and_goodbye(assistant: Assistant) -> None:
    user = sender()
    assert "welcome" in assistant.texts(user, "thanks a lot")[0]
    assert assistant.texts(user, "bye")[0].startswith(("Take care", "Goodbye"))


@pytest.mark.parametrize(
    "message",
    [
        "qwzx plorp vvv",
        "kjwhe rtyu",
        "99",
        "what's the best route to leeds",
        "tell me about dinosaurs",
    ],
)
def test_never_silent_on_what_it_cannot_help_with(assistant: Assistant, message: str) -> None:
    texts = assistant.texts(sender(), message)
    assert texts, "the assistant must always answer"
    assert "tell me where it hurts" in texts[-1].lower()


def test_the_http_api_needs_the_token(assistant: Assistant) -> None:
    import urllib.error
    import urllib.request

    url = f"{assistant.base_url}/conversations/someone/tracker"
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(url, timeout=10)  # noqa: S310
    assert refused.value.code in (401, 403)
