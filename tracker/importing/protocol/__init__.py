"""The grammar of Georgian meeting protocols, in parts (see :mod:`tracker.importing.minutes`,
which drives it and is the import path the rest of the application uses).

- :mod:`.model` — what a parse returns (``ParsedProtocol`` and its parts);
- :mod:`.lines` — the document as normalised lines, table rows as tab-separated cells, and
  the list reader shared by agenda, decisions and attendees;
- :mod:`.when` — dates and times, as people write them;
- :mod:`.sections` — the marker table that cuts a protocol into sections;
- :mod:`.people` — names, positions, organisations: officers, attendees, signatures;
- :mod:`.decisions` — agenda items, decisions with their votes, action items;
- :mod:`.grammar` — the section readers, driven by the marker table.
"""
