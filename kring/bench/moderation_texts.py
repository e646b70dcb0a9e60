"""The moderation reasons of seeded items: held by the flag threshold, hidden by a moderator."""

HELD_REASON = "Several members reported this: it is hidden until a moderator has looked at it."
HIDDEN_REASON = "Verborgen door een moderator na meldingen."
