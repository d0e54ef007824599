"""The curated data in data/kb/ gives the answers the service is known for."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.kb import builder
from bot.kb.query import ReferralKB

DATA_DIR = Path(__file__).resolve().parents[3] / "data" / "kb"

pytestmark = pytest.mark.skipif(
    not (DATA_DIR / "muscles.csv").is_file(), reason="data/kb/muscles.csv is not written yet"
)

JAW_MUSCLES = {"masseter", "temporalis", "lateral_pterygoid"}
NECK_MUSCLES = {"upper_trapezius", "sternocleidomastoid"}
QUADRICEPS = {"rectus_femoris", "vastus_medialis", "vastus_lateralis", "vastus_intermedius"}


@pytest.fixture(scope="module")
def real_kb(tmp_path_factory: pytest.TempPathFactory) -> ReferralKB:
    db_path = tmp_path_factory.mktemp("real") / "kb.db"
    builder.build(DATA_DIR, db_path)
    return ReferralKB(db_path)


def top(kb: ReferralKB, said: str, count: int, triggers: tuple[str, ...] = ()) -> list[str]:
    zones = [match.zone_id for match in kb.resolve_zones(said)]
    assert zones, f"no zone recognised in {said!r}"
    return [source.id for source in kb.sources_for(zones, triggers, limit=count)]


@pytest.mark.parametrize("said", ["temple headache", "my temples ache"])
def test_upper_trapezius_for_temple_headaches(real_kb: ReferralKB, said: str) -> None:
    assert "upper_trapezius" in top(real_kb, said, 3)


def test_piriformis_for_pain_down_the_back_of_the_leg(real_kb: ReferralKB) -> None:
    assert "piriformis" in top(real_kb, "pain down the back of my leg", 3)


def test_piriformis_back_of_thigh_keeps_the_book_and_the_service_apart(
    real_kb: ReferralKB,
) -> None:
    piriformis = real_kb.muscle("piriformis")
    assert piriformis is not None
    assert [
        (referral.kind, referral.source)
        for referral in piriformis.referrals
        if referral.zone == "back_of_thigh"
    ] == [("spillover", "ts2_ch10"), ("primary", "service")]

    (source,) = [s for s in real_kb.sources_for(["back_of_thigh"]) if s.id == "piriformis"]
    (credit,) = source.zones
    # the service's guidance gives the stronger kind; the book's row is still named
    assert (credit.kind, credit.source, credit.weight) == ("primary", "service", 1.0)
    assert [(other.kind, other.source) for other in credit.also] == [("spillover", "ts2_ch10")]
    assert source.why == (
        "Trigger points in the piriformis, deep in the middle of the buttock, often send pain "
        "to the back of the thigh."
    )


def test_gluteus_maximus_does_not_refer_down_the_back_of_the_thigh(real_kb: ReferralKB) -> None:
    gluteus_maximus = real_kb.muscle("gluteus_maximus")
    assert gluteus_maximus is not None
    assert {referral.zone for referral in gluteus_maximus.referrals} == {
        "buttock",
        "sacroiliac",
        "tailbone",
    }


def test_serratus_anterior_refers_down_the_inside_of_the_arm(real_kb: ReferralKB) -> None:
    serratus = real_kb.muscle("serratus_anterior")
    assert serratus is not None
    zones = {referral.zone for referral in serratus.referrals}
    assert {"front_of_arm", "little_finger"} <= zones
    assert "back_of_arm" not in zones


WORKBOOK_MUSCLES = {
    "occipitofrontalis",
    "sternalis",
    "serratus_posterior_superior",
    "serratus_posterior_inferior",
    "subclavius",
    "pelvic_floor",
    "obturator_internus",
    "plantaris",
    "peroneus_tertius",
    "extensor_digitorum_brevis",
    "flexor_digitorum_brevis",
    "anconeus",
    "pronator_teres",
    "palmaris_longus",
}


@pytest.mark.parametrize("muscle_id", sorted(WORKBOOK_MUSCLES))
def test_the_workbook_muscles_are_there_with_sourced_referrals_and_care(
    real_kb: ReferralKB, muscle_id: str
) -> None:
    muscle = real_kb.muscle(muscle_id)
    care = real_kb.care_for(muscle_id)

    assert muscle is not None and care is not None
    assert muscle.referrals
    assert all(real_kb.reference(referral.source) for referral in muscle.referrals)
    assert real_kb.reference(care.source) is not None


@pytest.mark.parametrize(
    ("name", "muscle_id"),
    [
        ("short toe flexors", "flexor_digitorum_brevis"),
        ("short toe extensors", "extensor_digitorum_brevis"),
        ("fibularis tertius", "peroneus_tertius"),
        ("pelvic floor", "pelvic_floor"),
        ("frontalis", "occipitofrontalis"),
    ],
)
def test_the_names_people_use_for_the_new_muscles(
    real_kb: ReferralKB, name: str, muscle_id: str
) -> None:
    found = real_kb.muscle_named(name)

    assert found is not None and found.id == muscle_id


@pytest.mark.parametrize("muscle_id", ["pelvic_floor", "obturator_internus"])
def test_no_internal_self_pressing_for_the_pelvic_floor(
    real_kb: ReferralKB, muscle_id: str
) -> None:
    care = real_kb.care_for(muscle_id)

    assert care is not None
    assert "No self-pressing internally" in care.cautions
    assert "pelvic-health physiotherapist" in care.technique
    assert "pelvic-health physiotherapist" in care.cautions


def test_every_muscle_names_the_source_of_its_care(real_kb: ReferralKB) -> None:
    # every muscle refers somewhere, so ranking every zone reaches every muscle
    ranked = real_kb.sources_for([zone.id for zone in real_kb.zones()])

    assert len(ranked) == real_kb.stats().muscles
    for source in ranked:
        care = real_kb.care_for(source.id)
        assert care is not None and real_kb.reference(care.source) is not None, source.id


@pytest.mark.parametrize(
    ("source_id", "chapter"),
    [
        ("ts1_pectoralis_minor", "ch. 43 Pectoralis Minor Muscle"),
        ("ts2_tfl", "ch. 12 Tensor Fasciae Latae Muscle"),
        ("ts2_pectineus", "ch. 13 Pectineus Muscle"),
    ],
)
def test_corrected_chapters_are_cited(real_kb: ReferralKB, source_id: str, chapter: str) -> None:
    reference = real_kb.reference(source_id)

    assert reference is not None
    assert reference.citation.endswith(chapter)
    assert "not verified" not in reference.citation


def test_the_sartorius_chapter_number_is_still_marked_unverified(real_kb: ReferralKB) -> None:
    reference = real_kb.reference("ts2_sartorius")

    assert reference is not None and "chapter number not verified" in reference.citation


def test_gluteus_minimus_for_the_outer_thigh(real_kb: ReferralKB) -> None:
    assert "gluteus_minimus" in top(real_kb, "outer thigh", 3)


def test_a_quadriceps_muscle_for_the_knee(real_kb: ReferralKB) -> None:
    assert QUADRICEPS & set(top(real_kb, "knee", 3))


def test_tibialis_anterior_for_the_shin(real_kb: ReferralKB) -> None:
    assert top(real_kb, "shin", 1) == ["tibialis_anterior"]


def test_jaw_pain_names_a_jaw_muscle_and_a_neck_muscle(real_kb: ReferralKB) -> None:
    found = set(top(real_kb, "jaw", 5))

    assert found & JAW_MUSCLES
    assert found & NECK_MUSCLES


@pytest.mark.parametrize("said", ["pain at the base of my neck", "the side of my neck hurts"])
def test_desk_work_lifts_the_neck_muscles_it_loads(real_kb: ReferralKB, said: str) -> None:
    lifted = top(real_kb, said, 2, ("desk_work",))

    assert set(lifted) <= {"upper_trapezius", "levator_scapulae"}
    assert "upper_trapezius" in lifted


def test_desk_work_lifts_the_neck_muscles_across_the_whole_neck(real_kb: ReferralKB) -> None:
    assert real_kb.is_vague("neck")
    whole_neck = [zone.id for zone in real_kb.children("neck")]

    lifted = real_kb.sources_for(whole_neck, ["desk_work"], limit=2)
    plain = {source.id: source.score for source in real_kb.sources_for(whole_neck)}

    assert [source.id for source in lifted] == ["upper_trapezius", "levator_scapulae"]
    assert all(source.score > plain[source.id] for source in lifted)


def test_running_lifts_the_calf_muscles(real_kb: ReferralKB) -> None:
    plain = {source.id: source.score for source in real_kb.sources_for(["calf"])}

    lifted = real_kb.sources_for(["calf"], ["running"], limit=2)

    assert {source.id for source in lifted} == {"gastrocnemius", "soleus"}
    assert all(source.score > plain[source.id] for source in lifted)


def test_every_fact_has_a_known_source(real_kb: ReferralKB) -> None:
    stats = real_kb.stats()

    assert stats.unsourced == 0
    assert stats.muscles > 0 and stats.referrals > 0 and stats.red_flags > 0


def test_every_why_is_one_hedged_sentence(real_kb: ReferralKB) -> None:
    zones = [zone.id for zone in real_kb.zones()]

    for source in real_kb.sources_for(zones):
        assert source.why.startswith("Trigger points in the ")
        assert source.why.count(".") == 1 and source.why.endswith(".")
        assert " often " in source.why or " can " in source.why
