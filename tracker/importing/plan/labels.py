"""The labels of OGP's commitment template, in Georgian and English, with the variants plans
write them in, and the names of the four OGP values.

A label is matched word by word on its stems (:func:`label_of`): "ვალდებულების დასახელება"
also reads "ვალდებულება დასახელება", "Problem" also "Problems". The longest label that fits
wins, so "სხვა სამთავრობო უწყებები" is not "სხვა ჩართული მხარეები", and "Other government
actors" is not "Other actors".
"""

from __future__ import annotations

import re

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
        "commitment title", "title of the commitment", "commitment name", "title",
    ),
    "dates": (
        "დაწყების და დასრულების თარიღი", "დაწყებისა და დასრულების თარიღი",
        "დაწყების და დასრულების თარიღები", "განხორციელების ვადები", "განხორციელების ვადა",
        "განხორციელების პერიოდი", "start and end date", "start and end dates",
        "implementation period", "duration", "timeline",
    ),
    "start_date": ("დაწყების თარიღი", "დაწყების ვადა", "start date", "starting date"),
    "deadline": ("დასრულების თარიღი", "დასრულების ვადა", "შესრულების ვადა", "end date",
                 "completion date", "deadline"),
    "lead_unit": (
        "წამყვანი განმახორციელებელი უწყება", "წამყვანი უწყება", "განმახორციელებელი უწყება",
        "პასუხისმგებელი უწყება", "წამყვანი განმახორციელებელი", "lead implementing agency",
        "lead implementing agency actor", "lead implementing unit", "lead agency",
        "implementing agency", "lead unit",
    ),
    "owner": (
        "საკონტაქტო პირი", "პასუხისმგებელი პირი", "პასუხისმგებელი თანამდებობის პირი",
        "contact person", "point of contact", "name of responsible person",
        "responsible person", "contact",
    ),
    "problem": (
        "რა საჯარო პრობლემას", "რა პრობლემას", "საჯარო პრობლემა", "პრობლემის აღწერა", "პრობლემა",
        "what is the public problem", "problem definition", "problem addressed",
        "public problem", "problem",
    ),
    "description": (
        "რა არის ვალდებულება", "ვალდებულების აღწერა", "ვალდებულების მოკლე აღწერა", "აღწერა",
        "what is the commitment", "commitment description", "brief description",
        "description",
    ),
    "solution": (
        "როგორ შეუწყობს ხელს ვალდებულება", "როგორ შეუწყობს ხელს", "როგორ უწყობს ხელს",
        "პრობლემის გადაჭრის გზა", "პრობლემის გადაჭრა", "როგორ გადაჭრის",
        "how will the commitment contribute", "how will it contribute",
        "how the commitment will contribute", "solution",
    ),
    "ogp_values": (
        "რატომ არის ვალდებულება", "ღია მმართველობის ღირებულებები", "ღია მმართველობის ღირებულება",
        "ოგპ ღირებულებები", "ღირებულებებთან კავშირი", "რელევანტურობა", "ogp values",
        "relevance to ogp values", "why is this commitment relevant",
        "why is the commitment relevant",
        "ogp value", "relevance",
    ),
    "stakeholders_government": (
        "სხვა სამთავრობო უწყებები", "სხვა სამთავრობო აქტორები", "სხვა სახელმწიფო უწყებები",
        "ჩართული სამთავრობო უწყებები", "other government actors", "other government agencies",
        "other government bodies", "government actors",
    ),
    "stakeholders_other": (
        "სამოქალაქო საზოგადოება", "არასამთავრობო ორგანიზაციები", "სხვა ჩართული მხარეები",
        "სხვა აქტორები", "csos", "cso", "civil society", "other actors",
        "private sector", "other stakeholders",
    ),
    "budget": ("ბიუჯეტი", "საჭირო ბიუჯეტი", "სავარაუდო ბიუჯეტი", "დაფინანსება",
               "დაფინანსების წყარო", "budget", "estimated budget", "funding", "cost"),
    "programme_links": (
        "კავშირი სხვა სამთავრობო პროგრამებთან", "კავშირი სხვა პროგრამებთან",
        "კავშირი ეროვნულ სტრატეგიასთან", "კავშირი სტრატეგიასთან", "კავშირი სხვა სტრატეგიებთან",
        "links to other government programmes", "link to other government programmes",
        "links to other government programs", "links to other programmes",
        "link to the national strategy", "link to national strategy", "national strategy",
    ),
    "sdgs": ("მდგრადი განვითარების მიზნები", "მდგრადი განვითარების მიზანი", "sdgs", "sdg",
             "sustainable development goals", "sustainable development goal"),
    "additional_info": ("დამატებითი ინფორმაცია", "სხვა ინფორმაცია", "შენიშვნა",
                        "additional information", "other information", "notes"),
    "milestones": ("ეტაპები", "ეტაპი", "milestone", "ძირითადი ეტაპები", "ვალდებულების ეტაპები",
                   "აქტივობები",
                   "milestones", "milestone activities", "key milestones", "activities"),
}

