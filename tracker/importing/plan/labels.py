"""The labels of OGP's commitment template, in Georgian and English, with the variants plans
write them in, and the names of the four OGP values.

A label is matched word by word on its stems (:func:`label_of`): "ვალდებულების დასახელება"
also reads "ვალდებულება დასახელება", "Problem" also "Problems". The longest label that fits
wins, so "სხვა სამთავრობო უწყებები" is not "სხვა ჩართული მხარეები", and "Other government
actors" is not "Other actors".
"""

from __future__ import annotations

import re
from functools import lru_cache

from ...text import fold

# Field of the grammar (a ParsedCommitment field, or one the grammar splits: "number_title",
# "dates", "budget", "milestones", "value:<code>", and the plan's "plan_title", "period").
COMMITMENT_LABELS: dict[str, tuple[str, ...]] = {
    "number_title": (
        "ვალდებულების ნომერი და დასახელება", "ვალდებულების ნომერი და სახელწოდება",
        "ვალდებულების № და დასახელება", "commitment number and title", "commitment id and title",
        "commitment no and title",
    ),
    "number": ("ვალდებულების ნომერი", "ვალდებულების №", "commitment number", "commitment id",
               "commitment no"),
    "title": (
        "ვალდებულების დასახელება", "ვალდებულების სახელწოდება", "დასახელება", "სახელწოდება",
        "სათაური", "ვალდებულების სათაური",
        "commitment title", "title of the commitment", "commitment name", "title",
    ),
    "dates": (
        "დაწყების და დასრულების თარიღი", "დაწყებისა და დასრულების თარიღი",
        "დაწყების და დასრულების თარიღები", "განხორციელების ვადები", "განხორციელების ვადა",
        "განხორციელების პერიოდი", "start and end date", "start and end dates",
        "implementation period", "duration", "timeline", "ვადები", "start and end", "ვადა",
    ),
    "start_date": ("დაწყების თარიღი", "დაწყების ვადა", "start date", "starting date",
                   "განხორციელების დასაწყისი",
                   "დაწყება", "start"),
    "deadline": ("დასრულების თარიღი", "დასრულების ვადა", "შესრულების ვადა", "end date",
                 "completion date", "deadline", "დასრულება", "end"),
    "lead_unit": (
        "წამყვანი განმახორციელებელი უწყება", "წამყვანი უწყება", "განმახორციელებელი უწყება",
        "პასუხისმგებელი უწყება", "წამყვანი განმახორციელებელი", "lead implementing agency",
        "lead implementing agency actor", "lead implementing unit", "lead agency",
        "implementing agency", "lead unit", "განმახორციელებელი", "lead agency actor",
        "უწყება", "პასუხისმგებელი სამსახური", "წამყვანი სტრუქტურული ერთეული",
        "responsible institution", "lead institution", "implementing institution",
    ),
    "owner": (
        "საკონტაქტო პირი", "პასუხისმგებელი პირი", "პასუხისმგებელი თანამდებობის პირი",
        "საკონტაქტო ინფორმაცია", "განმახორციელებელი უწყების პასუხისმგებელი პირი",
        "პასუხისმგებელი პირის სახელი და გვარი", "სახელი და გვარი", "სახელი გვარი",
        "განმახორციელებელი უწყების პასუხისმგებელი პირის სახელი და გვარი",
        "პასუხისმგებელი პირის სახელი გვარი", "პასუხისმგებელი პირის ვინაობა",
        "contact person", "point of contact", "name of responsible person",
        "name of responsible person from implementing agency", "contact information",
        "responsible person", "contact", "კონტაქტი", "საკონტაქტო", "responsible official",
        "contact official", "focal point",
    ),
    # The contact person's position, e-mail and phone (OGP's "Title, Department", "Email and
    # Phone"): they go on the contact person's line.
    "owner_detail": (
        "თანამდებობა", "თანამდებობა დეპარტამენტი", "თანამდებობა სამსახური", "ელ ფოსტა",
        "ელფოსტა", "ელექტრონული ფოსტა", "ტელეფონი", "ტელეფონის ნომერი",
        "ელ ფოსტა და ტელეფონი", "ელ ფოსტა და ტელეფონის ნომერი", "საკონტაქტო მონაცემები",
        "title department", "position", "title and department", "email and phone",
        "email", "e mail", "phone", "telephone",
    ),
    "problem": (
        "რა საჯარო პრობლემას", "რა პრობლემას", "საჯარო პრობლემა", "პრობლემის აღწერა", "პრობლემა",
        "what is the public problem", "what is the problem", "problem definition",
        "problem addressed", "problem to be addressed", "public problem", "status quo",
        "სტატუს კვო", "არსებული მდგომარეობა", "problem",
    ),
    "description": (
        "რა არის ვალდებულება", "ვალდებულების აღწერა", "ვალდებულების მოკლე აღწერა", "აღწერა",
        "რას გულისხმობს ვალდებულება", "რას ითვალისწინებს ვალდებულება",
        "ვალდებულების არსი", "ვალდებულების შინაარსი", "შინაარსი", "ვალდებულების მიზანი და აღწერა",
        "objective", "objectives",
        "what is the commitment", "commitment description", "brief description",
        "brief description of the commitment", "description", "action",
    ),
    "solution": (
        "როგორ შეუწყობს ხელს ვალდებულება", "როგორ შეუწყობს ხელს", "როგორ უწყობს ხელს",
        "პრობლემის გადაჭრის გზა", "პრობლემის გადაჭრა", "როგორ გადაჭრის",
        "how will the commitment contribute", "how will it contribute",
        "how the commitment will contribute", "solution", "გადაწყვეტა", "გადაწყვეტის გზა",
        "მოსალოდნელი შედეგი", "მოსალოდნელი შედეგები", "მოსალოდნელი ცვლილება",
        "expected results", "expected result", "expected change", "expected outcome",
    ),
    "ogp_values": (
        "რატომ არის ვალდებულება", "ღია მმართველობის ღირებულებები", "ღია მმართველობის ღირებულება",
        "ოგპ ღირებულებები", "ogp ღირებულებები", "ogp ის ღირებულებები",
        "კავშირი ღირებულებებთან", "ღირებულებებთან შესაბამისობა",
        "ღია მმართველობის პარტნიორობის ღირებულებები", "ღირებულებები",
        "ღია მმართველობის პრინციპები", "პრინციპები", "ogp principles", "ogp values addressed",
        "ღირებულებებთან კავშირი", "რელევანტურობა", "ogp values",
        "relevance to ogp values", "why is this commitment relevant",
        "why is the commitment relevant",
        "ogp value", "relevance",
    ),
    "stakeholders_government": (
        "სხვა სამთავრობო უწყებები", "სხვა სამთავრობო აქტორები", "სხვა სახელმწიფო უწყებები",
        "ჩართული სამთავრობო უწყებები", "სახელმწიფო აქტორები", "სახელმწიფო უწყებები",
        "ჩართული სახელმწიფო აქტორები", "სამთავრობო აქტორები", "სახელმწიფო პარტნიორები",
        "პარტნიორი უწყებები", "government partners",
        "other government actors", "other government agencies",
        "other government bodies", "government actors", "state actors involved",
        "state actors", "government", "other actors involved government",
        "supporting stakeholders government",
    ),
    "stakeholders_other": (
        "სამოქალაქო საზოგადოება", "არასამთავრობო ორგანიზაციები", "სხვა ჩართული მხარეები",
        "სხვა აქტორები", "სხვა ჩართული აქტორები", "სამოქალაქო საზოგადოება კერძო სექტორი",
        "სამოქალაქო საზოგადოება კერძო სექტორი სამუშაო ჯგუფები",
        "სამოქალაქო საზოგადოება კერძო სექტორი მრავალმხრივი ორგანიზაციები",
        "არასამთავრობო სექტორი", "other actors involved", "სხვა პარტნიორები",
        "other partners", "non governmental partners", "არასამთავრობო პარტნიორები",
        "არასამთავრობო და კერძო პარტნიორები", "არასამთავრობო და კერძო სექტორის პარტნიორები",
        "csos", "cso", "civil society", "other actors",
        "private sector", "other stakeholders",
        "csos private sector multilaterals working groups",
        "cso private sector multilaterals working groups",
        "civil society private sector multilaterals",
        "other actors involved csos", "supporting stakeholders csos",
    ),
    # The template's section headings: no field of their own.
    "section": ("commitment analysis", "commitment planning", "ვალდებულების ანალიზი",
                "ვალდებულების დაგეგმვა", "ვალდებულების დაგეგმარება"),
    "stakeholders": ("მხარდამჭერი მხარეები", "ხელშემწყობი მხარეები", "პარტნიორები",
                     "supporting stakeholders", "partners", "ჩართული მხარეები"),
    "budget": ("ბიუჯეტი", "საჭირო ბიუჯეტი", "ბიუჯეტი და დაფინანსების წყარო",
               "budget and source of funding", "budget and funding source",
               "სავარაუდო ბიუჯეტი", "დაფინანსება", "დაფინანსების წყარო", "budget",
               "estimated budget", "funding", "cost"),
    "programme_links": (
        "კავშირი სხვა სამთავრობო პროგრამებთან", "კავშირი სხვა პროგრამებთან",
        "კავშირი ეროვნულ სტრატეგიასთან", "კავშირი სტრატეგიასთან", "კავშირი სხვა სტრატეგიებთან",
        "კავშირი სტრატეგიულ დოკუმენტებთან", "კავშირი სხვა პროგრამებთან და სტრატეგიებთან",
        "links to other government programmes", "link to other government programmes",
        "links to other government programs", "links to other programmes",
        "link to the national strategy", "link to national strategy", "national strategy",
        "programme links", "program links", "links to programmes", "სხვა პროგრამებთან კავშირი",
        "პროგრამული კავშირი", "related strategies", "related programmes",
    ),
    "sdgs": ("მდგრადი განვითარების მიზნები", "მდგრადი განვითარების მიზანი", "sdgs", "sdg",
             "sustainable development goals", "sustainable development goal"),
    "additional_info": ("დამატებითი ინფორმაცია", "სხვა ინფორმაცია", "შენიშვნა", "სხვა",
                        "additional information", "other information", "notes"),
    "milestones": ("ეტაპები", "ეტაპი", "milestone", "ძირითადი ეტაპები", "ვალდებულების ეტაპები",
                   "აქტივობები", "ქმედებები", "ძირითადი ქმედებები", "ღონისძიებები",
                   "milestones", "milestone activities", "key milestones", "activities"),
}

