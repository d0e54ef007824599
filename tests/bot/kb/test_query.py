from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.kb import builder
from bot.kb.query import (
    CareAdvice,
    KBUnavailable,
    MuscleCare,
    RedFlag,
    RedFlagMatch,
    Referral,
    ReferralKB,
    Source,
    Stats,
    Trigger,
    TriggerCredit,
    TriggerMatch,
    TriggerMuscle,
    UnknownIdError,
    ZoneCredit,
    ZoneMatch,
)


def ranking(kb: ReferralKB, zones: list[str], triggers: tuple[str, ...] = ()) -> list[tuple]:
    return [(source.id, source.score) for source in kb.sources_for(zones, triggers)]


# resolve_zones


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        pytest.param(
            "my temples ache",
            [ZoneMatch("temple", "Temple", (3, 10), "temples", "phrase", 1.0)],
            id="plural phrasing",
        ),
        pytest.param(
            "my calves hurt",
            [ZoneMatch("calf", "Calf", (3, 9), "calf", "lemma", 0.9)],
            id="plural by lemma",
        ),
        pytest.param(
            "pain down the back of my left leg",
            [
                ZoneMatch(
                    "back_of_thigh", "Back of thigh", (14, 33), "back of my leg", "phrase", 1.0
                )
            ],
            id="longest match beats leg",
        ),
        pytest.param(
            "shouldr blade",
            [
                ZoneMatch(
                    "shoulder_blade", "Shoulder blade", (0, 13), "shoulder blade", "fuzzy", 0.831
                )
            ],
            id="typo",
        ),
        pytest.param(
            "Tempel",
            [ZoneMatch("temple", "Temple", (0, 6), "temple", "fuzzy", 0.75)],
            id="swapped letters",
        ),
        pytest.param(
            "ache on the side of my head",
            [ZoneMatch("temple", "Temple", (12, 27), "side of my head", "phrase", 1.0)],
            id="prefer_over decides a shared phrasing",
        ),
        pytest.param(
            "The outside of my thigh, and my calf.",
            [
                ZoneMatch(
                    "outer_thigh", "Outer thigh", (4, 23), "outside of my thigh", "phrase", 1.0
                ),
                ZoneMatch("calf", "Calf", (32, 36), "calf", "phrase", 1.0),
            ],
            id="two zones in text order",
        ),
        pytest.param(
            "my head hurts at the temples",
            [ZoneMatch("temple", "Temple", (21, 28), "temples", "phrase", 1.0)],
            id="a narrower zone hides its broader one",
        ),
        pytest.param("the cut never heals", [], id="a real word is not a typo"),
        pytest.param("it hurts", [], id="no zone"),
    ],
)
def test_resolve_zones(kb: ReferralKB, said: str, expected: list[ZoneMatch]) -> None:
    assert kb.resolve_zones(said) == expected


def test_a_zone_named_twice_is_reported_once(kb: ReferralKB) -> None:
    assert [match.zone_id for match in kb.resolve_zones("neck, then more neck")] == ["neck"]


# sources_for


def test_sources_for_gives_whole_ranked_sources(kb: ReferralKB) -> None:
    assert kb.sources_for(["jaw"], side="left") == [
        Source(
            id="masseter",
            name="Masseter",
            score=1.0,
            zones=(ZoneCredit("jaw", "Jaw", "primary", "jaw", 1.0, "travell_simons", None),),
            triggers=(),
            why="Trigger points in the masseter, on the side of the jaw below the cheekbone, "
            "often send pain to the jaw.",
            side="left",
        ),
        Source(
            id="upper_trapezius",
            name="Upper trapezius",
            score=0.5,
            zones=(
                ZoneCredit(
                    "jaw", "Jaw", "spillover", "jaw", 0.5, "travell_simons", "angle of the jaw"
                ),
            ),
            triggers=(),
            why="Trigger points in the upper trapezius, along the top of the shoulder, "
            "can spill pain over to the jaw.",
            side="left",
        ),
    ]


def test_primary_outranks_spillover(kb: ReferralKB) -> None:
    # the two primaries tie; the upper trapezius wins it, as desk work loads it
    assert ranking(kb, ["temple"]) == [
        ("upper_trapezius", 1.0),
        ("temporalis", 1.0),
        ("masseter", 0.5),
    ]