PLAN_LABELS: dict[str, tuple[str, ...]] = {
    "plan_title": ("სამოქმედო გეგმის დასახელება", "გეგმის დასახელება", "action plan title",
                   "plan title"),
    "period": ("სამოქმედო გეგმის პერიოდი", "გეგმის პერიოდი", "პერიოდი", "action plan period",
               "plan period", "period"),
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
    "title": ("ეტაპ", "აქტივობ", "ღონისძიებ", "milestone", "activit", "deliverable", "დასახელებ"),
    "start": ("დაწყებ", "start", "begin"),
    "end": ("დასრულებ", "შესრულებ", "ვადა", "end", "deadline", "completion", "due", "თარიღი",
            "date"),
    "responsible": ("პასუხისმგებ", "შემსრულებ", "responsible", "lead", "owner", "stakeholder",
                    "უწყება"),
}

_PUNCTUATION = re.compile(r"[?:;.,()\[\]«»\"„“”'*/\\–—\-]+")
_NUMBERING = re.compile(r"^(?:[0-9]{1,2}(?:\.[0-9]{1,2})*|[ა-ჰa-z])\)?\s+")


def normal_label(text: str) -> list[str]:
    """The words of a label as compared: folded, punctuation as spaces, no "1." or "ა)"."""
    folded = fold(text).replace("№", " № ").strip()
    folded = _NUMBERING.sub("", folded)
    return _PUNCTUATION.sub(" ", folded).split()


def _stem(word: str) -> str:
    return word[:-2] if len(word) > 5 else word


def _compile(table: dict[str, tuple[str, ...]]) -> list[tuple[tuple[str, ...], str]]:
    entries = [(tuple(_stem(w) for w in normal_label(variant)), name)
               for name, variants in table.items() for variant in variants]
    return sorted(entries, key=lambda entry: (-len(entry[0]), -sum(map(len, entry[0]))))


_COMMITMENT = _compile(COMMITMENT_LABELS)
_PLAN = _compile(PLAN_LABELS)
_VALUES = _compile({f"value:{code}": names for code, names in OGP_VALUES.items()})


def _fits(stems: tuple[str, ...], words: list[str]) -> bool:
    return len(words) >= len(stems) and all(
        word.startswith(stem) for stem, word in zip(stems, words, strict=False)
    )


def label_of(text: str, *, whole: bool = False, plan: bool = False) -> str | None:
    """The field a label names, or None. ``whole``: the label must be all of the text (a line
    standing alone); otherwise the text may go on after it (a table's label cell, the words
    before a colon). ``plan``: the plan's own labels come first (its heading)."""
    words = normal_label(text)
    if not words or len(words) > 40:
        return None
    tables = ([_PLAN] if plan else []) + [_COMMITMENT, _VALUES]
    for table in tables:
        for stems, name in table:
            if _fits(stems, words) and (not whole or len(words) <= len(stems) + 1):
                return name
    return None


def value_names() -> list[tuple[str, str]]:
    """(name as written folded, value code), longest first: to find the values in a text."""
    pairs = [(fold(name), code) for code, names in OGP_VALUES.items() for name in names]
    return sorted(pairs, key=lambda pair: -len(pair[0]))
