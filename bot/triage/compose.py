"""The triage replies: where the pain likely comes from, what brings it on, what helps.

Each function takes the knowledge base, the remembered state and what the latest
message named, and returns a `Turn`: the reply and the state to remember. Replies name
muscles as likely sources ("often", "likely"), never as a diagnosis, and every one
carries the structured result in its custom payload (`triage_payload`).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from bot import safety
from bot.kb import explain
from bot.kb.query import MuscleCare, RedFlag, ReferralKB, Source, Trigger
from bot.triage import narrowing, precautions
from bot.triage.phrases import Voice
from bot.triage.reply import Button, Reply, intent_payload
from bot.triage.state import ZONE_ENTITY, Mentions, TriageState, remember, within

DISCLAIMER = "Just so you know: this is guidance based on common pain patterns, not a diagnosis."
MAX_SOURCES = 3
# A third muscle is named only if it explains the pain at least this well relative to the first.
THIRD_SOURCE_SHARE = 0.5
MAX_TRIGGERS_EXPLAINED = 2
CAUSE_QUESTION = "cause"
# The triggers offered as buttons when asking what brought the pain on, with short labels.
CAUSE_BUTTONS = {
    "desk_work": "Desk work",
    "running": "Running",
    "overhead_work": "Arms overhead",
    "stress": "Stress",
    "acute_injury": "An injury",
    "posture": "Posture",
    "driving": "Driving",
    "sleeping_position": "Slept awkwardly",
}
CARE_TIPS = Button("Care tips", intent_payload("care_tips"))
FIND_AND_RELEASE = Button("How do I find and release it?", intent_payload("ask_technique"))
STRETCHES = Button("Stretches", intent_payload("ask_stretches"))
# The `asked` of a reply that asks which part of a zone hurts: "zone:leg".
ZONE_QUESTION = "zone:"
WHERE_QUESTION = "where"
# What the health question comes before, so its answer leads there (`then` in the payload).
TECHNIQUE = "technique"
CARE = "care_tips"
WHAT_CAUSES_IT = Button("What causes it?", intent_payload("ask_cause"))
BOOK = Button("Book a session", intent_payload("book_session"))
RED_FLAG_REMINDER = (
    "And please do still get the concern you mentioned earlier checked first; "
    "I'll hold off on booking until then."
)
CRISIS_FLAG = "self_harm"
CRISIS_LEVEL = "crisis"
CRISIS_CLOSING = (
    "I'm an automated assistant, so I can't give you the support you deserve, but the people "
    "on those lines can, right now. You can keep talking to me too, if it helps."
)
CRISIS_REMINDER = (
    "And please remember what you told me earlier: Samaritans are there any time on 116 123, "
    "and in an emergency call 999. You matter."
)
# The safety items of data/kb/care.yml that come with every set of care tips (and in pregnancy).
SELF_TREATMENT_SAFETY = "self_treatment_safety"
MASSAGE_IN_PREGNANCY = "massage_in_pregnancy"
PREGNANCY = "pregnancy"
KEPT_OFF = (
    "Because of what you told me about your health, I'd leave pressing on the {place} "
    "to a therapist."
)
WITHHELD = (
    "I've left out pressing and stretching for the {place} until the concern you mentioned "
    "has been checked."
)

_PARENTHESES = re.compile(r"\s*\([^)]*\)")
_FIRST_SENTENCE = re.compile(r"(?<=[.!?])\s+")
_PREPOSITIONS = ("behind ", "between ", "around ", "above ", "below ", "under ")
_NAMES = ("Achilles",)


@dataclass(frozen=True)
class Turn:
    """What to say this turn and what to remember afterwards."""

    reply: Reply
    state: TriageState


def explain_sources(
    kb: ReferralKB,
    state: TriageState,
    said: Mentions,
    answering: str | None = None,
    *,
    asked: Collection[str] = (),
    voice: Voice | None = None,
) -> Turn:
    """Name the two or three likeliest source muscles of the pain, one line each, briefly.

    Any zone with referral data is answered at once, a broad one ("neck", "lower back")
    with its likeliest sources across its parts and an offer to narrow it down. Only a
    zone `narrowing` asks about first (a whole limb) gets the question, once: a reply that
    names no part of it (`answering` that question, or the question in `asked` before) is
    answered at the broader level. A message that names only a trigger (or a side)
    re-ranks the remembered zones and re-explains briefly, unless it is `answering` the
    cause question: then the trigger is explained as `explain_cause` does. With no zone
    at all, a named trigger is explained and the place asked for. How to find, press and
    stretch the muscles comes when asked (`find_and_release`, `stretches`, `care_tips`);
    the reply's payload carries the full detail for the widget's card.
    """
    voice = voice or Voice()
    if said.red_flags:
        return _red_flag_named(kb, state, said)
    if answering == CAUSE_QUESTION and said.triggers and not said.names_place:
        return explain_cause(kb, state, said, asked_before=True)
    before, state = state, remember(kb, state, said)
    if not state.zones:
        return _ask_where(kb, state, said, voice)
    zone_asked = {*asked, *([answering] if answering else [])}
    if (
        len(state.zones) == 1
        and narrowing.default().asks_first(state.zones[0])
        and _zone_question(state.zones[0]) not in zone_asked
    ):
        return _ask_which_part(kb, state, said, voice)
    sources = _ranked(kb, state)
    if not sources:
        return _no_pattern(kb, state)
    brief = not said.names_place and bool(said.triggers or said.side)
    parts: list[str] = []
    dropped = [zone for zone in before.zones if zone not in state.zones]
    if dropped and said.negated_zones:
        parts.append(f"Got it: not {_join([_the(kb, zone) for zone in said.negated_zones])}.")
    offered = None
    if brief:
        parts.append(_brief_sources(kb, state, said, sources))
    else:
        parts.append(_short_sources(kb, state, sources, voice))
        offered = _narrowing_offer(kb, state, voice)
        if offered is not None:
            parts.append(offered[1])
        if not state.triggers:
            parts.append(voice.say("utter_tailor_offer"))
        parts += _pressing_notices(kb, state)
        if not precautions.needs_asking(state):
            parts += precautions.advice(kb, state)
    opening, state = _opening(state)
    parts += opening
    buttons = (FIND_AND_RELEASE, STRETCHES, CARE_TIPS, BOOK)
    return _turn(
        kb, state, parts, buttons, sources, offered=offered[0] if offered else None, detail=True
    )


def find_and_release(
    kb: ReferralKB, state: TriageState, said: Mentions | None = None, *, voice: Voice | None = None
) -> Turn:
    """How to find and release each likely source muscle, with the cautions that matter.

    The health question comes first, once (its answer leads back here); nothing is
    pressed in the area of a red flag raised earlier or where a health condition rules it
    out. With no place known yet, the place is asked for.
    """
    voice = voice or Voice()
    said = said or Mentions()
    state, stopped = _before_pressing(kb, state, said)
    if stopped is not None:
        return stopped
    if not _explainable(kb, state):
        return _ask_where(kb, state, said, voice)
    if precautions.needs_asking(state):
        return _health_question(kb, state, TECHNIQUE)
    sources = _ranked(kb, state)
    cares = [care for care in (kb.care_for(source.id) for source in sources) if care]
    parts, state = _opening(state)
    kept_off = _kept_off(kb, state)
    if kept_off:
        parts.append(KEPT_OFF.format(place=_places(kb, kept_off)))
    elif cares:
        pressure = "gentle_pressure" if precautions.gentle(kb, state) else "firm_pressure"
        lines = [voice.say("utter_technique_intro", pressure=voice.say(f"utter_{pressure}"))]
        cautions = _unique_cautions(cares)
        for care in cares:
            _, _, finding = care.location.partition(";")
            lines.append(f"• {_name(care.name)}: {_lower_first(care.technique)}")
            if finding.strip():
                lines.append(f"  Finding it: {_lower_first(finding.strip())}")
            if care.name in cautions:
                lines.append(f"  Take care: {_lower_first(cautions[care.name])}")
        parts.append("\n".join(lines))
    parts += precautions.advice(kb, state)
    parts += _safety_items(kb, state)
    return _turn(kb, state, parts, (STRETCHES, CARE_TIPS, BOOK), sources)


def stretches(
    kb: ReferralKB, state: TriageState, said: Mentions | None = None, *, voice: Voice | None = None
) -> Turn:
    """The stretch for each likely source muscle, to do once the spot has eased."""
    voice = voice or Voice()
    said = said or Mentions()
    state, stopped = _before_pressing(kb, state, said)
    if stopped is not None:
        return stopped
    if not _explainable(kb, state):
        parts, state = _opening(state)
        parts += [voice.say("utter_stretch_general"), voice.say("utter_ask_where")]
        return _turn(kb, state, parts, (), [], asked=WHERE_QUESTION)
    sources = _ranked(kb, state)
    cares = [care for care in (kb.care_for(source.id) for source in sources) if care]
    parts, state = _opening(state)
    lines = [voice.say("utter_stretch_intro")]
    lines += [f"• {_name(care.name)}: {care.stretch}" for care in cares]
    parts.append("\n".join(lines))
    if PREGNANCY in state.precautions:
        parts += [item.text for item in kb.care(MASSAGE_IN_PREGNANCY)]
    return _turn(kb, state, parts, (FIND_AND_RELEASE, CARE_TIPS, BOOK), sources)


def explain_cause(
    kb: ReferralKB,
    state: TriageState,
    said: Mentions,
    asked_before: bool = False,
    *,
    voice: Voice | None = None,
) -> Turn:
    """Explain how the known triggers bring trigger points on and what to change.

    With zones known, also say which of the likeliest source muscles each trigger loads.
    With no trigger known, ask once what brought it on (buttons of common triggers); if
    that was `asked_before`, give the common causes in general instead of asking again.
    """
    if said.red_flags:
        return _red_flag_named(kb, state, said)
    state = remember(kb, state, said)
    sources = _ranked(kb, state) if _explainable(kb, state) else []
    focus = said.triggers or tuple(reversed(state.triggers))
    triggers = [found for found in map(kb.trigger, focus) if found is not None]
    if not triggers and not asked_before:
        buttons = tuple(
            Button(label, intent_payload("describe_cause", {"trigger": trigger_id}))
            for trigger_id, label in CAUSE_BUTTONS.items()
            if kb.trigger(trigger_id) is not None
        )
        text = (
            "What do you think brought it on? Knowing that helps me tailor the advice. "
            "Tap the closest, or tell me in your own words."
        )
        custom = triage_payload(kb, state, sources, asked=CAUSE_QUESTION)
        return Turn(Reply(text, buttons, custom), state)
    parts, state = _opening(state)
    if not triggers:
        parts.append(
            "Trigger points usually build up for a few common reasons: muscles worked hard "
            "without enough recovery, one position held for long spells, stress raising the "
            "tension everywhere, posture keeping some muscles short and others over-stretched, "
            "or an old injury the muscles kept guarding long after it healed. If any of those "
            "rings a bell, tell me and I'll tailor the advice."
        )
    for trigger in triggers[:MAX_TRIGGERS_EXPLAINED]:
        parts.append(
            f"How {_label(trigger)} can set them off: {trigger.explanation}\n"
            f"What helps: {trigger.advice}"
        )
        if sources:
            parts.append(_loads(kb, state, trigger, sources))
    if not state.zones:
        parts.append((voice or Voice()).say("utter_ask_where"))
    return _turn(kb, state, parts, (CARE_TIPS, BOOK), sources)


def care_tips(kb: ReferralKB, state: TriageState, said: Mentions | None = None) -> Turn:
    """Self-care for trigger points, with each likely source muscle's own technique and stretch.

    None for the zones of a red flag raised earlier (`withheld_zones`): no heat, pressure or
    stretch there until it has been checked. The first time, the health question comes
    first (`bot.triage.precautions`), and the tips adapt to its answer.
    """
    said = said or Mentions()
    state, stopped = _before_pressing(kb, state, said)
    if stopped is not None:
        return stopped
    if precautions.needs_asking(state):
        return _health_question(kb, state, CARE)
    sources = _ranked(kb, state) if _explainable(kb, state) else []
    cares = [care for care in (kb.care_for(source.id) for source in sources) if care is not None]
    parts, state = _opening(state)
    place = f" with the pain {_place(kb, state.zones, state.side)}" if sources else ""
    kept_off = _kept_off(kb, state)
    techniques = (
        "• Where to press:\n"
        + "\n".join(f"  – {_name(care.name)}: {care.technique}" for care in cares)
        + "\n"
        if cares and not kept_off
        else ""
    )
    if cares:
        stretch = (
            "• Then stretch, once the spot has eased, so the fibres settle back to their "
            "resting length:\n"
            + "\n".join(f"  – {_name(care.name)}: {care.stretch}" for care in cares)
        )
    else:
        stretch = (
            "• Then stretch gently, once the spot has eased, holding about 30 seconds without "
            "bouncing. Stretching first, while the point is still active, works less well."
        )
    triggers = [found for found in map(kb.trigger, reversed(state.triggers)) if found]
    change = f" For you, that may mean: {_first_sentence(triggers[0].advice)}" if triggers else ""
    warmth = (
        "• Skip heat for now, because of what you told me about your health (see below).\n"
        if precautions.no_heat(kb, state)
        else "• Warmth rather than cold: a warm shower, bath or heat pack brings more blood into "
        "the muscle and helps it let go, while cold narrows the blood vessels and can cut the "
        "circulation further.\n"
    )
    pressure = (
        "• Gentle, steady pressure on the tender spot, held for 30–90 seconds until it starts "
        "to soften; with your health in mind, never hard.\n"
        if precautions.gentle(kb, state)
        else "• Firm, steady pressure on the tender spot, held for 30–90 seconds until it starts "
        "to soften. Quick presses rarely do much.\n"
    )
    parts.append(
        f"A few things that often help{place}:\n"
        f"{warmth}"
        f"{pressure}"
        f"{techniques}"
        f"{stretch}\n"
        "• Some soreness afterwards is normal, a bit like after a workout; it usually eases "
        "over 24–48 hours.\n"
        "• Trigger points tend to come back if the load, posture or stress behind them stays "
        f"the same.{change} Regular treatment also seems to lower the tendency for new ones "
        "to form."
    )
    cautions = _unique_cautions(cares)
    if cautions:
        parts.append(
            "Take care:\n"
            + "\n".join(f"• {_name(muscle)}: {caution}" for muscle, caution in cautions.items())
        )
    if kept_off:
        parts.append(KEPT_OFF.format(place=_places(kb, kept_off)))
    parts += precautions.advice(kb, state)
    parts += _safety_items(kb, state)
    buttons = (BOOK,) if state.triggers else (WHAT_CAUSES_IT, BOOK)
    return _turn(kb, state, parts, buttons, sources)


def red_flag_turn(state: TriageState, flag: RedFlag | None, named: str | None = None) -> Turn:
    """Stop triage for this concern: where to get care and why; no muscles, no booking.

    `flag` is the assessed red flag (None: give the generic advice); the red_flag slot is
    set to its id, else to `named` (an id the knowledge base could not look up), else to
    `safety.GENERIC_RED_FLAG`. Thoughts of suicide or self-harm get the crisis routes and
    a gentle word, never pain advice.
    """
    flag_id = flag.id if flag else (named or safety.GENERIC_RED_FLAG)
    level = flag.level if flag else safety.GENERIC_LEVEL
    # A crisis stays the conversation's red flag: a later physical flag does not replace it.
    if state.red_flag != CRISIS_FLAG or level == CRISIS_LEVEL:
        state = replace(state, red_flag=flag_id)
    if level == CRISIS_LEVEL:
        text = f"{safety.medical_advice(flag)}\n\n{CRISIS_CLOSING}"
    else:
        text = (
            f"{safety.medical_advice(flag)}\n\n"
            "I'll leave the muscle side of things for now: please get this checked first."
        )
    custom = _payload(state, [], {"id": flag_id, "level": level})
    return Turn(Reply(text, (), custom), state)


SAFETY_NET = (
    "If this feels like an emergency, please call 999 now; for urgent medical advice, "
    "NHS 111 can help any time."
)


def with_safety_net(turn: Turn) -> Turn:
    """The turn with a line on 999 and NHS 111 first: for a message the intent model heard
    as a medical worry but that names nothing the rules or triage can act on."""
    reply = turn.reply
    return replace(turn, reply=replace(reply, text=f"{SAFETY_NET}\n\n{reply.text}"))


def unavailable(booking_url: str | None) -> Reply:
    """The apology when the knowledge base cannot be read, with a way forward."""
    text = "Sorry, I can't look that up just now: something has gone wrong on my side."
    if booking_url:
        text += (
            f" You could try again in a few minutes, or book a visit at {booking_url} and "
            "your therapist will go through it with you."
        )
    else:
        text += " Please try again in a few minutes."
    text += " If the pain is severe or you're worried, call NHS 111, or 999 in an emergency."
    buttons = (Button.link("Open the booking page", booking_url),) if booking_url else ()
    return Reply(text, buttons)


def triage_payload(
    kb: ReferralKB,
    state: TriageState,
    sources: Sequence[Source] = (),
    asked: str | None = None,
) -> dict[str, Any]:
    """The structured result every triage reply carries: {"triage": {zones, side, ...}}."""
    flag = None
    if state.red_flag:
        known = kb.red_flag(state.red_flag)
        flag = {"id": state.red_flag, "level": known.level if known else safety.GENERIC_LEVEL}
    return _payload(state, sources, flag, asked)


def already_asked(events: Iterable[Mapping[str, Any]], question: str = CAUSE_QUESTION) -> bool:
    """Whether an earlier bot message (Rasa tracker events) asked `question`."""
    return any(payload.get("asked") == question for payload in _triage_payloads(events))


def last_asked(events: Iterable[Mapping[str, Any]]) -> str | None:
    """The question the latest triage reply asked (its `asked`), or None."""
    asked = last_payload(events).get("asked")
    return asked if isinstance(asked, str) else None


def last_payload(events: Iterable[Mapping[str, Any]]) -> Mapping[str, Any]:
    """The triage payload (`asked`, `offered`, `then`...) of the bot's latest turn, or {}.

    The latest turn is the one after the latest user message, or if the bot has said
    nothing since, the one before it: what the latest message answers. A turn that was
    not a triage reply (a price, the opening hours) leaves nothing pending.
    """
    return last_turn_custom(events, "triage")


def last_turn_custom(events: Iterable[Mapping[str, Any]], key: str) -> Mapping[str, Any]:
    """The `key` part of the custom payload the bot's latest turn sent (see `last_payload`),
    or {}: `triage` for triage replies, `callback` for the call-back offer."""
    previous: Mapping[str, Any] = {}
    current: Mapping[str, Any] = {}
    for event in events:
        if event.get("event") == "user":
            previous, current = current, {}
        elif event.get("event") == "bot":
            found = _custom_part(event, key)
            current = found if found is not None else current
    return current or previous


def asked_before(events: Iterable[Mapping[str, Any]]) -> set[str]:
    """Every question (`asked`) a triage reply of the conversation asked."""
    return {
        asked
        for asked in (p.get("asked") for p in _triage_payloads(events))
        if isinstance(asked, str)
    }


def _triage_payloads(events: Iterable[Mapping[str, Any]]) -> Iterator[Mapping[str, Any]]:
    """The `triage` custom payloads of the bot's messages, oldest first."""
    for event in events:
        if event.get("event") != "bot":
            continue
        triage = _custom_part(event, "triage")
        if triage is not None:
            yield triage


