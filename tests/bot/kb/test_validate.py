from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from bot.kb import loader, validate

Edit = Callable[[str, str, str], None]
NO_SOURCE = "no source (every fact names a source id from sources.csv)"


def problems_in(data_dir: Path) -> list[str]:
    return validate.problems(loader.load(data_dir))


def test_the_small_data_set_is_valid(data_dir: Path) -> None:
    assert problems_in(data_dir) == []


@pytest.mark.parametrize(
    ("name", "old", "new", "expected"),
    [
        pytest.param(
            "referrals.csv",
            "masseter,jaw,primary",
            "maseter,jaw,primary",
            ["referrals.csv line 8: unknown muscle 'maseter' (did you mean 'masseter'?)"],
            id="unknown muscle",
        ),
        pytest.param(
            "referrals.csv",
            "temporalis,temple,",
            "temporalis,tempel,",
            ["referrals.csv line 7: unknown zone 'tempel' (did you mean 'temple'?)"],
            id="unknown zone",
        ),
        pytest.param(
            "referrals.csv",
            "piriformis,back_of_thigh,primary,travell_simons",
            "piriformis,back_of_thigh,primary,",
            [f"referrals.csv line 10: {NO_SOURCE}"],
            id="referral without source",
        ),
        pytest.param(
            "referrals.csv",
            "soleus,calf,primary,travell_simons",
            "soleus,calf,primary,simons_1999",
            ["referrals.csv line 15: unknown source 'simons_1999'"],
            id="referral with unknown source",
        ),
        pytest.param(
            "referrals.csv",
            "gastrocnemius,calf,primary",
            "gastrocnemius,calf,main",
            ["referrals.csv line 14: kind 'main' is not one of primary, spillover"],
            id="bad kind",
        ),
        pytest.param(
            "referrals.csv",
            "soleus,calf,primary,travell_simons,\n",
            "soleus,calf,primary,travell_simons,\nsoleus,calf,spillover,travell_simons,\n",
            [
                "referrals.csv line 16: duplicate referral soleus -> calf from source "
                "'travell_simons' (first at line 15)"
            ],
            id="duplicate referral from the same source",
        ),
        pytest.param(
            "muscles.csv",
            "Not after jaw surgery.,travell_simons",
            "Not after jaw surgery.,",
            [f"muscles.csv line 5: care_source: {NO_SOURCE}"],
            id="muscle care without source",
        ),
        pytest.param(
            "muscles.csv",
            "Never on the sciatic nerve.,service",
            "Never on the sciatic nerve.,servise",
            ["muscles.csv line 6: care_source: unknown source 'servise' (did you mean 'service'?)"],
            id="muscle care with unknown source",
        ),
        pytest.param(
            "muscles.csv",
            "Low in the calf under the gastrocnemius.",
            "",
            ["muscles.csv line 9: empty required field 'location'"],
            id="empty required field",
        ),
        pytest.param(
            "muscles.csv",
            ",hip,Deep in",
            ",buttock,Deep in",
            [
                "muscles.csv line 6: region 'buttock' is not one of head, neck, shoulder, arm, "
                "hand, trunk, hip, thigh, leg, foot"
            ],
            id="bad region",
        ),
        pytest.param(
            "muscles.csv",
            "soleus,Soleus",
            "Soleus,Soleus",
            [
                "muscles.csv line 9: id 'Soleus' is not lower-case snake_case",
                "referrals.csv line 15: unknown muscle 'soleus'",
                "triggers.yml item 2, id 'running' (line 8): muscles entry 2: "
                "unknown muscle 'soleus'",
            ],
            id="id not snake_case",
        ),
        pytest.param(
            "care.yml",
            "- id: hold_pressure",
            "- id: heat",
            ["care.yml item 2, id 'heat' (line 5): duplicate id 'heat' (first at item 1, line 1)"],
            id="duplicate id",
        ),
        pytest.param(
            "zones.yml",
            "phrasings: [leg, legs]",
            "phrasings: [leg, legs, calf]",
            [
                "zones.yml item 9, id 'calf' (line 34): phrasing 'calf' is also claimed by zone "
                "'leg' at item 6, line 22, and neither lists the other in prefer_over"
            ],
            id="phrasing claimed by two zones",
        ),
        pytest.param(
            "zones.yml",
            "phrasings: [leg, legs]",
            "phrasings: [leg, legs, calves]",
            [
                "zones.yml item 9, id 'calf' (line 34): phrasing 'calf' is also claimed by zone "
                "'leg' (as 'calves') at item 6, line 22, and neither lists the other in prefer_over"
            ],
            id="phrasing claimed by two zones as lemmas",
        ),
        pytest.param(
            "zones.yml",
            "  prefer_over: [head]",
            "  prefer_over: []",
            [
                "zones.yml item 2, id 'temple' (line 5): phrasing 'side of my head' is also "
                "claimed by zone 'head' (as 'side of head') at item 1, line 1, and neither lists "
                "the other in prefer_over"
            ],
            id="shared phrasing without prefer_over",
        ),
        pytest.param(
            "zones.yml",
            "  prefer_over: [head]",
            "  prefer_over: [head, face]",
            ["zones.yml item 2, id 'temple' (line 5): unknown zone in prefer_over 'face'"],
            id="prefer_over unknown zone",
        ),
        pytest.param(
            "zones.yml",
            "  parent: head\n  phrasings: [jaw",
            "  parent: face\n  phrasings: [jaw",
            ["zones.yml item 3, id 'jaw' (line 10): unknown parent zone 'face'"],
            id="unknown parent",
        ),
        pytest.param(
            "zones.yml",
            "  name: Head\n  parent:\n",
            "  name: Head\n  parent: temple\n",
            ["zones.yml item 1, id 'head' (line 1): parent chain loops: head -> temple -> head"],
            id="cyclic parents",
        ),
        pytest.param(
            "zones.yml",
            "  phrasings: [neck]\n",
            "  phrasings: []\n",
            ["zones.yml item 4, id 'neck' (line 14): empty required field 'phrasings'"],
            id="zone without phrasings",
        ),
        pytest.param(
            "zones.yml",
            "  prefer_over: [head]",
            "  prefer_over: [head]\n  notes: spelled wrong",
            ["zones.yml item 2, id 'temple' (line 5): unknown field(s) notes"],
            id="unknown field",
        ),
        pytest.param(
            "triggers.yml",
            "{muscle: soleus, source: davies}",
            "{muscle: solius, source: davies}",
            [
                "triggers.yml item 2, id 'running' (line 8): muscles entry 2: "
                "unknown muscle 'solius' (did you mean 'soleus'?)"
            ],
            id="trigger link to unknown muscle",
        ),
        pytest.param(
            "triggers.yml",
            "{muscle: piriformis, source: davies}",
            "{muscle: piriformis}",
            [f"triggers.yml item 3, id 'driving' (line 16): muscles entry 2: {NO_SOURCE}"],
            id="trigger link without source",
        ),
        pytest.param(
            "care.yml",
            "  source: service\n",
            "  source:\n",
            [f"care.yml item 1, id 'heat' (line 1): {NO_SOURCE}"],
            id="care without source",
        ),
        pytest.param(
            "red_flags.yml",
            "level: urgent",
            "level: soon",
            [
                "red_flags.yml item 1, id 'possible_clot' (line 1): "
                "level 'soon' is not one of crisis, emergency, urgent, gp"
            ],
            id="bad level",
        ),
        pytest.param(
            "red_flags.yml",
            "source: service",
            "source: nhs",
            ["red_flags.yml item 1, id 'possible_clot' (line 1): unknown source 'nhs'"],
            id="red flag with unknown source",
        ),
        pytest.param(
            "sources.csv",
            "id,citation,url",
            "id,citation,link",
            [
                "sources.csv line 1: missing column(s) url",
                "sources.csv line 1: unknown column(s) link",
            ],
            id="renamed column",
        ),
    ],
)
def test_each_problem_names_file_row_and_problem(
    data_dir: Path, edit: Edit, name: str, old: str, new: str, expected: list[str]
) -> None:
    edit(name, old, new)

    assert problems_in(data_dir) == expected


