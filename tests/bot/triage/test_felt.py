"""bot.triage.felt: the place a pain is felt, in a question about where it comes from."""

from __future__ import annotations

from bot.triage.felt import felt_zones


def zone(text: str, word: str, value: str, role: str | None = None) -> dict[str, object]:
    start = text.index(word)
    entity: dict[str, object] = {
        "entity": "body_zone",
        "value": value,
        "start": start,
        "end": start + len(word),
    }
    if role:
        entity["role"] = role
    return entity


def values(entities: list) -> list[str]:
    return [e["value"] for e in entities if e.get("entity") == "body_zone"]


def test_the_place_after_from_is_the_supposed_source_not_where_it_hurts() -> None:
    text = "how can the ache in my knee be coming from my hip"
    said = [zone(text, "knee", "knee"), zone(text, "hip", "hip")]
    assert values(felt_zones(text, said)) == ["knee"]
    told = "physio reckons it comes from the thigh muscles but its my kneecap that hurts"
    said = [zone(told, "thigh", "thigh"), zone(told, "kneecap", "kneecap")]
    assert values(felt_zones(told, said)) == ["kneecap"]


def test_with_no_other_place_nothing_is_taken_away() -> None:
    text = "can pain really come from my neck"
    said = [zone(text, "neck", "neck")]
    assert values(felt_zones(text, said)) == ["neck"]
    denied = "my shin, not my knee, why would it come from the calf"
    said = [
        zone(denied, "shin", "shin"),
        zone(denied, "knee", "knee", "negated"),
        zone(denied, "calf", "calf"),
    ]
    assert values(felt_zones(denied, said)) == ["shin", "knee"]