def _custom_part(event: Mapping[str, Any], key: str) -> Mapping[str, Any] | None:
    custom = (event.get("data") or {}).get("custom")
    part = custom.get(key) if isinstance(custom, Mapping) else None
    return part if isinstance(part, Mapping) else None


# Parts of replies


def _red_flag_named(kb: ReferralKB, state: TriageState, said: Mentions) -> Turn:
    """A red flag in any triage message stops triage, whichever action received it."""
    flags = [flag for flag in map(kb.red_flag, said.red_flags) if flag is not None]
    return red_flag_turn(state, safety.most_severe(flags), said.red_flags[0])


def _opening(state: TriageState) -> tuple[list[str], TriageState]:
    """The disclaimer on the first reply that gives guidance, and the state that remembers it."""
    if state.started:
        return [], state
    return [DISCLAIMER], replace(state, started=True)


def _turn(
    kb: ReferralKB,
    state: TriageState,
    parts: list[str],
    buttons: Sequence[Button],
    sources: Sequence[Source],
    asked: str | None = None,
    *,
    offered: str | None = None,
    detail: bool = False,
    then: str | None = None,
) -> Turn:
    if state.red_flag:
        parts = [*parts, CRISIS_REMINDER if state.red_flag == CRISIS_FLAG else RED_FLAG_REMINDER]
        buttons = [button for button in buttons if button != BOOK]
    custom = triage_payload(kb, state, sources, asked)
    triage = custom["triage"]
    if offered:
        triage["offered"] = offered
    if then:
        triage["then"] = then
    if detail and sources:
        triage["detail"] = _detail(kb, state, sources)
    return Turn(Reply("\n\n".join(parts), tuple(buttons), custom), state)


