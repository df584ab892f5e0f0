"""The OGP self-assessment report of an action plan and OGP Local's end-of-commitment
assessment: built once from every area's data (:mod:`.document`), laid out as a printable
page and as .docx (:mod:`.docx`). An aggregator: it reads every area, none reads it."""
