"""bot.channels.numbered: buttons as numbered lines, and replies that pick one."""

from __future__ import annotations

from bot.channels.numbered import HINT, Option, choose, render, valid_numbers

ZONES = [
    {"title": "Temples", "payload": '/describe_pain{"body_zone": "temple"}'},
    {"title": "Neck", "payload": '/describe_pain{"body_zone": "neck"}'},
    {"title": "Jaw", "payload": '/describe_pain{"body_zone": "jaw"}'},
]
OPTIONS = [Option(b["title"], b["payload"]) for b in ZONES]
LENGTHS = [Option(f"{m} minutes", f"{m} minutes") for m in (60, 90, 120)]


def test_buttons_become_numbered_lines_with_a_hint() -> None:
    text, options = render("Where exactly?", ZONES)
    assert text == f"Where exactly?\n1. Temples\n2. Neck\n3. Jaw\n{HINT}"
    assert options == OPTIONS


def test_a_link_button_is_its_url_not_a_number() -> None:
    url = "https://example.co.uk/book?zone=temple"
    text, options = render(
        "Book here.",
        [{"title": "Care tips", "payload": "/care_tips"}, {"title": "Open", "url": url}],
    )
    assert text == f"Book here.\n1. Care tips\n{HINT}\nOpen: {url}"
    assert options == [Option("Care tips", "/care_tips")]


def test_only_links_need_no_hint() -> None:
    text, options = render("Book here.", [{"title": "Open", "url": "https://x.test/b"}])
    assert text == "Book here.\nOpen: https://x.test/b"
    assert options == []


def test_a_number_in_range_picks_that_option() -> None:
    assert choose("1", OPTIONS).text == OPTIONS[0].payload
    assert choose(" 3. ", OPTIONS).text == OPTIONS[2].payload
    assert choose("option 2", OPTIONS).text == OPTIONS[1].payload
    assert choose("#2", OPTIONS).text == OPTIONS[1].payload


def test_an_option_title_picks_it_too() -> None:
    assert choose("neck", OPTIONS).text == OPTIONS[1].payload


def test_other_text_passes_unchanged() -> None:
    choice = choose("my temples ache", OPTIONS)
    assert choice.text == "my temples ache" and choice.problem is None
    assert choose("2 days ago", OPTIONS).text == "2 days ago"


def test_without_options_a_number_is_just_text() -> None:
    choice = choose("07700 900123", [])
    assert choice.text == "07700 900123" and choice.problem is None
    assert choose("4", []).text == "4"


def test_an_out_of_range_number_lists_the_valid_ones() -> None:
    choice = choose("7", OPTIONS)
    assert choice.text is None
    assert choice.problem is not None
    assert "7 isn't one of the options" in choice.problem
    assert "1, 2 or 3" in choice.problem
    assert "1. Temples\n2. Neck\n3. Jaw" in choice.problem


def test_a_number_that_starts_one_title_picks_it() -> None:
    assert choose("90", LENGTHS).text == "90 minutes"
    assert choose("2", LENGTHS).text == "90 minutes"
    assert choose("45", LENGTHS).problem is not None


def test_valid_numbers_reads_naturally() -> None:
    assert valid_numbers(1) == "1"
    assert valid_numbers(2) == "1 or 2"
    assert valid_numbers(4) == "1, 2, 3 or 4"