def _before_pressing(
    kb: ReferralKB, state: TriageState, said: Mentions
) -> tuple[TriageState, Turn | None]:
    """The state after the message, and the turn that stops any pressing or stretching
    advice: a red flag in the message, or the area of one raised earlier."""
    if said.red_flags:
        return state, _red_flag_named(kb, state, said)
    state = remember(kb, state, said)
    withheld = withheld_zones(kb, state)
    if withheld:
        text = WITHHELD.format(place=_places(kb, withheld))
        return state, _turn(kb, state, [text], (), [])
    return state, None


def _health_question(kb: ReferralKB, state: TriageState, then: str) -> Turn:
    """The health question before any pressing technique; its answer leads to `then`."""
    intent = "ask_technique" if then == TECHNIQUE else "care_tips"
    return _turn(
        kb, state, [precautions.QUESTION], precautions.buttons(kb, intent), [],
        asked=precautions.HEALTH_QUESTION, then=then,
    )  # fmt: skip


def _safety_items(kb: ReferralKB, state: TriageState) -> list[str]:
    """The care items on self-treatment safety that come with every technique."""
    topics = [SELF_TREATMENT_SAFETY]
    if PREGNANCY in state.precautions:
        topics.append(MASSAGE_IN_PREGNANCY)
    return [item.text for topic in topics for item in kb.care(topic)]