PLAN_LABELS: dict[str, tuple[str, ...]] = {
    "plan_title": ("სამოქმედო გეგმის დასახელება", "გეგმის დასახელება", "action plan title",
                   "plan title"),
    "period": ("სამოქმედო გეგმის პერიოდი", "გეგმის პერიოდი", "პერიოდი", "action plan period",
               "plan period", "period", "მოქმედების პერიოდი", "მოქმედების ვადა",
               "სამოქმედო გეგმის მოქმედების ვადა", "განხორციელების პერიოდი",
               "implementation period", "სამოქმედო გეგმის განხორციელების ვადა",
               "სამოქმედო გეგმის განხორციელების პერიოდი", "გეგმის მოქმედების ვადა",
               "action plan duration", "duration of the action plan"),
}

# The OGP values (the Commitment model's codes) and how plans name them.
OGP_VALUES: dict[str, tuple[str, ...]] = {
    "access_to_information": ("საჯარო ინფორმაციის ხელმისაწვდომობა", "ინფორმაციის ხელმისაწვდომობა",
                              "ინფორმაციაზე წვდომა", "access to information"),
    "civic_participation": ("სამოქალაქო ჩართულობა", "მოქალაქეთა ჩართულობა",
                            "საზოგადოების ჩართულობა", "civic participation",
                            "public participation"),
    "public_accountability": ("საჯარო ანგარიშვალდებულება", "ანგარიშვალდებულება",
                              "public accountability", "accountability"),
    "technology_and_innovation": (
        "ტექნოლოგია და ინოვაცია", "ტექნოლოგიები და ინოვაციები", "ტექნოლოგიები და ინოვაცია",
        "ტექნოლოგიური ინოვაციები", "technology and innovation for openness and accountability",
        "technology and innovation",
    ),
}

