"""The real English words that the safety terms' typo correction must leave alone.

Worked out once when the knowledge base is built, from the word frequencies in
`spacy-lookups-data`: a frequent word one slip from a term word ("smell" from "swell",
"heat" from "heart") is a word, not a typo, so messages are read with it as written.
"""

from __future__ import annotations

import dataclasses
from typing import cast

from bot.safety.rules import SafetyRules
from bot.safety.terms import TermIndex

COMMON_WORD_LOG_PROB = -17.0


def with_real_words(rules: SafetyRules) -> SafetyRules:
    """`rules` with `never_correct` set to the frequent words its terms are near."""
    import spacy_lookups_data
    from spacy.util import load_language_data

    frequencies = cast("dict[str, float]", load_language_data(spacy_lookups_data.en["lexeme_prob"]))
    index = TermIndex(
        (("", term) for concept in rules.concepts for term in concept.terms),
    )
    context = TermIndex(
        ("", term) for trigger in rules.context for term in rules.expanded_terms(trigger)
    )
    known = index.vocabulary | context.vocabulary
    near = {
        word
        for word, log_prob in frequencies.items()
        if log_prob > COMMON_WORD_LOG_PROB
        and word.isalpha()
        and word.islower()
        and word not in known
        and (index.corrected(word) != word or context.corrected(word) != word)
    }
    return dataclasses.replace(rules, never_correct=frozenset(near))