def _zone_question(zone_id: str) -> str:
    return f"{ZONE_QUESTION}{zone_id}"


def asked_zone(asked: str | None) -> str | None:
    """The zone a reply's `asked` value asks about ("zone:leg" -> "leg"), or None."""
    if asked and asked.startswith(ZONE_QUESTION):
        return asked[len(ZONE_QUESTION) :]
    return None


def _short_sources(
    kb: ReferralKB, state: TriageState, sources: Sequence[Source], voice: Voice
) -> str:
    """One or two sentences on where it likely comes from, then one line per source."""
    place = _place(kb, state.zones, state.side)
    broad = len(state.zones) == 1 and bool(kb.children(state.zones[0]))
    intro = voice.say("utter_sources_intro_broad" if broad else "utter_sources_intro", place=place)
    return "\n".join([intro, *(f"• {_source_line(kb, source)}" for source in sources)])


# Where a muscle is, when its location's first clause is too long for one line.
REGION_PLACES = {
    "head": "in the head", "neck": "in the neck", "shoulder": "around the shoulder",
    "arm": "in the arm", "hand": "in the hand", "trunk": "in the torso", "hip": "around the hip",
    "thigh": "in the thigh", "leg": "in the lower leg", "foot": "in the foot",
}  # fmt: skip
MAX_LOCATION_WORDS = 10


