"""What the conversation has established (zones, side, triggers), and how a message updates it.

The slots hold the state between turns; `TriageState.from_slots` and `as_slots` are the
only places that know the slot names (they match domain.yml).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from bot.kb.query import ReferralKB
from bot.safety import NEGATED_ROLE, RED_FLAG_ENTITY

ZONE_ENTITY = "body_zone"
SIDE_ENTITY = "side"
TRIGGER_ENTITY = "trigger"
SIDES = ("left", "right", "both")
MAX_ZONES = 3

ZONES_SLOT = "body_zones"
SIDE_SLOT = "side"
TRIGGERS_SLOT = "triggers"
RED_FLAG_SLOT = "red_flag"
STARTED_SLOT = "triage_started"
SCREENED_SLOT = "screened"
PRECAUTIONS_SLOT = "precautions"
HEALTH_ASKED_SLOT = "health_asked"
PRECAUTION_ENTITY = "precaution"


@dataclass(frozen=True)
class TriageState:
    """Zones (most recent first), side, triggers, any red flag, whether triage has begun, the
    screening questions already answered with nothing dangerous, the health conditions that
    change the advice (`precautions`), and whether the health question has been answered."""

    zones: tuple[str, ...] = ()
    side: str | None = None
    triggers: tuple[str, ...] = ()
    red_flag: str | None = None
    started: bool = False
    screened: tuple[str, ...] = ()
    precautions: tuple[str, ...] = ()
    health_asked: bool = False

    @classmethod
    def from_slots(cls, slots: Mapping[str, Any]) -> TriageState:
        """The state the tracker's slots hold; missing or malformed slots read as empty."""
        side = slots.get(SIDE_SLOT)
        red_flag = slots.get(RED_FLAG_SLOT)
        return cls(
            zones=_strings(slots.get(ZONES_SLOT)),
            side=side if side in SIDES else None,
            triggers=_strings(slots.get(TRIGGERS_SLOT)),
            red_flag=red_flag if isinstance(red_flag, str) and red_flag else None,
            started=slots.get(STARTED_SLOT) is True,
            screened=_strings(slots.get(SCREENED_SLOT)),
            precautions=_strings(slots.get(PRECAUTIONS_SLOT)),
            health_asked=slots.get(HEALTH_ASKED_SLOT) is True,
        )

    def as_slots(self) -> dict[str, Any]:
        """Slot name -> value, as the actions set them."""
        return {
            ZONES_SLOT: list(self.zones),
            SIDE_SLOT: self.side,
            TRIGGERS_SLOT: list(self.triggers),
            RED_FLAG_SLOT: self.red_flag,
            STARTED_SLOT: self.started,
            SCREENED_SLOT: list(self.screened),
            PRECAUTIONS_SLOT: list(self.precautions),
            HEALTH_ASKED_SLOT: self.health_asked,
        }

    def changed_slots(self, before: Mapping[str, Any]) -> dict[str, Any]:
        """The slots whose value differs from `before` (the tracker's slots)."""
        previous = TriageState.from_slots(before).as_slots()
        return {name: value for name, value in self.as_slots().items() if previous[name] != value}


@dataclass(frozen=True)
class Mentions:
    """What one message names: zones (and zones it says it is *not*), side, triggers, red flags,
    and health conditions (the health question's buttons)."""

    zones: tuple[str, ...] = ()
    negated_zones: tuple[str, ...] = ()
    side: str | None = None
    triggers: tuple[str, ...] = ()
    red_flags: tuple[str, ...] = ()
    precautions: tuple[str, ...] = ()

    @classmethod
    def from_entities(cls, entities: Iterable[Mapping[str, Any]]) -> Mentions:
        """Read Rasa entities (`latest_message["entities"]`), in message order, once each."""
        found: dict[str, list[str]] = {
            "zone": [], "negated": [], "trigger": [], "red_flag": [], "precaution": []
        }  # fmt: skip
        side = None
        for entity in entities:
            value = entity.get("value")
            if not isinstance(value, str) or not value:
                continue
            kind = entity.get("entity")
            if kind == ZONE_ENTITY:
                found["negated" if entity.get("role") == NEGATED_ROLE else "zone"].append(value)
            elif kind == SIDE_ENTITY and value in SIDES and entity.get("role") != NEGATED_ROLE:
                side = value
            elif kind == TRIGGER_ENTITY and entity.get("role") != NEGATED_ROLE:
                # "no fall, no accident": a denied cause is not what set the pain off.
                found["trigger"].append(value)
            elif kind == RED_FLAG_ENTITY and entity.get("role") != NEGATED_ROLE:
                found["red_flag"].append(value)
            elif kind == PRECAUTION_ENTITY:
                found["precaution"].append(value)
        unique = {key: tuple(dict.fromkeys(values)) for key, values in found.items()}
        return cls(
            zones=tuple(zone for zone in unique["zone"] if zone not in unique["negated"]),
            negated_zones=unique["negated"],
            side=side,
            triggers=unique["trigger"],
            red_flags=unique["red_flag"],
            precautions=unique["precaution"],
        )

    @property
    def names_place(self) -> bool:
        """Whether the message says anything about where it hurts (or where it does not)."""
        return bool(self.zones or self.negated_zones)


def remember(kb: ReferralKB, state: TriageState, said: Mentions) -> TriageState:
    """The state after a message: corrections applied, zones and triggers combined.

    Zones the message negates (and zones inside them) are forgotten; a zone inside a
    remembered broader zone ("calf" after "leg") replaces it; a zone that only broadens a
    remembered one is ignored; other zones are added, most recent first, keeping
    `MAX_ZONES`. The latest side wins. Triggers accumulate. Ids the knowledge base does
    not know are dropped.
    """
    zones = [
        zone
        for zone in state.zones
        if kb.zone(zone) and not {zone, *ancestors(kb, zone)} & set(said.negated_zones)
    ]
    new = [zone for zone in said.zones if kb.zone(zone)]
    for zone in new:
        lineage = ancestors(kb, zone)
        zones = [kept for kept in zones if kept not in lineage]
    added = [zone for zone in new if not any(zone in ancestors(kb, kept) for kept in zones)]
    zones = list(dict.fromkeys([*added, *zones]))[:MAX_ZONES]
    triggers = [trigger for trigger in (*state.triggers, *said.triggers) if kb.trigger(trigger)]
    return replace(
        state,
        zones=tuple(zones),
        side=said.side or state.side,
        triggers=tuple(dict.fromkeys(triggers)),
    )


def ancestors(kb: ReferralKB, zone_id: str) -> set[str]:
    """The broader zones above `zone_id`."""
    found: set[str] = set()
    zone = kb.zone(zone_id)
    while zone is not None and zone.parent and zone.parent not in found:
        found.add(zone.parent)
        zone = kb.zone(zone.parent)
    return found


def within(kb: ReferralKB, zones: Iterable[str], area: Collection[str]) -> list[str]:
    """The `zones`, in order, that are in `area` or inside one of its zones."""
    return [zone for zone in zones if {zone, *ancestors(kb, zone)} & set(area)]


def _strings(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list | tuple):
        return ()
    return tuple(dict.fromkeys(item for item in value if isinstance(item, str) and item))
