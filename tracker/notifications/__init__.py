"""Deadlines that reach people (issue 14): reminders, notifications and weekly digests.

An aggregator: it reads every area's dated items through the board's sources
(:data:`tracker.board.sources.SOURCES`), the meetings, and the audit trail (who became an
owner, which state changed, which minutes were approved); nothing but the app factory, the
CLI and the API imports it.

- :mod:`.kinds` what is sent (one vocabulary, each kind with its label);
- :mod:`.rules` what is due now and to whom, from the data and the audit trail;
- :mod:`.models` one row per (item, kind, recipient, version) under a unique key — the
  in-app notification and the record that it was sent at once — the preferences, the
  outbox and the audit cursor;
- :mod:`.operations` recording what is due (a second run, or two at once, records nothing
  twice), reading, preferences, unsubscribing;
- :mod:`.mail` the e-mail itself (plain text and HTML, SMTP or the outbox);
- :mod:`.run` the one run (``flask notify run``, cron, or an RQ worker: :mod:`.jobs`);
- :mod:`.views` the bell, the list, the preferences page, unsubscribing, the outbox.
"""