def _source_line(kb: ReferralKB, source: Source) -> str:
    """One line: "Temporalis (a fan-shaped muscle over the temple)", and where it sends pain
    when that is a part of what was named ("often sends pain to the side of the neck")."""
    muscle = kb.muscle(source.id)
    where = explain.location_clause(muscle.location) if muscle else ""
    if len(where.split()) > MAX_LOCATION_WORDS:
        where = REGION_PLACES.get(muscle.region, "") if muscle else ""
    name = _name(source.name)
    line = f"{name} ({where})" if where else name
    elsewhere = [_the(kb, c.via) for c in source.zones if c.kind == "primary" and c.via != c.zone]
    if elsewhere:
        return f"{line}: often sends pain to {_join(elsewhere)}"
    if not any(credit.kind == "primary" for credit in source.zones):
        return f"{line}: sometimes spills pain over here"
    return line


def _narrowing_offer(kb: ReferralKB, state: TriageState, voice: Voice) -> tuple[str, str] | None:
    """For one broad zone: (the zone, an offer to narrow it down naming a few of its parts)."""
    if len(state.zones) != 1:
        return None
    zone_id = state.zones[0]
    offered = narrowing.default().offered(kb, zone_id)
    if not offered:
        return None
    zone = _zone_name(kb, zone_id)
    parts = [_prose(choice.name).removesuffix(f" of the {zone}") for choice in offered[:3]]
    return zone_id, voice.say("utter_narrow_offer", zone=zone, examples=_join_or(parts))