def test_more_zones_outrank_fewer(kb: ReferralKB) -> None:
    assert ranking(kb, ["back_of_thigh", "outer_thigh"]) == [
        ("gluteus_minimus", 2.0),
        ("piriformis", 1.0),
    ]


def test_primary_plus_spillover_outranks_primary_alone(kb: ReferralKB) -> None:
    # upper trapezius and masseter tie (one primary, one spill-over, both zones reached);
    # desk work loads the upper trapezius and nothing loads the masseter
    assert ranking(kb, ["temple", "jaw"]) == [
        ("upper_trapezius", 1.5),
        ("masseter", 1.5),
        ("temporalis", 1.0),
    ]


def test_ties_go_to_the_muscle_more_triggers_load(kb: ReferralKB) -> None:
    # both primary for the neck alone; desk work loads the upper trapezius, nothing the
    # levator scapulae, which would come first by name
    assert ranking(kb, ["neck"]) == [("upper_trapezius", 1.0), ("levator_scapulae", 1.0)]


def test_ties_with_as_many_loads_break_by_name(kb: ReferralKB) -> None:
    # both primary for the calf alone, and each loaded by one trigger (running)
    assert ranking(kb, ["calf"]) == [
        ("gastrocnemius", 1.0),
        ("soleus", 1.0),
        ("gluteus_minimus", 0.5),
    ]


def test_a_trigger_lifts_the_muscles_it_loads(kb: ReferralKB) -> None:
    assert ranking(kb, ["neck"], ("desk_work",)) == [
        ("upper_trapezius", 1.25),
        ("levator_scapulae", 1.0),
    ]
    assert ranking(kb, ["calf"], ("running",)) == [
        ("gastrocnemius", 1.25),
        ("soleus", 1.25),
        ("gluteus_minimus", 0.5),
    ]


def test_a_trigger_never_lifts_spillover_above_primary(kb: ReferralKB) -> None:
    assert ranking(kb, ["calf"], ("driving",)) == [
        ("gastrocnemius", 1.0),
        ("soleus", 1.0),
        ("gluteus_minimus", 0.625),
    ]


def test_a_trigger_adds_no_muscle_that_does_not_explain_the_pain(kb: ReferralKB) -> None:
    assert ranking(kb, ["neck"], ("driving",)) == [
        ("upper_trapezius", 1.0),
        ("levator_scapulae", 1.0),
    ]


def test_trigger_credits_and_why_name_the_trigger(kb: ReferralKB) -> None:
    top = kb.sources_for(["temple", "jaw"], ["desk_work"])[0]

    assert top.triggers == (TriggerCredit("desk_work", "Desk work", "davies"),)
    assert top.why == (
        "Trigger points in the upper trapezius, along the top of the shoulder, often send pain "
        "to the temple, and sometimes spill over to the jaw; they are typically brought on by "
        "desk work."
    )


def test_a_narrow_zone_counts_its_parents_referrals_at_half_weight(kb: ReferralKB) -> None:
    sources = kb.sources_for(["side_of_neck"])

    assert [(source.id, source.score) for source in sources] == [
        ("upper_trapezius", 0.5),
        ("levator_scapulae", 0.5),
    ]
    assert sources[0].zones == (
        ZoneCredit("side_of_neck", "Side of neck", "primary", "neck", 0.5, "travell_simons", None),
    )


def test_a_vague_zone_counts_its_children_at_half_weight(kb: ReferralKB) -> None:
    assert kb.is_vague("leg")
    assert [zone.id for zone in kb.children("leg")] == ["back_of_thigh", "outer_thigh", "calf"]
    ranked = [(source.id, source.score) for source in kb.sources_for(["leg"])]
    # all primary somewhere in the leg (0.5 each); gluteus minimus reaches three sub-zones;
    # the others reach one and are loaded by one trigger each, so go by name
    assert ranked == [
        ("gluteus_minimus", 0.5),
        ("gastrocnemius", 0.5),
        ("piriformis", 0.5),
        ("soleus", 0.5),
    ]
    assert not kb.is_vague("calf")
    assert kb.children("calf") == []


