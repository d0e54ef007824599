"""bot.booking.contact and bot.booking.length: postcodes, mobiles, e-mail, names, lengths."""

from __future__ import annotations

import pytest

from bot.booking.contact import (
    Contact,
    ContactError,
    parse_contact,
    parse_email,
    parse_mobile,
    parse_name,
    parse_notes,
    parse_postcode,
)
from bot.booking.length import LengthError, parse_length
from bot.settings import Business

# --- postcodes ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "postcode"),
    [
        ("SW1A 1AA", "SW1A 1AA"),
        ("sw1a1aa", "SW1A 1AA"),
        ("sw1a 1aa", "SW1A 1AA"),
        ("  Sw1A   1aA. ", "SW1A 1AA"),
        ("EC1A1BB", "EC1A 1BB"),
        ("W1A 0AX", "W1A 0AX"),
        ("m1 1ae", "M1 1AE"),
        ("B338TH", "B33 8TH"),
        ("CR2 6XH", "CR2 6XH"),
        ("DN55 1PT", "DN55 1PT"),
        ("gir0aa", "GIR 0AA"),
        ("my postcode is b33 8th thanks", "B33 8TH"),
    ],
)
def test_postcodes_are_normalised(text: str, postcode: str) -> None:
    assert parse_postcode(text) == postcode


@pytest.mark.parametrize(
    "text",
    [
        "",
        "hello",
        "12345",
        "SW1A",  # outward code only
        "SW1A 1A",
        "QA1 1AA",  # Q never starts a postcode
        "SW1A 1CA",  # C is never in the inward code
        "'; DROP TABLE bookings;--",
    ],
)
def test_junk_is_not_a_postcode(text: str) -> None:
    with pytest.raises(ContactError, match="doesn't look like a UK postcode"):
        parse_postcode(text)


def test_two_postcodes_ask_which() -> None:
    with pytest.raises(ContactError, match="more than one postcode"):
        parse_postcode("SW1A 1AA or M1 1AE")


# --- phone numbers ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "07400 123456",
        "07400123456",
        "+44 7400 123456",
        "+447400123456",
        "0044 7400 123456",
        "(07400) 123-456",
        "call me on 07400 123456 please",
    ],
)
def test_uk_mobiles_are_normalised_to_e164(text: str) -> None:
    assert parse_mobile(text) == "+447400123456"


@pytest.mark.parametrize("text", ["020 7946 0018", "0113 496 0000", "+44 20 7946 0018"])
def test_landlines_are_refused_with_the_reason(text: str) -> None:
    with pytest.raises(ContactError, match="landline") as refused:
        parse_mobile(text)
    assert "we need a UK mobile" in str(refused.value)
    assert "e-mail" in str(refused.value)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("0800 123 4567", "landline or service number"),
        ("07400 12345", "has 10 digits; a UK mobile has 11"),
        ("07400 1234567", "has 12 digits; a UK mobile has 11"),
        ("+33 6 12 34 56 78", "only text UK mobile numbers"),
        ("phone me", "doesn't look like a phone number"),
    ],
)
def test_bad_phone_numbers_are_refused(text: str, says: str) -> None:
    with pytest.raises(ContactError, match=says):
        parse_mobile(text)


# --- e-mail and choosing between them ----------------------------------------------------


def test_email_addresses_keep_their_local_part_and_lower_the_domain() -> None:
    assert parse_email("Jo.Bloggs@Example.COM") == "Jo.Bloggs@example.com"
    assert parse_email("  my email is jo+massage@example.co.uk ") == "jo+massage@example.co.uk"
    assert parse_email("email me at <jo@example.com>.") == "jo@example.com"


@pytest.mark.parametrize("text", ["jo@@example.com", "jo@example", "jo bloggs@example.com", "@x"])
def test_bad_email_addresses_are_refused(text: str) -> None:
    with pytest.raises(ContactError, match="e-mail address doesn't look right"):
        parse_email(text)


def test_a_local_only_domain_needs_no_network_to_be_refused() -> None:
    # check_deliverability=False: the form is judged, the domain is never looked up.
    assert parse_email("jo@no-such-domain-for-sure.example") == "jo@no-such-domain-for-sure.example"


@pytest.mark.parametrize(
    ("text", "contact"),
    [
        ("07400 123456", Contact("phone", "+447400123456")),
        ("+44 7400 123456", Contact("phone", "+447400123456")),
        ("jo@example.com", Contact("email", "jo@example.com")),
        ("text me on 07400123456", Contact("phone", "+447400123456")),
    ],
)
def test_parse_contact_tells_phone_from_email(text: str, contact: Contact) -> None:
    assert parse_contact(text) == contact


def test_parse_contact_asks_when_it_is_neither() -> None:
    with pytest.raises(ContactError, match="UK mobile number .* or an e-mail address"):
        parse_contact("whatever works")
    with pytest.raises(ContactError, match="landline"):
        parse_contact("020 7946 0018")


def test_a_mobile_is_shown_the_way_people_write_it() -> None:
    assert Contact("phone", "+447400123456").display == "07400 123456"
    assert Contact("email", "jo@example.com").display == "jo@example.com"


# --- names and notes --------------------------------------------------------------------


def test_names_are_tidied_not_rewritten() -> None:
    assert parse_name("  Jo   Bloggs ") == "Jo Bloggs"
    assert parse_name("my name is Siobhán O'Neill") == "Siobhán O'Neill"
    assert parse_name("Robert'); DROP TABLE bookings;--") == "Robert'); DROP TABLE bookings;--"


def test_a_name_typed_all_in_one_case_is_capitalised_as_on_a_letter() -> None:
    assert parse_name("javier ruiz") == "Javier Ruiz"
    assert parse_name("AOIFE O'BRIEN-WALSH") == "Aoife O'Brien-Walsh"
    assert parse_name("maria de la cruz") == "Maria de la Cruz"
    assert parse_name("DeShawn McIntyre") == "DeShawn McIntyre"  # mixed case: as written


@pytest.mark.parametrize("text", ["", "   ", "1234", "x" * 81])
def test_empty_or_overlong_names_are_refused(text: str) -> None:
    with pytest.raises(ContactError):
        parse_name(text)


def test_notes_are_optional() -> None:
    assert parse_notes(None) == ""
    assert parse_notes("no thanks") == ""
    assert parse_notes("Parking behind.\n\nDog is friendly.") == "Parking behind.\nDog is friendly."
    with pytest.raises(ContactError, match="under 500 characters"):
        parse_notes("x" * 501)


# --- session length ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("90", 90),
        ("90 minutes", 90),
        ("60 mins", 60),
        ("an hour", 60),
        ("1 hour", 60),
        ("1.5 hours", 90),
        ("an hour and a half", 90),
        ("two hours", 120),
        ("2 hours please", 120),
    ],
)
def test_session_lengths(text: str, minutes: int, business: Business) -> None:
    assert parse_length(text, business) == minutes


def test_a_length_not_offered_names_those_that_are(business: Business) -> None:
    with pytest.raises(LengthError, match="We offer 60, 90 or 120-minute sessions"):
        parse_length("45 minutes", business)
    with pytest.raises(LengthError, match="How long would you like"):
        parse_length("the long one", business)