def _pressing_notices(kb: ReferralKB, state: TriageState) -> list[str]:
    """What the first answer says about pressing being withheld or kept off."""
    withheld = withheld_zones(kb, state)
    kept_off = [zone for zone in _kept_off(kb, state) if zone not in withheld]
    notices = []
    if withheld:
        notices.append(WITHHELD.format(place=_places(kb, withheld)))
    if kept_off:
        notices.append(KEPT_OFF.format(place=_places(kb, kept_off)))
    return notices


def _detail(kb: ReferralKB, state: TriageState, sources: Sequence[Source]) -> list[dict[str, Any]]:
    """Per source, what the text leaves for later (the widget's card): where to find the
    muscle, how it refers pain, and the references behind it. Techniques and stretches are
    left out where pressing is withheld or kept off."""
    pressing = not withheld_zones(kb, state) and not _kept_off(kb, state)
    detail = []
    for source in sources:
        care = kb.care_for(source.id)
        references = sorted(
            {credit.source for credit in source.zones}
            | {also.source for credit in source.zones for also in credit.also}
        )
        item: dict[str, Any] = {
            "id": source.id,
            "name": _name(source.name),
            "why": source.why,
            "location": care.location if care else "",
            "references": [
                {"id": ref, "citation": found.citation if found else ref}
                for ref, found in ((ref, kb.reference(ref)) for ref in references)
            ],
        }
        if care and pressing:
            item["technique"] = care.technique
            item["stretch"] = care.stretch
            item["cautions"] = care.cautions
            found = kb.reference(care.source) if care.source else None
            item["care_reference"] = found.citation if found else care.source
        detail.append(item)
    return detail


