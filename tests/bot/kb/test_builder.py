from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlite_utils import Database

from bot.kb import builder
from bot.kb.validate import KBValidationError

Edit = Callable[[str, str, str], None]


def snapshot(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), path.stat().st_mtime_ns


def test_build_writes_every_table_and_reports_counts(data_dir: Path, tmp_path: Path) -> None:
    db_path = tmp_path / "var" / "kb.db"

    report = builder.build(data_dir, db_path)

    assert report.db_path == db_path
    assert report.content_hash == builder.content_hash(data_dir)
    content = {
        name: count
        for name, count in report.counts.items()
        if name not in {"lemma_forms", "lookalikes"}
    }
    assert content == {
        "sources": 3,
        "muscles": 8,
        "muscle_aliases": 4,
        "zones": 10,
        "zone_phrasings": 19,
        "zone_prefer_over": 1,
        "referrals": 14,
        "triggers": 3,
        "trigger_phrasings": 7,
        "trigger_muscles": 5,
        "care": 2,
        "red_flags": 1,
        "safety_rules": 1,
    }
    assert report.counts["lemma_forms"] > 0 and report.counts["lookalikes"] > 0
    assert sorted(path.name for path in db_path.parent.iterdir()) == ["kb.db"]


def test_schema_has_foreign_keys_indexes_and_search(kb_path: Path) -> None:
    db = Database(kb_path)

    assert {(fk.column, fk.other_table) for fk in db.table("referrals").foreign_keys} == {
        ("muscle", "muscles"),
        ("zone", "zones"),
        ("source", "sources"),
    }
    assert [(fk.column, fk.other_table) for fk in db.table("zones").foreign_keys] == [
        ("parent", "zones")
    ]
    assert [(fk.column, fk.other_table) for fk in db.table("muscles").foreign_keys] == [
        ("care_source", "sources")
    ]
    unique = [index.columns for index in db.table("referrals").indexes if index.unique]
    assert unique == [["muscle", "zone", "source"]]
    assert {tuple(index.columns) for index in db.table("zone_phrasings").indexes} >= {
        ("zone",),
        ("words",),
        ("lemma",),
    }
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    found = db.table("zone_phrasings").search("phrasing:temple", columns=["phrasing"])
    assert sorted(row["phrasing"] for row in found) == ["temple"]
    found = db.table("zone_phrasings").search("lemma:temple", columns=["phrasing"])
    assert sorted(row["phrasing"] for row in found) == ["temple", "temples"]
    assert "trigger_phrasings_fts" in set(db.table_names())


def test_phrasings_are_stored_with_their_matching_words_and_lemmas(kb_path: Path) -> None:
    rows = (
        Database(kb_path)
        .table("zone_phrasings")
        .rows_where("zone = ?", ["temple"], order_by="id", select="phrasing, words, lemma")
    )

    assert list(rows) == [
        {"phrasing": "temple", "words": "temple", "lemma": "temple"},
        {"phrasing": "temples", "words": "temples", "lemma": "temple"},
        {"phrasing": "side of my head", "words": "side of head", "lemma": "side of head"},
    ]


def test_meta_records_content_hash_and_build_time(data_dir: Path, tmp_path: Path) -> None:
    report = builder.build(data_dir, tmp_path / "kb.db")

    meta = {row["key"]: row["value"] for row in Database(tmp_path / "kb.db").table("meta").rows}

    assert meta == {
        "content_hash": report.content_hash,
        "built_at": report.built_at,
        "schema_version": builder.SCHEMA_VERSION,
    }
    assert builder.is_current(data_dir, tmp_path / "kb.db")


def test_changed_data_is_no_longer_current(data_dir: Path, tmp_path: Path, edit: Edit) -> None:
    builder.build(data_dir, tmp_path / "kb.db")

    edit("care.yml", "helps; cold", "helps, and cold")

    assert not builder.is_current(data_dir, tmp_path / "kb.db")


def test_invalid_data_leaves_the_previous_database_untouched(
    data_dir: Path, tmp_path: Path, edit: Edit
) -> None:
    db_path = tmp_path / "kb.db"
    builder.build(data_dir, db_path)
    before = snapshot(db_path)
    edit("referrals.csv", "masseter,jaw,primary", "maseter,jaw,primary")

    with pytest.raises(KBValidationError) as raised:
        builder.build(data_dir, db_path)

    assert raised.value.problems == [
        "referrals.csv line 8: unknown muscle 'maseter' (did you mean 'masseter'?)"
    ]
    assert snapshot(db_path) == before
    assert sorted(path.name for path in tmp_path.iterdir()) == ["data", "kb.db"]


def test_a_failure_while_writing_leaves_the_previous_database_untouched(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db_path = tmp_path / "kb.db"
    builder.build(data_dir, db_path)
    before = snapshot(db_path)

    def fail(db: Database) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(builder, "_enable_search", fail)

    with pytest.raises(OSError, match="disk full"):
        builder.build(data_dir, db_path)

    assert snapshot(db_path) == before
    assert sorted(path.name for path in tmp_path.iterdir()) == ["data", "kb.db"]


def test_invalid_data_creates_no_database(data_dir: Path, tmp_path: Path, edit: Edit) -> None:
    edit("referrals.csv", "gastrocnemius,calf,primary", "gastrocnemius,calf,main")

    with pytest.raises(KBValidationError):
        builder.build(data_dir, tmp_path / "var" / "kb.db")

    assert not (tmp_path / "var" / "kb.db").exists()
    assert builder.built_hash(tmp_path / "var" / "kb.db") is None


def test_care_sources_are_stored_with_the_muscles(kb_path: Path) -> None:
    rows = Database(kb_path).table("muscles").rows_where(order_by="rowid", select="id, care_source")

    assert {row["id"]: row["care_source"] for row in rows} == {
        "upper_trapezius": "davies",
        "levator_scapulae": "davies",
        "temporalis": "davies",
        "masseter": "travell_simons",
        "piriformis": "service",
        "gluteus_minimus": "davies",
        "gastrocnemius": "davies",
        "soleus": "davies",
    }


def test_a_muscle_and_zone_from_two_sources_are_two_rows(
    data_dir: Path, tmp_path: Path, edit: Edit
) -> None:
    edit(
        "referrals.csv",
        "piriformis,back_of_thigh,primary,travell_simons,\n",
        "piriformis,back_of_thigh,spillover,travell_simons,\n"
        "piriformis,back_of_thigh,primary,service,\n",
    )

    report = builder.build(data_dir, tmp_path / "kb.db")

    assert report.counts["referrals"] == 15
    rows = (
        Database(tmp_path / "kb.db")
        .table("referrals")
        .rows_where(
            "muscle = ? and zone = ?",
            ["piriformis", "back_of_thigh"],
            select="kind, source",
            order_by="id",
        )
    )
    assert [(row["kind"], row["source"]) for row in rows] == [
        ("spillover", "travell_simons"),
        ("primary", "service"),
    ]