# Words of a milestone table's header cells, by the column they name.
MILESTONE_HEADER_WORDS: dict[str, tuple[str, ...]] = {
    "number": ("№", "#", "n", "no", "ნომერი"),
    "title": ("ეტაპ", "აქტივობ", "ღონისძიებ", "milestone", "activit", "deliverable", "დასახელებ",
              "ქმედებ", "action"),
    "start": ("დაწყებ", "start", "begin"),
    "end": ("დასრულებ", "შესრულებ", "ვადა", "end", "deadline", "completion", "due", "თარიღი",
            "date"),
    "responsible": ("პასუხისმგებ", "შემსრულებ", "responsible", "lead", "owner", "stakeholder",
                    "უწყება"),
    # Columns a milestone table may have besides: read past.
    "other": ("მოსალოდნელ", "შედეგ", "expected", "output", "indicator", "ინდიკატორ",
              "verification", "ვერიფიკაცი", "ბიუჯეტ", "budget", "სტატუს", "status", "შენიშვნ",
              "note", "comment"),
}

_MATRIX_NUMBER = frozenset({"№", "#", "n", "no", "nr", "ნომერი", "ნ"})
_MATRIX_MILESTONE = ("ეტაპ", "milestone", "აქტივობ", "activit", "ღონისძიებ")
_MATRIX_TITLE = frozenset({"ვალდებულება", "ვალდებულებები", "ვალდებულების", "commitment",
                           "commitments"})