def _kept_off(kb: ReferralKB, state: TriageState) -> list[str]:
    return within(kb, state.zones, precautions.no_pressure_area(kb, state))


def withheld_zones(kb: ReferralKB, state: TriageState) -> list[str]:
    """The remembered zones that get no pressing advice: inside the area of the red flag raised
    earlier in the conversation ("swollen calf": nothing pressed on the calf afterwards)."""
    flag = kb.red_flag(state.red_flag) if state.red_flag else None
    return within(kb, state.zones, flag.area) if flag is not None else []


def _unique_cautions(cares: Sequence[MuscleCare]) -> dict[str, str]:
    """Muscle name -> its cautions in full, each caution said once."""
    found: dict[str, str] = {}
    for care in cares:
        caution = care.cautions.strip()
        if caution and caution.lower() not in (said.lower() for said in found.values()):
            found[care.name] = caution
    return found


def _brief_sources(
    kb: ReferralKB, state: TriageState, said: Mentions, sources: Sequence[Source]
) -> str:
    place = _place(kb, state.zones, state.side)
    labels = [_label(found) for found in map(kb.trigger, said.triggers) if found]
    if labels:
        header = (
            f"Thanks, that helps. With {_join(labels)} in the picture, these are the likeliest "
            f"sources of the pain {place}:"
        )
    else:
        header = f"Noted. For the pain {place}, these are the likeliest sources:"
    return "\n".join([header, *(f"• {source.why}" for source in sources)])


def _loads(kb: ReferralKB, state: TriageState, trigger: Trigger, sources: Sequence[Source]) -> str:
    place = _place(kb, state.zones, state.side)
    loaded = [
        _prose(source.name)
        for source in sources
        if any(credit.trigger == trigger.id for credit in source.triggers)
    ]
    if loaded:
        return (
            f"Of the likeliest sources of the pain {place}, {_label(trigger)} often loads "
            f"the {_join(loaded)}."
        )
    return (
        f"{_capitalise(_label(trigger))} isn't one of the usual loads on the likeliest sources "
        f"of the pain {place}, so something else may be adding to it as well."
    )


def _ask_where(kb: ReferralKB, state: TriageState, said: Mentions, voice: Voice) -> Turn:
    triggers = [found for found in map(kb.trigger, said.triggers) if found is not None]
    if not triggers:
        reply = Reply(
            voice.say("utter_ask_where"), (), triage_payload(kb, state, asked=WHERE_QUESTION)
        )
        return Turn(reply, state)
    parts, state = _opening(state)
    trigger = triggers[0]
    parts.append(f"Thanks, that's useful. {trigger.explanation}")
    parts.append(voice.say("utter_ask_where"))
    reply = Reply("\n\n".join(parts), (), triage_payload(kb, state, asked=WHERE_QUESTION))
    return Turn(reply, state)


def _ask_which_part(kb: ReferralKB, state: TriageState, said: Mentions, voice: Voice) -> Turn:
    zone_id = state.zones[0]
    labels = [_label(found) for found in map(kb.trigger, said.triggers) if found]
    parts = [f"Thanks, I'll bear {_join(labels)} in mind."] if labels else []
    parts.append(voice.say("utter_ask_which_part", zone=_zone_name(kb, zone_id)))
    buttons = tuple(
        Button(_name(choice.name), intent_payload("describe_pain", {ZONE_ENTITY: choice.id}))
        for choice in narrowing.default().offered(kb, zone_id)
    )
    custom = triage_payload(kb, state, asked=_zone_question(zone_id))
    return Turn(Reply("\n\n".join(parts), buttons, custom), state)


