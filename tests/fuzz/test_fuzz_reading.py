"""Every reader of a message in bot/ takes any generated text without an exception other
than the refusals it documents (a length or contact it cannot read)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hostile import messages
from hypothesis import HealthCheck, given, settings

from bot import callbacks
from bot.booking import contact, length, signals, when
from bot.kb import builder
from bot.kb.query import ReferralKB
from bot.nlu import asking, booking_request, emoji_reply, privacy_request, vocabulary
from bot.nlu.reader import TriageReader
from bot.settings import load

EXAMPLES = int(__import__("os").environ.get("FUZZ_EXAMPLES", "3000"))
BUSINESS = load({}).business
NOW = datetime(2026, 12, 3, 11, 0, tzinfo=ZoneInfo("Europe/London"))
DATA = Path(__file__).resolve().parents[2] / "data" / "kb"


@pytest.fixture(scope="module")
def real_kb(tmp_path_factory: pytest.TempPathFactory) -> ReferralKB:
    path = tmp_path_factory.mktemp("fuzz-kb") / "kb.db"
    builder.build(DATA, path)
    return ReferralKB(path)


@pytest.fixture(scope="module")
def reader(real_kb: ReferralKB) -> TriageReader:
    return TriageReader(vocabulary.from_kb(real_kb.db_path))


def test_any_text_is_read_by_every_reader(real_kb: ReferralKB, reader: TriageReader) -> None:
    engine = real_kb.safety_engine()

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(messages())
    def read_everything(text: str) -> None:
        reading = reader.read(text)
        assert isinstance(reading.mentions, tuple)
        assessment = engine.assess(text)
        assert assessment is not None
        result = when.parse_when(text, BUSINESS, now=NOW)
        assert result.ok or isinstance(result.message, str) and result.message
        when.names_a_day_or_time(text)
        when.span_of(text)
        for parse in (contact.parse_postcode, contact.parse_mobile, contact.parse_email,
                      contact.parse_name, contact.parse_contact, contact.parse_notes):  # fmt: skip
            try:
                parse(text)
            except contact.ContactError as refused:
                assert str(refused)
        try:
            length.parse_length(text, BUSINESS)
        except length.LengthError as refused:
            assert str(refused)
        signals.read_signals(text, opening=True)
        signals.read_signals(text)
        booking_request.requests_a_visit(text)
        booking_request.resumes_a_booking(text)
        privacy_request.asks_to_erase(text)
        privacy_request.asks_about_privacy(text)
        asking.is_question(text)
        asking.mentions_pain(text)
        asking.only_states(text)
        emoji_reply.reply_of(text)
        callbacks.parse_phone(text)

    read_everything()