def _has(words: list[str], stems: tuple[str, ...]) -> bool:
    return any(word.startswith(stem) for word in words for stem in stems)


def matrix_roles(cells: list[str]) -> list[str | None] | None:
    """The fields of a plan-wide table's columns, when the row is its header: a commitment a
    row (or a milestone a row, the commitment's cells repeated), its columns headed by the
    template's labels ("№ | ვალდებულება | პრობლემა | … | ეტაპები | ეტაპის ვადა |
    პასუხისმგებელი"). Milestone columns are "m_title", "m_start", "m_end", "m_responsible";
    None for a column of no field. None when the row is no such header."""
    if len(cells) < 4:
        return None
    roles: list[str | None] = []
    in_milestones = False
    for cell in cells:
        words = normal_label(cell)
        if not words or len(words) > 14:
            return None
        if " ".join(words) in _MATRIX_NUMBER:
            roles.append("number")
            continue
        milestone = _has(words, _MATRIX_MILESTONE)
        if milestone and _has(words, MILESTONE_HEADER_WORDS["end"]) \
                and _has(words, MILESTONE_HEADER_WORDS["responsible"]):
            roles.append("milestones")  # "ძირითადი ეტაპები (ვადა) - პასუხისმგებელი": a list
            continue
        if milestone or in_milestones:
            role = next((f"m_{name}" for name in ("start", "end", "responsible")
                         if _has(words, MILESTONE_HEADER_WORDS[name])), None)
            if role is None and milestone:
                role = "m_title"
            if role is None and _has(words, MILESTONE_HEADER_WORDS["other"][:8]):
                role = "m_other"
            if role is not None:
                in_milestones = True
                roles.append(role)
                continue
        if len(words) == 1 and words[0] in _MATRIX_TITLE:
            roles.append("title")
            continue
        parts = [part for part in re.split(r"\s*/\s*", cell) if part.strip()]
        pair = [label_of(part) for part in parts] if len(parts) == 2 else []
        if len(pair) == 2 and pair[0] and pair[1] and pair[0] != pair[1]:
            roles.append(f"{pair[0]}/{pair[1]}")  # "წამყვანი უწყება / საკონტაქტო პირი"
            continue
        roles.append(label_of(cell))
    fields = {role for role in roles if role and not role.startswith("m_") and role != "number"}
    if ({"title", "number_title"} & fields) and len(fields) >= 3:
        return roles
    return None

_PUNCTUATION = re.compile(r"[?:;.,()\[\]«»\"„“”'*/\\–—\-]+")
_NUMBERING = re.compile(r"^(?:[0-9]{1,2}(?:\.[0-9]{1,2})*|[ა-ჰa-z])\)?\s+")


# Words a label may be followed by and still be the whole line: "Start and end date of the
# commitment", "Lead implementing agency / actor".
_FILLERS = frozenset({"of", "the", "a", "an", "this", "its", "for", "to", "and", "or",
                      "commitment", "commitments", "ვალდებულების", "ვალდებულება",
                      "ვალდებულებით", "actor", "აქტორი", "აქტორის", "და", "ან"})

# Who supports a commitment, named by sector: a label made only of these words (and
# fillers) is a stakeholder list — civil society's if it names a non-government sector,
# the government's if it names only the state ("სახელმწიფო სექტორი", "არასამთავრობო, კერძო
# და საერთაშორისო პარტნიორები", "Other actors involved (government)").
# (An agency, უწყება, is the state's: "პარტნიორი უწყებები" are government partners.)
_GOVERNMENT = ("სახელმწიფ", "სამთავრობ", "government", "state", "public sector", "უწყებ",
               "agenc")
_NON_GOVERNMENT = ("სამოქალაქ", "არასამთავრობ", "კერძ", "ბიზნეს", "დონორ", "საერთაშორის",
                   "მრავალმხრივ", "აკადემ", "მედია", "civil", "cso", "private", "business",
                   "donor", "multilateral", "international", "ngo", "academ", "media",
                   "working", "სამუშაო", "ჯგუფ", "groups", "საზოგადოებ", "society",
                   "organisations", "organizations")