def test_broken_yaml_names_the_line(data_dir: Path, edit: Edit) -> None:
    edit("safety_context.yml", "category: negated", "category: negated: no")

    (problem,) = problems_in(data_dir)

    # The wording after the prefix is PyYAML's (libyaml's or pure Python's).
    assert problem.startswith("safety_context.yml line 2: not valid YAML: mapping values are not")


def test_a_missing_file_is_a_problem(data_dir: Path) -> None:
    (data_dir / "care.yml").unlink()

    assert problems_in(data_dir) == ["care.yml: file missing"]


def test_every_problem_is_reported_at_once(data_dir: Path, edit: Edit) -> None:
    edit("referrals.csv", "masseter,jaw,primary", "maseter,jaw,primary")
    edit("referrals.csv", "gastrocnemius,calf,primary", "gastrocnemius,calf,main")
    edit("care.yml", "  source: service\n", "  source:\n")

    with pytest.raises(validate.KBValidationError) as raised:
        validate.check(loader.load(data_dir))

    assert raised.value.problems == [
        "referrals.csv line 8: unknown muscle 'maseter' (did you mean 'masseter'?)",
        "referrals.csv line 14: kind 'main' is not one of primary, spillover",
        f"care.yml item 1, id 'heat' (line 1): {NO_SOURCE}",
    ]
    assert str(raised.value).splitlines()[0] == "3 problems in the knowledge-base data"


