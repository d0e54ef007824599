"""Where a pain is felt, in a question about where it comes from.

"How can my knee pain come from my hip?" names two places: the knee, where it hurts, and
the hip, where the person was told it comes from. Explaining the sources of both would
answer a question nobody asked; the place after "from" is the supposed source, and the
answer explains the place the pain is felt (whose sources, with where to find them, say
how a knot elsewhere can cause it).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from bot.safety import NEGATED_ROLE
from bot.triage.state import ZONE_ENTITY

# "from my hip", "from the thigh muscles", "coming from higher up in my back"
_FROM = re.compile(r"\bfrom\s+(?:(?:my|the|your|a|higher|lower|further|up|down|in)\s+){0,4}$")


def felt_zones(text: str, entities: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """The entities without the zones named as the source ("from my hip"), as long as
    another asserted zone is left (the place it is felt); otherwise all of them."""

    def is_source(entity: Mapping[str, Any]) -> bool:
        start = entity.get("start")
        return (
            entity.get("entity") == ZONE_ENTITY
            and entity.get("role") != NEGATED_ROLE
            and isinstance(start, int)
            and bool(_FROM.search(text[:start].lower()))
        )

    sources = [entity for entity in entities if is_source(entity)]
    felt = [
        entity
        for entity in entities
        if entity.get("entity") == ZONE_ENTITY
        and entity.get("role") != NEGATED_ROLE
        and entity not in sources
    ]
    if not sources or not felt:
        return list(entities)
    return [entity for entity in entities if entity not in sources]
