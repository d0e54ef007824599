"""bot.nlu.linear_intent: n-gram logistic regression blended with the earlier ranking."""

from __future__ import annotations

import pytest
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.linear_intent import blend, text_of


def test_the_blend_weighs_both_rankings_and_keeps_intents_either_side_knows() -> None:
    ranking = blend(
        {"ask_price": 0.6, "book_session": 0.4},
        [{"name": "book_session", "confidence": 0.9}, {"name": "greet", "confidence": 0.1}],
        weight=0.5,
    )
    scores = {item["name"]: item["confidence"] for item in ranking}
    assert [item["name"] for item in ranking] == ["book_session", "ask_price", "greet"]
    assert scores == pytest.approx({"book_session": 0.65, "ask_price": 0.3, "greet": 0.05})


def test_weight_one_is_the_linear_model_alone() -> None:
    ranking = blend({"thank": 0.7, "goodbye": 0.3}, [{"name": "goodbye", "confidence": 1.0}], 1.0)
    assert ranking[0] == {"name": "thank", "confidence": pytest.approx(0.7)}


def test_trained_component_classifies_unseen_wording_and_survives_persisting(tmp_path) -> None:
    from rasa.engine.graph import ExecutionContext, GraphSchema
    from rasa.engine.storage.local_model_storage import LocalModelStorage
    from rasa.engine.storage.resource import Resource
    from rasa.shared.nlu.training_data.message import Message
    from rasa.shared.nlu.training_data.training_data import TrainingData

    from bot.nlu.linear_intent import LinearIntentClassifier

    storage = LocalModelStorage(tmp_path)
    resource = Resource("linear")
    context = ExecutionContext(GraphSchema({}), "linear")
    examples = [
        Message(data={"text": text, "intent": intent})
        for intent, texts in {
            "ask_price": ["how much is it", "what do you charge", "price of an hour", "cost?"],
            "greet": ["hello there", "hi", "good morning", "hey you"],
        }.items()
        for text in texts
    ]
    trained = LinearIntentClassifier.create({}, storage, resource, context)
    trained.train(TrainingData(examples))
    loaded = LinearIntentClassifier.load({}, storage, resource, context)
    message = Message(data={"text": "how much do you charge for it"})
    loaded.process([message])
    assert message.get("intent")["name"] == "ask_price"
    assert message.get("intent_ranking")[0]["name"] == "ask_price"


@pytest.mark.parametrize(
    ("said", "read"),
    [
        ("Wot shud I do tonite", "what should i do tonight"),
        ("hw do u press it", "how do you press it"),
        ("book me at 2 for 4 of us", "book me at 2 for 4 of us"),  # numbers stay numbers
        ("isn't it 2pm", "isn't it 2pm"),
    ],
)
def test_the_model_reads_text_speak_as_the_words_it_stands_for(said: str, read: str) -> None:
    assert text_of(Message({"text": said})) == read