def test_loader_keeps_fields_and_origins(data_dir: Path) -> None:
    data = loader.load(data_dir)

    assert data.muscles[0] == loader.MuscleRow(
        id="upper_trapezius",
        name="Upper trapezius",
        aliases=("traps", "upper traps"),
        region="neck",
        location="Along the top of the shoulder, from neck to shoulder tip.",
        technique="Pinch and hold 30-90 s.",
        stretch="Ear to shoulder.",
        cautions="",
        care_source="davies",
        origin=loader.Origin("muscles.csv", 2),
    )
    assert data.zones[1] == loader.ZoneItem(
        id="temple",
        name="Temple",
        parent="head",
        phrasings=("temple", "temples", "side of my head"),
        prefer_over=("head",),
        origin=loader.Origin("zones.yml", 5, 2, "temple"),
    )
    assert data.triggers[1].muscles == (
        loader.TriggerLink(
            "gastrocnemius", "davies", loader.Origin("triggers.yml", 8, 2, "running")
        ),
        loader.TriggerLink("soleus", "davies", loader.Origin("triggers.yml", 8, 2, "running")),
    )


def test_a_muscle_and_zone_may_have_a_row_per_source(data_dir: Path, edit: Edit) -> None:
    # the book's kind and the service's own guidance, side by side
    edit(
        "referrals.csv",
        "piriformis,back_of_thigh,primary,travell_simons,\n",
        "piriformis,back_of_thigh,spillover,travell_simons,book\n"
        "piriformis,back_of_thigh,primary,service,service guidance\n",
    )

    assert problems_in(data_dir) == []
    rows = [
        (row.kind, row.source)
        for row in loader.load(data_dir).referrals
        if (row.muscle, row.zone) == ("piriformis", "back_of_thigh")
    ]
    assert rows == [("spillover", "travell_simons"), ("primary", "service")]


def test_a_missing_care_source_column_is_reported(data_dir: Path) -> None:
    path = data_dir / "muscles.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(line.rsplit(",", 1)[0] for line in lines) + "\n", encoding="utf-8")

    found = problems_in(data_dir)

    assert found[0] == "muscles.csv line 1: missing column(s) care_source"
    assert found[1:] == [
        f"muscles.csv line {line}: care_source: {NO_SOURCE}" for line in range(2, 10)
    ]
