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
    assert "piriformis" in top(real_kb, "pain down the back of my leg", 5)


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