PIRIFORMIS_THIGH = "piriformis,back_of_thigh,primary,travell_simons,\n"
BOOK = "piriformis,back_of_thigh,spillover,travell_simons,book\n"
SERVICE = "piriformis,back_of_thigh,primary,service,service guidance\n"


def kb_with(data_dir: Path, tmp_path: Path, edit: Callable[[str, str, str], None], rows: str):
    edit("referrals.csv", PIRIFORMIS_THIGH, rows)
    db_path = tmp_path / "kb.db"
    builder.build(data_dir, db_path)
    return ReferralKB(db_path)


@pytest.mark.parametrize(
    "rows", [BOOK + SERVICE, SERVICE + BOOK], ids=["book first", "service first"]
)
def test_a_zone_recorded_by_two_sources_counts_once_at_the_stronger_kind(
    data_dir: Path, tmp_path: Path, edit: Callable[[str, str, str], None], rows: str
) -> None:
    kb = kb_with(data_dir, tmp_path, edit, rows)

    # as with one primary row: 1.0, not 1.5, and still second to the gluteus minimus
    assert ranking(kb, ["back_of_thigh", "outer_thigh"]) == [
        ("gluteus_minimus", 2.0),
        ("piriformis", 1.0),
    ]
    piriformis = kb.sources_for(["back_of_thigh"])[1]
    assert piriformis.id == "piriformis"
    assert piriformis.zones == (
        ZoneCredit(
            "back_of_thigh",
            "Back of thigh",
            "primary",
            "back_of_thigh",
            1.0,
            "service",
            "service guidance",
            also=(Referral("piriformis", "back_of_thigh", "spillover", "travell_simons", "book"),),
        ),
    )
    assert piriformis.why == (
        "Trigger points in the piriformis, deep in the buttock, often send pain to the back "
        "of thigh."
    )
    assert [(r.kind, r.source) for r in kb.muscle("piriformis").referrals] == [  # type: ignore[union-attr]
        (line.split(",")[2], line.split(",")[3]) for line in rows.splitlines()
    ]


def test_two_sources_of_the_same_kind_credit_the_first_row(
    data_dir: Path, tmp_path: Path, edit: Callable[[str, str, str], None]
) -> None:
    kb = kb_with(data_dir, tmp_path, edit, PIRIFORMIS_THIGH + SERVICE)

    (credit,) = kb.sources_for(["back_of_thigh"])[1].zones

    assert (credit.kind, credit.source, credit.weight) == ("primary", "travell_simons", 1.0)
    assert credit.also == (
        Referral("piriformis", "back_of_thigh", "primary", "service", "service guidance"),
    )


def test_a_single_source_zone_has_nothing_else(kb: ReferralKB) -> None:
    assert all(credit.also == () for source in kb.sources_for(["calf"]) for credit in source.zones)


def test_limit_and_unknown_ids(kb: ReferralKB) -> None:
    assert [source.id for source in kb.sources_for(["temple"], limit=1)] == ["upper_trapezius"]
    with pytest.raises(UnknownIdError, match="unknown zone id\\(s\\): forehead"):
        kb.sources_for(["forehead"])
    with pytest.raises(UnknownIdError, match="unknown trigger id\\(s\\): gardening"):
        kb.sources_for(["neck"], ["gardening"])


# triggers, red flags, muscles, care


def test_resolve_triggers_and_trigger(kb: ReferralKB) -> None:
    assert kb.resolve_triggers("after long drives and jogging") == [
        TriggerMatch("driving", "Driving", (6, 17), "long drives", "phrase", 1.0),
        TriggerMatch("running", "Running", (22, 29), "jogging", "phrase", 1.0),
    ]
    assert kb.trigger("running") == Trigger(
        id="running",
        name="Running",
        phrasings=("running", "jogging"),
        explanation="Repeated push-off loads the calf.",
        advice="Build mileage slowly.",
        muscles=(
            TriggerMuscle("gastrocnemius", "Gastrocnemius", "davies"),
            TriggerMuscle("soleus", "Soleus", "davies"),
        ),
    )
    assert [trigger.id for trigger in kb.triggers()] == ["desk_work", "running", "driving"]
    assert kb.trigger("gardening") is None


