"""What every evaluation needs of its test set: a digest of its files, and its leakage.

`leakage` counts the test messages at 0.85 or more similar (rapidfuzz ratio, after
rapidfuzz's default processing) to a reference text: a training example of `data/nlu`
(`training_texts`, read by Rasa's own loader, as training reads them) or a lexicon term.
Every report carries it, and it must be 0. `set_hash` says which version of a set a
report was made from.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

LEAKAGE_RATIO = 85.0
LEAKED_SHOWN = 400


def leakage(texts: Iterable[str], references: Sequence[str]) -> dict[str, Any]:
    """Test messages at `LEAKAGE_RATIO` or more similar to a reference (training or lexicon)."""
    from rapidfuzz import fuzz, process, utils

    choices = [utils.default_process(reference) for reference in references]
    exact = {reference.strip().lower(): reference for reference in references}
    leaked = []
    for text in texts:
        processed = utils.default_process(text)
        if not processed:  # only emoji or punctuation: nothing to compare but the text itself
            if text.strip().lower() in exact:
                leaked.append(
                    {"text": text, "similar_to": exact[text.strip().lower()], "ratio": 100.0}
                )
            continue
        found = process.extractOne(
            processed, choices, scorer=fuzz.ratio, score_cutoff=LEAKAGE_RATIO
        )
        if found:
            leaked.append({"text": text, "similar_to": references[found[2]], "ratio": found[1]})
    return {"leakage": len(leaked), "leaked": leaked[:LEAKED_SHOWN]}


def training_texts(directory: Path) -> list[str]:
    """The example texts of the NLU training files, read by Rasa's own loader (as training does)."""
    from rasa.shared.nlu.constants import TEXT
    from rasa.shared.nlu.training_data.loading import load_data

    return [
        message.get(TEXT)
        for message in load_data(str(directory)).training_examples
        if message.get(TEXT)
    ]


def set_hash(directory: Path) -> str:
    """A digest of the safety set's files (names and bytes)."""
    digest = hashlib.sha256()
    for path in sorted(directory.glob("*.yml")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()
