"""The tracker store deletes a conversation whose turn erased it, instead of saving it."""

from __future__ import annotations

from pathlib import Path

from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.privacy import ERASED_SLOT
from bot.settings import PROJECT_ROOT
from bot.tracker_store import SettingsSQLTrackerStore


async def test_an_erased_conversation_is_deleted_not_saved(tmp_path: Path) -> None:
    domain = Domain.load(PROJECT_ROOT / "domain.yml")
    store = SettingsSQLTrackerStore(domain, host=f"sqlite:///{tmp_path / 'tracker.db'}")
    said = [UserUttered("my neck hurts"), ActionExecuted("action_listen")]
    for sender in ("web:jo", "web:sam"):
        await store.save(DialogueStateTracker.from_events(sender, said, domain.slots))
    jo = await store.retrieve("web:jo")
    assert jo is not None and len(jo.events) == 2

    jo.update(UserUttered("yes delete it"))
    jo.update(SlotSet(ERASED_SLOT, 1796289542.1))
    await store.save(jo)

    gone = await store.retrieve("web:jo")
    assert gone is None or not [e for e in gone.events if isinstance(e, UserUttered)]
    sam = await store.retrieve("web:sam")
    assert sam is not None and len(sam.events) == 2  # nobody else's conversation is touched
    fresh = DialogueStateTracker.from_events("web:jo", [UserUttered("hello")], domain.slots)
    await store.save(fresh)  # the person writes again: a new conversation, saved as usual
    again = await store.retrieve("web:jo")
    assert again is not None and [e.text for e in again.events if isinstance(e, UserUttered)] == [
        "hello"
    ]
