"""Domain operations: the petition lifecycle, dialogue sessions, announcements, personal data, reports.

A service function takes an :class:`~bot.services.base.Env` (the unit of work, the profile, the clock),
an :class:`~bot.services.base.Actor` and plain arguments. It never sees a chat: it writes the database,
the timeline and the outbox, and returns a result or raises :class:`~bot.services.base.Refused` with a
message-catalog key that the caller renders.
"""
