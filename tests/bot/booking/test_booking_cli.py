"""`python -m bot bookings`: list (table and JSON) and CSV export, through `bot.__main__`."""

from __future__ import annotations

import csv
import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from booking_support import MakeRequest, Receiver

from bot.__main__ import main
from bot.booking.store import BookingStore


@pytest.fixture
def db_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Where the settings put the bookings for this test (BOT_BOOKINGS_DB)."""
    path = tmp_path / "var" / "bookings.db"
    monkeypatch.setenv("BOT_BOOKINGS_DB", str(path))
    monkeypatch.delenv("BOT_BOOKING_WEBHOOK_URL", raising=False)
    return path


@pytest.fixture
def two_saved(db_path: Path, make_request: MakeRequest) -> list[str]:
    """Two stored requests, the second created later; their references, newest first."""
    base = datetime(2025, 12, 5, 9, 0, tzinfo=timezone.utc)
    store = BookingStore(db_path)
    older = make_request(conversation_id="c1", now=base)
    newer = make_request(
        conversation_id="c2",
        now=base + timedelta(minutes=5),
        name='=HYPERLINK("http://evil.example")',
        contact="sam@example.com",
        contact_kind="email",
        notes="-- ring twice",
    )
    store.save(older)
    store.save(newer)
    return [newer.reference, older.reference]


def test_an_empty_store_says_so(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bookings"]) == 0
    assert capsys.readouterr().out == f"no booking requests yet ({db_path})\n"
    assert not db_path.exists()

    assert main(["bookings", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_the_table_lists_newest_first(
    two_saved: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["bookings"]) == 0

    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == [
        "REF", "CREATED", "VISIT", "MINS", "NAME", "CONTACT", "POSTCODE", "FOCUS", "WEBHOOK"
    ]  # fmt: skip
    assert lines[1].startswith(two_saved[0])
    assert lines[2].startswith(two_saved[1])
    assert "Sat 06 Dec 2025 18:00" in lines[2]
    assert "neck, temple" in lines[2]
    assert "not sent (no webhook)" in lines[2]
    assert lines[-1].startswith("2 booking request(s), newest first")


def test_json_is_a_list_of_objects_newest_first(
    two_saved: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["bookings", "--json"]) == 0

    listed = json.loads(capsys.readouterr().out)
    assert [item["reference"] for item in listed] == two_saved
    older = listed[1]
    assert older["starts_at"] == "2025-12-06T18:00:00+00:00"
    assert older["contact"] == "+447400123456"
    assert older["triage"]["zones"] == ["neck", "temple"]
    assert older["webhook"] == {
        "delivered_at": None,
        "attempts": 0,
        "next_attempt_at": "2025-12-05T09:00:00+00:00",
        "last_error": None,
        "dead_letter": False,
    }

    assert main(["bookings", "--json", "--limit", "1"]) == 0
    assert [item["reference"] for item in json.loads(capsys.readouterr().out)] == two_saved[:1]


def test_export_writes_a_csv_that_a_spreadsheet_cannot_run(
    two_saved: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "bookings.csv"

    assert main(["bookings", "export", "--csv", str(target)]) == 0

    assert capsys.readouterr().out == f"exported 2 booking request(s) to {target}\n"
    with target.open(newline="", encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))
    assert [row["reference"] for row in rows] == two_saved
    newer, older = rows
    assert older["name"] == "Jo Bloggs"
    assert older["contact"] == "+447400123456"  # a phone number is left as it is
    assert older["zones"] == "neck,temple"
    assert older["sources"] == "upper_trapezius,sternocleidomastoid"
    assert newer["name"] == '\'=HYPERLINK("http://evil.example")'
    assert newer["notes"] == "'-- ring twice"


def test_export_of_an_empty_store_writes_the_header(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "empty.csv"

    assert main(["bookings", "export", "--csv", str(target)]) == 0

    assert "no booking requests yet" in capsys.readouterr().out
    assert target.read_text(encoding="utf-8").startswith("reference,created_at,status,")


def test_export_to_stdout(two_saved: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bookings", "export", "--csv", "-"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("reference,")
    assert two_saved[0] in out


def test_export_to_a_missing_folder_says_so(
    two_saved: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "no" / "such" / "folder" / "out.csv"

    assert main(["bookings", "export", "--csv", str(target)]) == 1

    assert capsys.readouterr().err == f"cannot write {target}: No such file or directory\n"


def test_a_bad_database_path_says_so(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["bookings", "--db", str(tmp_path)]) == 1
    assert capsys.readouterr().err == f"{tmp_path} is a folder, not a bookings database\n"

    junk = tmp_path / "junk.db"
    junk.write_bytes(b"\x00" * 4096)
    assert main(["bookings", "export", "--db", str(junk), "--csv", "-"]) == 1
    assert capsys.readouterr().err.startswith(f"cannot use {junk}")


def test_db_option_reads_another_file(
    two_saved: list[str], db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "other.db"
    assert main(["bookings", "--db", str(other)]) == 0
    assert capsys.readouterr().out == f"no booking requests yet ({other})\n"


def test_deliver_without_a_webhook_says_nothing_was_sent(
    two_saved: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["bookings", "deliver"]) == 1
    assert "no webhook configured" in capsys.readouterr().err


def test_deliver_posts_the_due_requests_to_the_webhook(
    two_saved: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with Receiver() as receiver:
        monkeypatch.setenv("BOT_BOOKING_WEBHOOK_URL", receiver.url)
        assert main(["bookings", "deliver"]) == 0
        assert main(["bookings", "deliver"]) == 0

    assert capsys.readouterr().out == "2 delivered, 0 to retry\n0 delivered, 0 to retry\n"
    posted = [item["json"]["booking"]["reference"] for item in receiver.received]
    assert sorted(posted) == sorted(two_saved)

    assert main(["bookings", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert all(item["webhook"]["delivered_at"] for item in listed)
