"""What the assistant keeps about people, for how long, and how it is shown and erased.

Personal data lives in four stores: the conversations (Rasa's tracker store, SQLite or
PostgreSQL), the bookings database (bookings, their webhook outbox, call-back requests),
the numbered options offered on text-only channels, and nothing else: logs at INFO hold
no message text or personal fields. `purge` applies the retention periods from settings;
`erasure` exports or erases everything held about one person and records that it did in
`var/privacy.db` (when and how much, never what or whose).
"""

# The slot the chat's erasure sets (a timestamp): the tracker store then deletes the
# conversation instead of saving the turn (bot/tracker_store.py).
ERASED_SLOT = "privacy_erased"