_STAKEHOLDER = ("მხარე", "პარტნიორ", "აქტორ", "stakeholder", "partner", "actor",
                "ორგანიზაცი", "სექტორ", "sector", "involved", "ჩართულ", "მხარდამჭერ",
                "ხელშემწყობ", "supporting", "other", "სხვა", "bodies", "institution",
                "ინსტიტუცი")


def _stakeholders(words: list[str]) -> str | None:
    if not 1 <= len(words) <= 14:
        return None
    kinds = []
    for word in words:
        if word in _FILLERS:
            continue
        for kind, stems in (("government", _GOVERNMENT), ("other", _NON_GOVERNMENT),
                            ("any", _STAKEHOLDER)):
            if any(word.startswith(stem) for stem in stems):
                kinds.append(kind)
                break
        else:
            return None
    if "other" in kinds:
        return "stakeholders_other"
    if "government" in kinds:
        return "stakeholders_government"
    if any(word.startswith(stem) for word in words
           for stem in ("მხარდამჭერ", "ხელშემწყობ", "პარტნიორ", "stakeholder", "partner")):
        return "stakeholders"
    return None


# "კავშირი სხვა პროგრამებთან და სტრატეგიებთან", "Link to the municipal development plan":
# a label that starts with a link is the programme links.
_LINK_WORDS = ("კავშირი", "links", "link", "linkage", "alignment", "შესაბამისობა")

# A question of the template, by the words in it, in order: the first that fits names the
# field. OGP's templates ask their fields as questions and plans rephrase them ("რა პრობლემის
# გადაჭრას ემსახურება ვალდებულება?" is the problem, "How will the commitment contribute to
# solve the problem?" the solution, "How will the commitment promote transparency?" the
# relevance to access to information).
_QUESTION_WORDS = ("what", "how", "why", "which", "რა", "რას", "როგორ", "რატომ", "რით",
                   "რომელ")
_QUESTIONS: tuple[tuple[str, tuple[tuple[str, ...], ...]], ...] = (
    ("value:access_to_information", (("transparen",), ("გამჭვირვალ",))),
    ("value:public_accountability", (("accountab",), ("ანგარიშვალდ",))),
    ("value:civic_participation", (("participat",), ("ჩართულ",), ("მონაწილე",))),
    ("ogp_values", (("relevan",), ("რელევანტ",), ("ღირებულებ",), ("values",))),
    ("programme_links", (("long", "goal"), ("vision",), ("გრძელვადიან",), ("strateg",),
                         ("სტრატეგი",), ("programme",), ("პროგრამ",))),
    ("solution", (("how", "contribut"), ("how", "solve"), ("how", "address"),
                  ("როგორ", "შეუწყობ"), ("როგორ", "გადაჭრ"), ("როგორ", "მოაგვარ"),
                  ("როგორ", "მოგვარ"), ("როგორ", "უწყობ"))),
    ("problem", (("problem",), ("პრობლემ",))),
    ("description", (("what", "commitment"), ("რა", "ვალდებულ"), ("რას", "ვალდებულ"))),
)


def question_of(text: str) -> str | None:
    """The field a question of the template asks for, or None (not a question, or none of
    the template's)."""
    stripped = text.strip()
    words = normal_label(stripped)
    if not words or len(words) > 30 or not (stripped.endswith("?")
                                            or words[0] in _QUESTION_WORDS):
        return None
    if not stripped.endswith("?") and len(words) > 14:
        return None
    for name, alternatives in _QUESTIONS:
        for needed in alternatives:
            if all(any(word.startswith(stem) for word in words) for stem in needed):
                return name
    return None


def normal_label(text: str) -> list[str]:
    """The words of a label as compared: folded, punctuation as spaces, no "1." or "ა)"."""
    folded = fold(text).replace("№", " № ").strip()
    folded = _NUMBERING.sub("", folded)
    return _PUNCTUATION.sub(" ", folded).split()


def _stem(word: str) -> str:
    """A label word's stem: its last two letters off a long word; a short Georgian noun
    without its nominative "ი" ("პირი" also reads "პირის")."""
    if len(word) > 5:
        return word[:-2]
    return word[:-1] if len(word) >= 4 and word.endswith("ი") else word


