"""Merge the reader's mentions with the entities an earlier extractor (DIET) found.

For the entity types the reader owns (body_zone, side, trigger, red_flag): an earlier
entity that overlaps any span the reader claimed is dropped, since the reader gives the
canonical value there; one that does not overlap is kept only if its value is a
canonical id (a DIET guess such as "shoulders" is not). One exception: an earlier zone
that covers more words than the reader's zones inside it, and names a zone narrower than
all of them, replaces them ("head at the sides": temple, not head). In a red-flag message
only red flags are kept. Other entity types pass through untouched. No entity appears
twice (same type, value, role and span).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from bot.nlu.reader import Mention, Reading
from bot.nlu.vocabulary import RED_FLAG, ZONE


def merge(
    earlier: Iterable[Mapping[str, Any]],
    reading: Reading,
    canonical: Mapping[str, frozenset[str]],
    extractor: str,
    ancestors: Mapping[str, tuple[str, ...]] | None = None,
) -> list[dict[str, Any]]:
    """The entities to keep, in text order (see the module docstring).

    `canonical` maps each entity type the reader owns to its known values; `ancestors`
    maps a zone id to its broader zones.
    """
    kept: list[dict[str, Any]] = []
    replaced: set[Mention] = set()
    for entity in earlier:
        kind = str(entity.get("entity"))
        if kind not in canonical:
            kept.append(dict(entity))
            continue
        if entity.get("value") not in canonical[kind]:
            continue
        if reading.red_flag_message and kind != RED_FLAG:
            continue
        if not _overlaps(entity, reading.claimed):
            kept.append(dict(entity))
            continue
        narrower_than = _replaces(entity, reading, ancestors or {})
        if narrower_than:
            replaced.update(narrower_than)
            kept.append(dict(entity))
    kept += [m.as_entity(extractor) for m in reading.mentions if m not in replaced]
    unique: dict[tuple[Any, ...], dict[str, Any]] = {}
    for entity in kept:
        key = (
            entity.get("entity"),
            entity.get("value"),
            entity.get("role"),
            entity.get("start"),
            entity.get("end"),
        )
        unique.setdefault(key, entity)
    return sorted(
        unique.values(), key=lambda entity: (entity.get("start") or 0, entity.get("end") or 0)
    )


def _replaces(
    entity: Mapping[str, Any], reading: Reading, ancestors: Mapping[str, tuple[str, ...]]
) -> list[Mention]:
    """The reader's zones a wider, narrower earlier zone replaces; empty if it replaces none."""
    if entity.get("entity") != ZONE:
        return []
    start, end, value = entity.get("start"), entity.get("end"), entity.get("value")
    if start is None or end is None:
        return []
    inside = [
        mention
        for mention in reading.mentions
        if mention.entity == ZONE and start <= mention.start and mention.end <= end
    ]
    covered = {(mention.start, mention.end) for mention in inside}
    overlapping = {span for span in reading.claimed if _overlaps(entity, [span])}
    if (
        not inside
        or overlapping != covered
        or any((m.start, m.end) == (start, end) for m in inside)
        or not all(m.value in ancestors.get(str(value), ()) for m in inside)
    ):
        return []
    return inside


def _overlaps(entity: Mapping[str, Any], spans: Iterable[tuple[int, int]]) -> bool:
    start, end = entity.get("start"), entity.get("end")
    if start is None or end is None:
        return False
    return any(start < span_end and span_start < end for span_start, span_end in spans)
