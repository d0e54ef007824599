from __future__ import annotations

import pytest

from bot.kb.explain import why


@pytest.mark.parametrize(
    ("args", "sentence"),
    [
        pytest.param(
            ("Soleus", "Under the gastrocnemius in the lower half of the calf.", ["Heel"], []),
            "Trigger points in the soleus, under the gastrocnemius in the lower half of the calf, "
            "often send pain to the heel.",
            id="primary only",
        ),
        pytest.param(
            ("Upper trapezius", "Along the top of the shoulder, neck to tip.", ["Temple"], ["Jaw"]),
            "Trigger points in the upper trapezius, along the top of the shoulder, often send "
            "pain to the temple, and sometimes spill over to the jaw.",
            id="primary and spillover",
        ),
        pytest.param(
            (
                "Masseter",
                "On the side of the jaw; it bulges when you clench.",
                [],
                ["Ear", "Teeth"],
            ),
            "Trigger points in the masseter, on the side of the jaw, can spill pain over to the "
            "ear and the teeth.",
            id="spillover only",
        ),
        pytest.param(
            (
                "Levator scapulae",
                "Runs from the neck to the shoulder blade.",
                ["Side of the neck"],
                [],
            ),
            "Trigger points in the levator scapulae, running from the neck to the shoulder blade, "
            "often send pain to the side of the neck.",
            id="location starting with a verb",
        ),
        pytest.param(
            (
                "Sartorius",
                "A long, thin muscle across the thigh, from hip to knee.",
                ["Inner knee"],
                [],
            ),
            "Trigger points in the sartorius, a long, thin muscle across the thigh, often send "
            "pain to the inner knee.",
            id="comma inside the noun phrase",
        ),
        pytest.param(
            ("Sternocleidomastoid (sternal division)", "", ["Temple (side of the head)"], []),
            "Trigger points in the sternocleidomastoid often send pain to the temple.",
            id="no location and parentheses dropped",
        ),
        pytest.param(
            ("Soleus", "x" * 121, ["Achilles and back of the heel"], [], ["Running"]),
            "Trigger points in the soleus often send pain to the Achilles and back of the heel; "
            "they are typically brought on by running.",
            id="too long a location is left out, names keep their capital",
        ),
        pytest.param(
            ("Deltoid", "The cap of the shoulder.", ["Shoulder"], [], ["Injury: falls", "Sport"]),
            "Trigger points in the deltoid, the cap of the shoulder, often send pain to the "
            "shoulder; they are typically brought on by injury and sport.",
            id="triggers",
        ),
    ],
)
def test_why(args: tuple, sentence: str) -> None:
    assert why(*args) == sentence
