"""The real English words that the safety terms' typo correction must leave alone.

Worked out once when the knowledge base is built, from the same frequent words the
phrasing typo corrector protects (`bot.nlu.typos.common_english_words`): a frequent word
one slip from a term word ("smell" from "swell", "heat" from "heart") is a word, not a
typo, so messages are read with it as written.
"""

from __future__ import annotations

import dataclasses

from bot.nlu.typos import common_english_words
from bot.safety.rules import SafetyRules
from bot.safety.terms import TermIndex


def with_real_words(rules: SafetyRules) -> SafetyRules:
    """`rules` with `never_correct` set to the frequent words its terms are near."""
    index = TermIndex(
        (("", term) for concept in rules.concepts for term in concept.terms),
    )
    context = TermIndex(
        ("", term) for trigger in rules.context for term in rules.expanded_terms(trigger)
    )
    # A word one index knows ("certain", in "not certain") is still a real word to the other
    # ("curtain"): each index must leave it alone.
    near = {
        word
        for word in common_english_words() | index.vocabulary | context.vocabulary
        if index.corrected(word) != word or context.corrected(word) != word
    }
    return dataclasses.replace(rules, never_correct=frozenset(near))
