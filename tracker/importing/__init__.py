"""Importing documents: reading protocols and unit pages into fields for review.

A foundation package: it reads and parses, and imports nothing from the areas (no
commitments, subgroups, meetings or directory operations or models). Layers, bottom up:

- :mod:`.reader` — an uploaded file (text, .docx, saved HTML) to clean lines, with the
  upload's safety checks (size, type, encoding, zip bombs, bogus charsets);
- :mod:`.vocabulary` — the words both grammars share: names, positions, organisations and
  the kinds of organisation (government, civil society, donor, other);
- :mod:`.minutes` and :mod:`.unit_page` — the two grammars.

Text is normalised by :mod:`tracker.text` (one cleaner, one Mtavruli folding, shared with
search). Saving what was read is each area's operation: ``tracker/meetings/importing.py``
and ``tracker/directory/importing.py``.
"""
