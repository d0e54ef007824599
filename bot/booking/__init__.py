"""Booking hand-off: what the booking form collects, checks, keeps and passes on.

One job a module, none of them Rasa-specific:

- `when`: a natural-language date and time -> a start time within opening hours, or why not;
- `length`: the session length someone asked for -> one of the offered lengths;
- `contact`: UK postcode, UK mobile or e-mail address, name -> normalised values;
- `request`: the `BookingRequest` record and its human-readable reference;
- `store`: `BookingStore`, the SQLite file that keeps requests and the webhook outbox;
- `webhook`: delivering requests to the business's webhook, with retries;
- `link`: the booking page URL with the request filled in;
- `cli`: `python -m bot bookings` to list and export what was requested.

The submodules are imported directly (`from bot.booking.when import parse_when`), so the
command line does not load the date parser.
"""
