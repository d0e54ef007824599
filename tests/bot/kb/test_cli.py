from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.__main__ import main

Edit = Callable[[str, str, str], None]


@pytest.fixture
def db_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Where the settings put the knowledge base for this test (BOT_KB_PATH)."""
    path = tmp_path / "var" / "kb.db"
    monkeypatch.setenv("BOT_KB_PATH", str(path))
    return path


def test_build_prints_counts_and_time(
    data_dir: Path, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["kb", "build", "--data", str(data_dir)]) == 0

    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith(f"built {db_path} from {data_dir} in ")
    assert out[0].endswith(" s")
    assert "  muscles                   8" in out
    assert "  referrals                14" in out
    assert db_path.is_file()


def test_build_if_changed_skips_an_up_to_date_database(
    data_dir: Path, db_path: Path, edit: Edit, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["kb", "build", "--data", str(data_dir)])
    capsys.readouterr()

    assert main(["kb", "build", "--data", str(data_dir), "--if-changed"]) == 0
    assert capsys.readouterr().out == f"knowledge base up to date ({db_path})\n"

    edit("care.yml", "helps; cold", "helps, and cold")
    assert main(["kb", "build", "--data", str(data_dir), "--if-changed"]) == 0
    assert capsys.readouterr().out.startswith("built ")


def test_build_lists_every_problem_and_keeps_the_old_database(
    data_dir: Path, db_path: Path, edit: Edit, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["kb", "build", "--data", str(data_dir)])
    before = db_path.read_bytes()
    capsys.readouterr()
    edit("referrals.csv", "masseter,jaw,primary", "maseter,jaw,primary")
    edit("referrals.csv", "gastrocnemius,calf,primary", "gastrocnemius,calf,main")

    assert main(["kb", "build", "--data", str(data_dir)]) == 1

    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines() == [
        "referrals.csv line 8: unknown muscle 'maseter' (did you mean 'masseter'?)",
        "referrals.csv line 14: kind 'main' is not one of primary, spillover",
        f"knowledge base not built: 2 problem(s) in {data_dir}; {db_path} left as it was",
    ]
    assert db_path.read_bytes() == before


def test_sources_json(kb_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["kb", "sources", "my temples ache", "--json", "--db", str(kb_path)]) == 0

    sources = json.loads(capsys.readouterr().out)
    assert [(source["id"], source["score"]) for source in sources] == [
        ("upper_trapezius", 1.0),
        ("temporalis", 1.0),
        ("masseter", 0.5),
    ]
    assert sources[0] == {
        "id": "upper_trapezius",
        "name": "Upper trapezius",
        "score": 1.0,
        "zones": [
            {
                "zone": "temple",
                "name": "Temple",
                "kind": "primary",
                "via": "temple",
                "weight": 1.0,
                "source": "travell_simons",
                "note": None,
                "also": [],
            }
        ],
        "triggers": [],
        "why": "Trigger points in the upper trapezius, along the top of the shoulder, "
        "often send pain to the temple.",
        "side": None,
    }


def test_sources_readable_with_triggers_from_the_phrase_and_options(
    kb_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        ["kb", "sources", "neck pain", "--trigger", "desk_work", "--side", "left"]
        + ["--limit", "1", "--db", str(kb_path)]
    )

    assert code == 0
    assert capsys.readouterr().out.splitlines() == [
        "zones: Neck (neck, phrase 'neck')",
        "triggers: desk_work",
        "'Neck' is broad; ask which part: side of neck",
        "1. Upper trapezius (upper_trapezius)  score 1.25  [neck primary]",
        "   Trigger points in the upper trapezius, along the top of the shoulder, often send "
        "pain to the neck; they are typically brought on by desk work.",
    ]


def test_sources_for_a_vague_zone_suggests_narrower_ones(
    kb_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["kb", "sources", "my legs", "--db", str(kb_path)]) == 0

    out = capsys.readouterr().out.splitlines()
    assert out[:3] == [
        "zones: Leg (leg, phrase 'legs')",
        "'Leg' is broad; ask which part: back of thigh, outer thigh, calf",
        "1. Gluteus minimus (gluteus_minimus)  score 0.5  [leg primary via back_of_thigh]",
    ]


def test_sources_warns_of_a_red_flag(kb_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["kb", "sources", "swollen calf after jogging", "--db", str(kb_path)]) == 0

    out = capsys.readouterr().out.splitlines()
    assert out[:3] == [
        "RED FLAG (urgent) Possible blood clot: Call NHS 111 today.",
        "zones: Calf (calf, phrase 'calf')",
        "triggers: running",
    ]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["kb", "sources", "it hurts"],
            "no zone recognised in 'it hurts'; try `kb zones` for the list\n",
        ),
        (
            ["kb", "sources", "neck", "--trigger", "gardening"],
            "unknown trigger(s) gardening; known: desk_work, running, driving\n",
        ),
        (
            ["kb", "muscle", "uper_trapezius"],
            "no muscle 'uper_trapezius' in the knowledge base; did you mean upper_trapezius?\n",
        ),
    ],
)
def test_clear_errors_exit_1(
    kb_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    assert main([*argv, "--db", str(kb_path)]) == 1

    assert capsys.readouterr() == ("", message)


def test_a_missing_database_is_a_clear_error(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["kb", "stats"]) == 1

    assert capsys.readouterr().err == (
        f"no knowledge base at {db_path}: run `python -m bot kb build`\n"
    )


def test_stats_json(kb_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["kb", "stats", "--json", "--db", str(kb_path)]) == 0

    stats = json.loads(capsys.readouterr().out)
    assert {key: stats[key] for key in ("muscles", "zones", "referrals", "unsourced")} == {
        "muscles": 8,
        "zones": 10,
        "referrals": 14,
        "unsourced": 0,
    }


def test_muscle_by_alias(kb_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["kb", "muscle", "jaw muscle", "--db", str(kb_path)]) == 0

    assert capsys.readouterr().out.splitlines() == [
        "Masseter (masseter), head",
        "also called: jaw muscle",
        "where: On the side of the jaw below the cheekbone.",
        "technique: Press with two fingers.",
        "stretch: Open the mouth wide.",
        "cautions: Not after jaw surgery.",
        "refers pain to:",
        "  Jaw (jaw), primary [travell_simons]",
        "  Temple (temple), spillover [davies]",
    ]


def test_muscle_lists_each_source_of_a_zone(
    data_dir: Path, tmp_path: Path, edit: Edit, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(
        "referrals.csv",
        "piriformis,back_of_thigh,primary,travell_simons,\n",
        "piriformis,back_of_thigh,spillover,travell_simons,\n"
        "piriformis,back_of_thigh,primary,service,\n",
    )
    db_path = tmp_path / "kb.db"
    assert main(["kb", "build", "--data", str(data_dir), "--db", str(db_path)]) == 0
    capsys.readouterr()

    assert main(["kb", "muscle", "piriformis", "--db", str(db_path)]) == 0

    assert capsys.readouterr().out.splitlines()[-2:] == [
        "  Back of thigh (back_of_thigh), spillover [travell_simons]",
        "  Back of thigh (back_of_thigh), primary [service]",
    ]


def test_zones_tree(kb_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["kb", "zones", "--db", str(kb_path)]) == 0

    assert capsys.readouterr().out.splitlines() == [
        "Head (head)",
        "  Temple (temple)",
        "  Jaw (jaw)",
        "Neck (neck)",
        "  Side of neck (side_of_neck)",
        "Leg (leg)",
        "  Back of thigh (back_of_thigh)",
        "  Outer thigh (outer_thigh)",
        "  Calf (calf)",
        "Shoulder blade (shoulder_blade)",
    ]
