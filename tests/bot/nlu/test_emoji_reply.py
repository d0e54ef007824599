"""bot.nlu.emoji and EmojiReply: an emoji-only yes or no."""

from __future__ import annotations

from bot.nlu.emoji import reply_of, without_words


def test_thumbs_and_checks_say_yes_or_no_other_emoji_and_words_say_nothing() -> None:
    assert reply_of("👍") == "affirm"
    assert reply_of("👍👍 ") == "affirm"
    assert reply_of("✅") == "affirm"
    assert reply_of("👎") == "deny"
    assert reply_of("❌") == "deny"
    assert reply_of("🍕🍕") is None
    assert reply_of("👍👎") is None
    assert reply_of("👍 but my knee hurts") is None
    assert reply_of("") is None
    assert without_words("🙃 ?!") and not without_words("ok 👍")


def test_the_component_makes_a_thumbs_up_affirm() -> None:
    from rasa.shared.nlu.training_data.message import Message

    from bot.nlu.emoji_reply import EmojiReply

    thumbs, pizza = Message(data={"text": "👍"}), Message(data={"text": "🍕"})
    for message in (thumbs, pizza):
        message.set("intent", {"name": "nlu_fallback", "confidence": 0.3})
        message.set("intent_ranking", [{"name": "nlu_fallback", "confidence": 0.3}])
    EmojiReply().process([thumbs, pizza])
    assert thumbs.get("intent")["name"] == "affirm"
    assert pizza.get("intent")["name"] == "nlu_fallback"