def test_red_flags(kb: ReferralKB) -> None:
    flag = RedFlag(
        id="possible_clot",
        name="Possible blood clot",
        level="urgent",
        area=("calf",),
        advice="Call NHS 111 today.",
        source="service",
    )

    assert kb.red_flags() == [flag]
    assert kb.red_flag("possible_clot") == flag
    assert kb.resolve_red_flags("my left calf is hot and swollen") == [
        RedFlagMatch(
            "possible_clot",
            "Possible blood clot",
            "urgent",
            (8, 31),
            "calf is hot and swollen",
            "concepts",
            1.0,
        )
    ]
    assert kb.resolve_red_flags("no swollen calf, it was hot years ago") == []


def test_muscle_with_aliases_and_referrals(kb: ReferralKB) -> None:
    muscle = kb.muscle("levator_scapulae")

    assert muscle is not None
    assert muscle.referrals == (
        Referral("levator_scapulae", "neck", "primary", "travell_simons", None),
        Referral("levator_scapulae", "shoulder_blade", "spillover", "davies", None),
    )
    assert kb.muscle_named("Upper Traps") == kb.muscle("upper_trapezius")
    assert kb.muscle_named("levator scapulae") == muscle
    assert kb.muscle("traps") is None
    assert kb.suggest_muscles("uper_trapezius") == ["upper_trapezius"]


def test_care(kb: ReferralKB) -> None:
    assert kb.care_for("masseter") == MuscleCare(
        muscle="masseter",
        name="Masseter",
        location="On the side of the jaw below the cheekbone.",
        technique="Press with two fingers.",
        stretch="Open the mouth wide.",
        cautions="Not after jaw surgery.",
        source="travell_simons",
    )
    assert kb.care_for("piriformis").source == "service"  # type: ignore[union-attr]
    assert kb.care_for("deltoid") is None
    assert kb.care("pressure") == [
        CareAdvice("hold_pressure", "pressure", "Hold firm pressure 30 to 90 seconds.", "davies")
    ]
    assert [item.id for item in kb.general_care()] == ["heat", "hold_pressure"]


def test_zones_tree_order(kb: ReferralKB) -> None:
    assert [(zone.depth, zone.id) for zone in kb.zones()] == [
        (0, "head"),
        (1, "temple"),
        (1, "jaw"),
        (0, "neck"),
        (1, "side_of_neck"),
        (0, "leg"),
        (1, "back_of_thigh"),
        (1, "outer_thigh"),
        (1, "calf"),
        (0, "shoulder_blade"),
    ]


def test_stats(kb: ReferralKB, kb_path: Path) -> None:
    stats = kb.stats()

    assert stats == Stats(
        sources=3,
        muscles=8,
        zones=10,
        zone_phrasings=19,
        referrals=14,
        triggers=3,
        trigger_phrasings=7,
        red_flags=1,
        safety_concepts=3,
        care=2,
        unsourced=0,
        built_at=stats.built_at,
        content_hash=builder.built_hash(kb_path) or "",
    )


# opening


def test_nothing_is_opened_until_the_first_question(tmp_path: Path) -> None:
    kb = ReferralKB(tmp_path / "missing.db")

    with pytest.raises(KBUnavailable, match="run `python -m bot kb build`"):
        kb.stats()


def test_a_rebuilt_database_is_picked_up(data_dir: Path, tmp_path: Path) -> None:
    db_path = tmp_path / "kb.db"
    builder.build(data_dir, db_path)
    kb = ReferralKB(db_path)
    assert kb.resolve_zones("my shin") == []

    zones = data_dir / "zones.yml"
    zones.write_text(zones.read_text() + "- id: shin\n  name: Shin\n  phrasings: [shin]\n")
    builder.build(data_dir, db_path)

    assert [match.zone_id for match in kb.resolve_zones("my shin")] == ["shin"]


def test_queries_need_no_spacy(kb_path: Path) -> None:
    script = (
        "import sys\n"
        "from bot.kb.query import ReferralKB\n"
        f"kb = ReferralKB({str(kb_path)!r})\n"
        "zones = [m.zone_id for m in kb.resolve_zones('my calves and shouldr blades')]\n"
        "print(zones, [s.id for s in kb.sources_for(zones)][:1], 'spacy' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[3],
    )

    assert result.stdout.strip() == "['calf', 'shoulder_blade'] ['gastrocnemius'] False"
