"""The booking form's slot names (they match domain.yml) and how each is called in words."""

from __future__ import annotations

FORM = "booking_form"
WHEN = "booking_when"
PLACE = "booking_postcode"
MINUTES = "booking_minutes"
NAME = "booking_name"
CONTACT = "booking_contact"
NOTES = "booking_notes"
CONFIRMED = "booking_confirmed"
DAY = "booking_day"  # a day understood before its hour ("next Tuesday after work")
NOTED = "booking_noted"  # notes said in passing before the notes question ("..., I've a bad knee")
PENDING = "booking_pending"  # what to say with the next question (JSON of a Reply)
STATUS = "booking_status"  # why the form stopped early: "paused", "stopped", "blocked"
REFERENCE = "booking_reference"
BLOCKED = "booking_blocked"
FIELD_ENTITY = "booking_field"
FIELDS = (WHEN, PLACE, MINUTES, NAME, CONTACT, NOTES)
REQUIRED = (*FIELDS, CONFIRMED)

LABELS = {
    WHEN: "time",
    PLACE: "postcode",
    MINUTES: "length",
    NAME: "name",
    CONTACT: "contact",
    NOTES: "notes",
    CONFIRMED: "confirmation",
}
# How the widget and the evaluation know which question a message asks (custom.booking.asking)
ASKING = {
    WHEN: "when",
    PLACE: "postcode",
    MINUTES: "minutes",
    NAME: "name",
    CONTACT: "contact",
    NOTES: "notes",
    CONFIRMED: "confirm",
}