def _no_pattern(kb: ReferralKB, state: TriageState) -> Turn:
    parts, state = _opening(state)
    parts.append(
        f"I don't have a clear pattern on record for pain {_place(kb, state.zones, state.side)}, "
        "so I'd rather not guess at a muscle. A therapist can look at it properly in person."
    )
    return _turn(kb, state, parts, (CARE_TIPS, BOOK), [])


# Ranking


def _explainable(kb: ReferralKB, state: TriageState) -> bool:
    """Whether the zones are specific enough to name muscles (not a whole limb alone)."""
    return bool(state.zones) and not (
        len(state.zones) == 1 and narrowing.default().asks_first(state.zones[0])
    )


def _ranked(kb: ReferralKB, state: TriageState) -> list[Source]:
    """The two likeliest sources, and a third if it explains the pain about as well."""
    sources = kb.sources_for(state.zones, state.triggers, state.side, limit=MAX_SOURCES)
    if len(sources) == MAX_SOURCES and sources[2].score < sources[0].score * THIRD_SOURCE_SHARE:
        return sources[:2]
    return sources


def _payload(
    state: TriageState,
    sources: Sequence[Source],
    red_flag: dict[str, str] | None,
    asked: str | None = None,
) -> dict[str, Any]:
    triage: dict[str, Any] = {
        "zones": list(state.zones),
        "side": state.side,
        "triggers": list(state.triggers),
        "sources": [
            {
                "id": source.id,
                "name": source.name,
                "score": source.score,
                "zones": [credit.zone for credit in source.zones],
                "why": source.why,
            }
            for source in sources
        ],
        "red_flag": red_flag,
        "precautions": list(state.precautions),
    }
    if asked:
        triage["asked"] = asked
    return {"triage": triage}


# Wording


def _zone_name(kb: ReferralKB, zone_id: str) -> str:
    """A zone as it reads after "the" or "your": "temple", "back of the thigh"."""
    zone = kb.zone(zone_id)
    return _prose(zone.name) if zone else zone_id.replace("_", " ")


def _places(kb: ReferralKB, zones: Sequence[str]) -> str:
    """Zones as they read after "the": "calf and shin"."""
    return _join([_zone_name(kb, zone) for zone in zones])


def _the(kb: ReferralKB, zone_id: str) -> str:
    """A zone with its article: "the temple", but "behind and around the eye"."""
    name = _zone_name(kb, zone_id)
    return name if name.startswith((*_PREPOSITIONS, "the ")) else f"the {name}"


def _place(kb: ReferralKB, zones: Sequence[str], side: str | None) -> str:
    """Where it hurts, as it reads after "pain": "in the temple (left side)"."""
    phrases = []
    for zone_id in zones:
        zone = _the(kb, zone_id)
        phrases.append(zone if zone.startswith(_PREPOSITIONS) else f"in {zone}")
    place = _join(phrases)
    if side == "both":
        return f"{place} (both sides)"
    return f"{place} ({side} side)" if side else place


def _label(trigger: Trigger) -> str:
    """A trigger's name as it reads mid-sentence: "Injury: falls, strains..." -> "injury"."""
    return _lower_first(trigger.name.split(":")[0].strip())


def _name(name: str) -> str:
    """A data name as a label, without its parenthesised aside."""
    return _PARENTHESES.sub("", name).strip()


def _prose(name: str) -> str:
    """A data name as it reads mid-sentence: "Temple (side of the head)" -> "temple"."""
    return _lower_first(_PARENTHESES.sub("", name).strip())


def _lower_first(words: str) -> str:
    # Keep acronyms ("SI joint") and proper names ("Achilles") as written.
    if (len(words) > 1 and words[0].isupper() and words[1].isupper()) or words.startswith(_NAMES):
        return words
    return words[:1].lower() + words[1:]


def _capitalise(words: str) -> str:
    return words[:1].upper() + words[1:]


def _first_sentence(text: str) -> str:
    return _FIRST_SENTENCE.split(text.strip(), maxsplit=1)[0]


def _join_or(items: Sequence[str]) -> str:
    unique = list(dict.fromkeys(items))
    if len(unique) <= 1:
        return "".join(unique)
    return f"{', '.join(unique[:-1])} or {unique[-1]}"


def _join(items: Sequence[str]) -> str:
    unique = list(dict.fromkeys(items))
    if len(unique) <= 1:
        return "".join(unique)
    return f"{', '.join(unique[:-1])} and {unique[-1]}"