def _compile(table: dict[str, tuple[str, ...]]) -> list[tuple[tuple[str, ...], str]]:
    entries = [(tuple(_stem(w) for w in normal_label(variant)), name)
               for name, variants in table.items() for variant in variants]
    return sorted(entries, key=lambda entry: (-len(entry[0]), -sum(map(len, entry[0]))))


_Entry = tuple[int, tuple[str, ...], str]


def _index(entries: list[tuple[tuple[str, ...], str]]) -> dict[str, list[_Entry]]:
    """A table's labels by their first stem, each with its place in the table's order (the
    longest first): a word is compared only with the labels whose first stem begins it."""
    index: dict[str, list[_Entry]] = {}
    for order, (stems, name) in enumerate(entries):
        index.setdefault(stems[0] if stems else "", []).append((order, stems, name))
    return index


def _starting(index: dict[str, list[_Entry]], word: str) -> list[_Entry]:
    """The labels that may start at ``word``, in the table's order."""
    found = [entry for end in range(1, len(word) + 1) for entry in index.get(word[:end], ())]
    return sorted(found)


_COMMITMENT = _index(_compile(COMMITMENT_LABELS))
_PLAN = _index(_compile(PLAN_LABELS))
_VALUES = _index(_compile({f"value:{code}": names for code, names in OGP_VALUES.items()}))


def _fits(stems: tuple[str, ...], words: list[str]) -> bool:
    return len(words) >= len(stems) and all(
        word.startswith(stem) for stem, word in zip(stems, words, strict=False)
    )


@lru_cache(maxsize=8192)
def label_of(text: str, *, whole: bool = False, plan: bool = False,
             rules: bool = True) -> str | None:
    """The field a label names, or None. ``whole``: the label must be all of the text (a line
    standing alone); otherwise the text may go on after it (a table's label cell, the words
    before a colon). ``plan``: the plan's own labels come first (its heading). ``rules``:
    besides the declared labels, the stakeholder, link, milestone-heading and question
    rules."""
    words = normal_label(text)
    if not words or len(words) > 40:
        return None
    tables = ([_PLAN] if plan else []) + [_COMMITMENT, _VALUES]
    # "ვალდებულების დაწყებისა და დასრულების თარიღი", "The commitment's lead agency": the
    # label after words that only say whose it is.
    lead = 0
    while lead < len(words) - 1 and words[lead] in _FILLERS:
        lead += 1
    for start in dict.fromkeys((0, lead)):
        for table in tables:
            for _order, stems, name in _starting(table, words[start]):
                rest = words[start + len(stems):]
                if _fits(stems, words[start:]) and (not whole or _all_but_a_word(rest)):
                    # "მხარდამჭერი მხარეები – სახელმწიფო": the sector says which list.
                    return (_stakeholders(words[lead:]) or name) if name == "stakeholders" \
                        else name
    if not rules:
        return None
    stakeholders = _stakeholders(words[lead:])
    if stakeholders is not None:
        return stakeholders
    if words[0] in _LINK_WORDS and len(words) <= 8 and not text.rstrip().endswith("."):
        return "programme_links"
    if whole and len(words) <= 8 and _has(words[-1:], _MATRIX_MILESTONE) \
            and not text.rstrip().endswith("."):
        return "milestones"  # "ვალდებულება 1-ის განხორციელების ეტაპები", "Key milestones"
    return question_of(text)


def label_at_start(text: str) -> tuple[str, int] | None:
    """The declared label the text starts with (the longest), and how many of the text's
    words it takes: "ვალდებულების შინაარსი მერია …" is ("description", 2). For a line whose
    label and value only a space sets apart (a two-column layout exported to PDF)."""
    words = normal_label(text)
    if not words:
        return None
    lead = 0
    while lead < len(words) - 1 and words[lead] in _FILLERS:
        lead += 1
    for start in dict.fromkeys((0, lead)):
        for _order, stems, name in _starting(_COMMITMENT, words[start]):
            if _fits(stems, words[start:]):
                return name, start + len(stems)
    return None


def _all_but_a_word(rest: list[str]) -> bool:
    """What follows a label on its own line: at most one word besides fillers."""
    return sum(word not in _FILLERS for word in rest) <= 1


def value_names() -> list[tuple[str, str]]:
    """(name as written folded, value code), longest first: to find the values in a text."""
    pairs = [(fold(name), code) for code, names in OGP_VALUES.items() for name in names]
    return sorted(pairs, key=lambda pair: -len(pair[0]))
