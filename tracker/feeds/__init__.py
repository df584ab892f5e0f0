"""Calendar feeds and the Atom feed (issue 13, items 3 and 4): an aggregator that reads the
board's sources, the meetings and the audit trail; nothing imports it but the app factory.

- ``/p/<slug>/calendar.ics`` and ``/p/<slug>/feed.atom``: public when the municipality's
  site is (``Municipality.public``), what is public decided in :mod:`.public`;
- ``/calendar/<token>.ics``: one person's own deadlines behind a revocable token
  (:mod:`.models`), shown and renewed on ``/account/calendar``.
"""
