"""bot.booking.when: natural-language times, opening hours, refusals with alternatives.

The clock is fixed at Friday 5 December 2025, 10:00 in London; hours are 06:00 to midnight
and the shortest session is 60 minutes unless a test says otherwise.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from booking_support import LONDON, NOW, at

from bot.booking.when import (
    WhenProblem,
    check_start,
    format_when,
    nearest_starts,
    only_a_day,
    parse_when,
)
from bot.settings import Business, load

# --- opening hours: the start must be within hours and the session must end by closing ---


@pytest.mark.parametrize(
    ("start", "minutes"),
    [
        (at(6, 6, 0), 60),  # opening time
        (at(6, 23, 0), 60),  # the last 60-minute start: ends at midnight exactly
        (at(6, 22, 30), 90),  # the last 90-minute start
        (at(6, 22, 0), 120),  # the last 120-minute start
        (at(6, 12, 15), 60),  # off the half-hour grid is fine
    ],
)
def test_starts_within_hours_that_end_by_closing_are_accepted(
    start: datetime, minutes: int, business: Business
) -> None:
    result = check_start(start, business, now=NOW, minutes=minutes)

    assert result.ok
    assert result.starts_at == start
    assert result.problem is None


def test_one_minute_before_opening_is_refused_with_the_first_starts_of_the_day(
    business: Business,
) -> None:
    result = check_start(at(6, 5, 59), business, now=NOW)

    assert not result.ok
    assert result.problem is WhenProblem.CLOSED
    assert result.alternatives == (at(6, 6, 0), at(6, 6, 30))
    assert "06:00 to midnight" in result.message
    assert "Saturday 6 December at 06:00 or Saturday 6 December at 06:30" in result.message


def test_a_start_at_2359_is_refused_because_the_session_would_run_past_midnight(
    business: Business,
) -> None:
    result = check_start(at(6, 23, 59), business, now=NOW)

    assert result.problem is WhenProblem.RUNS_PAST_CLOSING
    assert "60-minute session starting at 23:59 would run past midnight" in result.message
    assert result.alternatives == (at(6, 22, 30), at(6, 23, 0))


def test_midnight_itself_is_closed(business: Business) -> None:
    result = check_start(at(7, 0, 0), business, now=NOW)

    assert result.problem is WhenProblem.CLOSED
    assert result.alternatives == (at(6, 22, 30), at(6, 23, 0))


def test_the_session_length_moves_the_last_start(business: Business) -> None:
    assert check_start(at(6, 23, 0), business, now=NOW, minutes=60).ok
    longer = check_start(at(6, 23, 0), business, now=NOW, minutes=90)

    assert longer.problem is WhenProblem.RUNS_PAST_CLOSING
    assert "90-minute session" in longer.message
    assert longer.alternatives == (at(6, 22, 0), at(6, 22, 30))


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("tomorrow at 05:59", WhenProblem.CLOSED),
        ("tomorrow at 5:59am", WhenProblem.CLOSED),
        ("tomorrow at 23:59", WhenProblem.RUNS_PAST_CLOSING),
        ("tomorrow at midnight", WhenProblem.CLOSED),
        ("tomorrow at 00:00", WhenProblem.CLOSED),
        ("tomorrow at 12am", WhenProblem.CLOSED),
    ],
)
def test_times_outside_hours_are_refused_from_text(
    text: str, problem: WhenProblem, business: Business
) -> None:
    result = parse_when(text, business, now=NOW)

    assert result.problem is problem
    assert result.starts_at is None
    assert len(result.alternatives) == 2
    assert all(check_start(start, business, now=NOW).ok for start in result.alternatives)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("tomorrow at 06:00", at(6, 6, 0)), ("tomorrow at 11pm", at(6, 23, 0))],
)
def test_the_first_and_last_starts_are_accepted_from_text(
    text: str, expected: datetime, business: Business
) -> None:
    assert parse_when(text, business, now=NOW).starts_at == expected


def test_midnight_means_the_end_of_the_day_it_is_said_with(business: Business) -> None:
    result = parse_when("tomorrow at midnight", business, now=NOW)

    # Midnight at the end of Saturday: the nearest starts are Saturday's last ones.
    assert result.alternatives == (at(6, 22, 30), at(6, 23, 0))


def test_other_opening_hours_come_from_settings() -> None:
    business = load({"BOT_OPENS": "07:30", "BOT_CLOSES": "22:00"}).business

    assert check_start(at(6, 7, 29), business, now=NOW).problem is WhenProblem.CLOSED
    assert check_start(at(6, 21, 0), business, now=NOW).ok
    assert check_start(at(6, 21, 1), business, now=NOW).problem is WhenProblem.RUNS_PAST_CLOSING
    # "at 7" can only be the evening when the morning is before opening time.
    assert parse_when("tomorrow at 7", business, now=NOW).starts_at == at(6, 19, 0)


def test_hours_past_midnight_and_round_the_clock() -> None:
    late = load({"BOT_OPENS": "18:00", "BOT_CLOSES": "02:00"}).business
    assert check_start(at(7, 1, 0), late, now=NOW).ok  # Friday night's hours, into Saturday
    assert check_start(at(7, 1, 30), late, now=NOW).problem is WhenProblem.RUNS_PAST_CLOSING
    assert check_start(at(6, 12, 0), late, now=NOW).problem is WhenProblem.CLOSED

    always = load({"BOT_OPENS": "00:00", "BOT_CLOSES": "00:00"}).business
    assert check_start(at(6, 3, 0), always, now=NOW).ok


# --- the past ------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["yesterday at 6pm", "today at 8am", "this morning at 9"])
def test_times_in_the_past_are_refused_with_the_soonest_starts(
    text: str, business: Business
) -> None:
    result = parse_when(text, business, now=NOW)

    assert result.problem is WhenProblem.PAST
    assert "has already passed" in result.message
    assert result.alternatives == (at(5, 10, 30), at(5, 11, 0))
    assert "The soonest we can come is Friday 5 December at 10:30" in result.message


def test_a_date_with_a_past_year_is_refused(business: Business) -> None:
    result = parse_when("25/12/2024 at 10am", business, now=NOW)

    assert result.problem is WhenProblem.PAST
    assert "Wednesday 25 December 2024 at 10:00 has already passed" in result.message


def test_now_itself_is_past(business: Business) -> None:
    assert check_start(NOW, business, now=NOW).problem is WhenProblem.PAST
    assert check_start(NOW + timedelta(minutes=1), business, now=NOW).ok


def test_dates_without_a_year_prefer_the_future(business: Business) -> None:
    boxing_day = at(26, 9, 0)

    result = parse_when("5/3 at 10am", business, now=boxing_day)

    assert result.starts_at == datetime(2026, 3, 5, 10, 0, tzinfo=LONDON)
    assert result.message == "Thursday 5 March 2026 at 10:00"


def test_a_date_just_gone_is_refused_not_moved_a_year_on(business: Business) -> None:
    result = parse_when("25/12 at 10am", business, now=at(26, 9, 0))

    assert result.problem is WhenProblem.PAST
    assert result.message.startswith("Thursday 25 December at 10:00 has already passed.")


def test_a_time_without_a_day_is_today_if_still_ahead_else_tomorrow(business: Business) -> None:
    assert parse_when("at 6pm", business, now=NOW).starts_at == at(5, 18, 0)
    assert parse_when("at 9am", business, now=NOW).starts_at == at(6, 9, 0)


# --- natural phrases --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("tomorrow at 6pm", at(6, 18, 0)),
        ("Tomorrow at 6 p.m.", at(6, 18, 0)),
        ("next Tues 7.30", at(9, 7, 30)),
        ("next tuesday at 7:30pm", at(9, 19, 30)),
        ("25/12 at 10am", at(25, 10, 0)),
        ("25th of December at 3pm", at(25, 15, 0)),
        ("in 2 hours", at(5, 12, 0)),
        ("in half an hour", at(5, 10, 30)),
        ("friday at 6pm", at(5, 18, 0)),  # today is Friday and 18:00 is still ahead
        ("friday at 9am", at(12, 9, 0)),  # 09:00 today has gone: next Friday
        ("Tuesday week at 10am", at(16, 10, 0)),
        ("tuesday next week at 10am", at(9, 10, 0)),
        ("half past 7 tomorrow evening", at(6, 19, 30)),
        ("noon on Sunday", at(7, 12, 0)),
        ("weds 18:30", at(10, 18, 30)),
        ("2025-12-25 10:00", at(25, 10, 0)),
        ("tomorrow at 6pm for 90 minutes", at(6, 18, 0)),
        ("Saturday 13th December at 10am", at(13, 10, 0)),
        ("3ish tomorrow", at(6, 15, 0)),
        ("a week on saturday at 11", at(13, 11, 0)),
        ("this time next week", at(12, 10, 0)),
        ("christmas eve at 3pm", at(24, 15, 0)),
        ("boxing day 11am", at(26, 11, 0)),
        ("the bank holiday at 10am", at(25, 10, 0)),
        ("tonite at 8", at(5, 20, 0)),
    ],
)
def test_natural_phrases(text: str, expected: datetime, business: Business) -> None:
    result = parse_when(text, business, now=NOW)

    assert result.ok, result.message
    assert result.starts_at == expected
    assert result.starts_at is not None and result.starts_at.tzinfo == LONDON


def test_the_result_is_aware_in_the_business_zone_in_summer(business: Business) -> None:
    july = datetime(2025, 7, 4, 10, 0, tzinfo=LONDON)

    result = parse_when("tomorrow at 6pm", business, now=july)

    assert result.starts_at is not None
    assert result.starts_at.isoformat() == "2025-07-05T18:00:00+01:00"


def test_now_may_be_given_in_another_zone_or_naive(business: Business) -> None:
    from datetime import timezone

    utc_now = NOW.astimezone(timezone.utc)
    naive_now = NOW.replace(tzinfo=None)

    for clock in (utc_now, naive_now):
        assert parse_when("tomorrow at 6pm", business, now=clock).starts_at == at(6, 18, 0)


def test_a_bare_time_says_which_reading_it_took(business: Business) -> None:
    result = parse_when("next Tues 7.30", business, now=NOW)

    assert result.assumption == 'I\'ve taken "7.30" as 07:30; say "7.30pm" if you meant 19:30.'


@pytest.mark.parametrize(
    ("text", "day", "daypart"),
    [
        ("Saturday morning", 6, "morning"),
        ("saturday afternoon", 6, "afternoon"),
        ("Saturday evening", 6, "evening"),
        ("tonight", 5, "evening"),
        ("can you come tomorrow afternoon please", 6, "afternoon"),
        ("next tuesday after work", 9, "after work"),
        ("sunday lunchtime", 7, "lunchtime"),
    ],
)
def test_a_part_of_the_day_asks_the_hour_on_that_day(
    text: str, day: int, daypart: str, business: Business
) -> None:
    result = parse_when(text, business, now=NOW)

    assert result.problem is WhenProblem.NEEDS_TIME
    assert (result.day, result.daypart) == (at(day, 0, 0).date(), daypart)
    assert result.message.startswith("What time on ")


def test_an_answer_with_only_the_hour_is_read_on_the_day_kept(business: Business) -> None:
    saturday = at(6, 0, 0).date()

    assert parse_when("about 6.30", business, now=NOW, day=saturday).starts_at == at(6, 6, 30)
    assert parse_when("3ish", business, now=NOW, day=saturday, daypart="afternoon").starts_at == at(
        6, 15, 0
    )
    assert parse_when("4", business, now=NOW, day=saturday, daypart="after work").starts_at == (
        at(6, 16, 0)
    )
    # a day named in the answer wins over the one kept
    assert parse_when("sunday 10am", business, now=NOW, day=saturday).starts_at == at(7, 10, 0)


def test_last_weekday_is_the_past_one_and_refused(business: Business) -> None:
    result = parse_when("last monday at 10am", business, now=NOW)

    assert result.problem is WhenProblem.PAST
    assert result.understood == at(1, 10, 0)


@pytest.mark.parametrize("text", ["in 99999999 days", "in 99999999 hours", "in 9999 weeks"])
def test_absurd_distances_are_refused_not_raised(text: str, business: Business) -> None:
    result = parse_when(text, business, now=NOW)

    assert not result.ok and "further ahead" in result.message


def test_beyond_the_booking_horizon_is_refused(business: Business) -> None:
    result = parse_when("in 200 days at 10am", business, now=NOW)

    assert result.problem is WhenProblem.TOO_FAR
    assert "120 days ahead" in result.message


def test_an_afternoon_hour_without_am_or_pm_is_the_afternoon(business: Business) -> None:
    result = parse_when("sunday at 3", business, now=NOW)

    assert result.starts_at == at(7, 15, 0)
    assert result.assumption is None  # 03:00 was never possible


# --- questions instead of guesses ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "day"),
    [("Saturday", at(6, 0).date()), ("tomorrow", at(6, 0).date()), ("25/12", at(25, 0).date())],
)
def test_a_day_without_a_time_asks_for_the_time(text: str, day: object, business: Business) -> None:
    result = parse_when(text, business, now=NOW)

    assert result.problem is WhenProblem.NEEDS_TIME
    assert result.starts_at is None
    assert result.day == day
    assert result.message.startswith("What time on ")
    assert "06:00 to midnight" in result.message


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("next week", "Which day next week would suit you, and at what time?"),
        ("this weekend", "Which day this weekend would suit you, and at what time?"),
        ("sometime next month", "next month"),
        ("in december", "Which day in December"),
    ],
)
def test_a_span_asks_which_day(text: str, phrase: str, business: Business) -> None:
    result = parse_when(text, business, now=NOW)

    assert result.problem is WhenProblem.NEEDS_DAY
    assert phrase in result.message


def test_as_soon_as_possible_offers_the_soonest_starts(business: Business) -> None:
    result = parse_when("asap", business, now=NOW)

    assert result.problem is WhenProblem.NEEDS_TIME
    assert result.alternatives == (at(5, 10, 30), at(5, 11, 0))


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("banana", "couldn't work out when"),
        ("", "couldn't work out when"),
        ("31/2 at 10am", '"31/2" isn\'t a date'),
        ("tomorrow at 25:00", '"25:00" isn\'t a time'),
        ("13pm tomorrow", '"13pm" isn\'t a time'),
        ("the day after my birthday at 10am", 'couldn\'t work out the day from "birthday"'),
        ("monday 9/12 at 2pm", "9 December is a Tuesday, not a Monday"),
        ("6", "Did you mean 6 o'clock, or the 6th?"),
    ],
)
def test_unreadable_or_contradictory_text_gets_a_clear_message(
    text: str, says: str, business: Business
) -> None:
    result = parse_when(text, business, now=NOW)

    assert result.problem is WhenProblem.UNCLEAR
    assert result.starts_at is None
    assert says in result.message


# --- helpers ----------------------------------------------------------------------------


def test_format_when_adds_the_year_only_when_it_differs() -> None:
    assert format_when(at(6, 6, 0)) == "Saturday 6 December at 06:00"
    assert format_when(at(6, 6, 0), today=NOW.date()) == "Saturday 6 December at 06:00"
    assert format_when(at(1, 9, 0, month=1, year=2026), today=NOW.date()) == (
        "Thursday 1 January 2026 at 09:00"
    )


def test_nearest_starts_are_the_closest_valid_ones_later_first_on_a_tie(
    business: Business,
) -> None:
    # 03:00 is 3 h before 06:00 and 4 h from both 23:00 the night before and 07:00.
    starts = nearest_starts(at(6, 3, 0), business, now=NOW, count=3)

    assert starts == (at(6, 6, 0), at(6, 6, 30), at(6, 7, 0))
    assert all(start.timetz().replace(tzinfo=None) >= time(6, 0) for start in starts)


# --- which day: a date said as a bare number, the day a pain began, a day that can't be ---


def test_a_weekday_with_its_date_as_a_bare_number_is_that_date(business: Business) -> None:
    result = parse_when("sunday 14 in the evening", business, now=NOW)  # the 14th is a Sunday
    assert result.problem is WhenProblem.NEEDS_TIME and result.day == at(14, 0, 0).date()
    late = parse_when("Saturday 20, say 7pm", business, now=NOW)
    assert late.starts_at == at(20, 19, 0)


def test_a_weekday_with_a_number_that_is_not_its_date_is_a_time(business: Business) -> None:
    assert parse_when("sunday 10", business, now=NOW).starts_at == at(7, 10, 0)  # 10th: Wed
    assert parse_when("sunday 18:30", business, now=NOW).starts_at == at(7, 18, 30)


@pytest.mark.parametrize(
    ("text", "start"),
    [
        ("my neck has been stiff since Monday, could somebody come Sunday about 4pm", at(7, 16, 0)),
        ("tweaked my back on tuesday lifting boxes, free on Monday at 6pm?", at(8, 18, 0)),
        ("I'm stuck at work tomorrow, could it be Monday at 11am instead", at(8, 11, 0)),
        ("not saturday, sunday at 3pm", at(7, 15, 0)),
        ("monday at 10am rather than sunday", at(8, 10, 0)),
    ],
)
def test_the_day_that_began_the_pain_or_cannot_be_is_not_the_visit(
    text: str, start: datetime, business: Business
) -> None:
    assert parse_when(text, business, now=NOW).starts_at == start


def test_a_day_named_alone_is_kept_even_after_since(business: Business) -> None:
    result = parse_when("since monday", business, now=NOW)  # nothing else to go on
    assert result.day == at(8, 0, 0).date()


def test_a_corrected_hour_is_read_near_the_time_it_corrects(business: Business) -> None:
    evening = parse_when("half 7", business, now=NOW, day=at(9, 0, 0).date(), near=at(9, 19, 0))
    assert evening.starts_at == at(9, 19, 30)
    morning = parse_when("half 7", business, now=NOW, day=at(9, 0, 0).date(), near=at(9, 8, 0))
    assert morning.starts_at == at(9, 7, 30)
    far = parse_when("4", business, now=NOW, day=at(9, 0, 0).date(), near=at(9, 9, 0))
    assert far.starts_at == at(9, 16, 0)  # 04:00 is out of hours whatever the time before


@pytest.mark.parametrize(
    ("text", "alone"),
    [
        ("Sat?", True),
        ("next tues", True),
        ("tmrw 6pm", True),
        ("sunday then", True),
        ("what about the 12th", True),
        ("it started on monday", False),
        ("since monday", False),
        ("back", False),
        ("friday, my neck is sore", False),
        ("mornings", False),
    ],
)
def test_only_a_day(text: str, alone: bool) -> None:
    assert only_a_day(text) is alone


@pytest.mark.parametrize(
    ("text", "start"),
    [
        # "next week, Wednesday": the Wednesday of next week, not the one after
        ("next week, wednesday at 4pm", at(10, 16, 0)),
        ("next week on thurs at 11am", at(11, 11, 0)),
        # texting spellings of today, night and work
        ("2day at 3pm", at(5, 15, 0)),
        ("sat nite about 9", at(6, 21, 0)),
        ("monday 7 after wrk", at(8, 19, 0)),
        # "half 4 pm" is half past four in the afternoon
        ("tuesday half 4 pm", at(9, 16, 30)),
        ("sunday at 2pm if poss", at(7, 14, 0)),
    ],
)
def test_texting_forms_of_days_and_hours(text: str, start: datetime, business: Business) -> None:
    assert parse_when(text, business, now=NOW).starts_at == start


@pytest.mark.parametrize(
    ("text", "start"),
    [
        # what already happened this morning is not the day asked for
        ("noticed it when I got up this morning, is saturday at 10am ok", at(6, 10, 0)),
        ("my shoulder locked up this morning, could you come this afternoon at 4", at(5, 16, 0)),
        ("ran 12 miles on wednesday, legs are gone, tomorrow at 5pm?", at(6, 17, 0)),
    ],
)
def test_a_day_that_already_happened_gives_way_to_the_one_asked_for(
    text: str, start: datetime, business: Business
) -> None:
    assert parse_when(text, business, now=NOW).starts_at == start
