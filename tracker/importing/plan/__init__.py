"""The grammar of OGP action plans (issue 16): a plan document to commitments and milestones.

An action plan comes as OGP's commitment template lays it out in Word — a table per
commitment with the template's labels in its first column and the milestones in a table of
their own with their dates and who is responsible — or as one long table, or as headings with
labelled paragraphs, in Georgian or English, as .docx, text or a PDF with a text layer.

- :mod:`.labels` — the template's labels in both languages, with their variants, and the
  names of the OGP values;
- :mod:`.model` — what a parse returns (``ParsedPlan`` and its parts, and the problems: what
  could not be read, with where);
- :mod:`.fields` — readers of one field's text: dates (as the protocol grammar reads them,
  with English months and month-and-year), budgets, SDGs, OGP values and their sentences,
  lists of names;
- :mod:`.grammar` — the line walker that cuts the document into commitments and fields.

Nothing here touches the database: saving is ``tracker/commitments/importing.py``.
"""

from .grammar import FILE_TYPES, PlanImportError, parse_plan, read_plan_upload
from .model import ParsedCommitment, ParsedMilestone, ParsedPlan, PlanProblem, plan_as_json

__all__ = [
    "FILE_TYPES", "ParsedCommitment", "ParsedMilestone", "ParsedPlan", "PlanImportError",
    "PlanProblem", "parse_plan", "plan_as_json", "read_plan_upload",
]
