"""Field accuracy of the document importers (protocols, unit pages, action plans) on a corpus
of documents with their truth files.

    .venv/bin/python bench/imports.py                 # the corpus in tests/importing/corpus
    .venv/bin/python bench/imports.py --verbose       # and every wrong field: expected / got
    .venv/bin/python bench/imports.py --json [DIR]

The action plans (issue 16) are scored from ``tests/importing/plans`` (a DIR given holds
them in its ``plans/`` folder).

Each document of the corpus (``protocols/`` for the minutes importer, ``units/`` for the
unit-page importer: ``NAME.txt``, ``NAME.html``, ``NAME.docx.json``, ``NAME.pdf.json``) has
``NAME.truth.json`` beside it saying what a careful person would read from it. The document
goes through the importer's own pure functions — ``read_*_upload`` on its bytes, then
``parse_*`` — and every field is compared with the truth. It is a measure, not a test: it
always exits 0 (tests/importing/test_corpus.py holds the corpus to a threshold).

Scoring, one point a field (``expected`` counts them from the truth alone, so runs compare):

- protocols: number, date, start_time, end_time, place, chair, secretary; the attendee
  count, and per expected attendee name, organisation, kind, status (and remote, in a
  document that mentions remote attendance); agenda count and each item's text; decision
  count and each decision's text (a parsed decision is right when it *contains* the expected
  text, so a vote tally kept with its decision is fine); per expected action item its owner
  and its deadline;
- units: name, hotline, the function count and each function's text; the staff count, and
  per expected person name, position, rank, category, phone, email, is_head;
- plans: title, period start and end; the commitment count, and per expected commitment
  (matched by number, then title) each template field: number, title, dates, lead unit,
  contact person, the texts (problem, description, solution, programme links, additional
  information), budget amount, currency and note, the OGP values ticked and each value's
  sentence, each stakeholder (with their count), the SDGs, the milestone count and per
  milestone its title, deadline and who is responsible;
- a document whose truth is ``{"refused": REASON}``: refused at all, and with that reason.

Texts compare after folding (Mtavruli, case), with quotes dropped, whitespace collapsed and
punctuation trimmed at the ends; organisations and owners also ignore Georgian case endings
("…სამსახურის" is "…სამსახური"). A value where the truth has none is wrong (a silent wrong
value), and so is no value where the truth has one (missing); both are counted apart. An
exception other than the importer's refusal is a crash: all the document's fields are wrong.
"""

from __future__ import annotations

import argparse
import datetime as dt
import difflib
import importlib.util
import json
import re
import secrets
import sys
import traceback
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "importing" / "corpus"
PLANS = ROOT / "tests" / "importing" / "plans"
sys.path.insert(0, str(ROOT))

from tracker.importing.reader import UploadRefused  # noqa: E402
from tracker.text import fold  # noqa: E402


def _load_build() -> Any:
    """tests/importing/corpus/build.py, by its path: the corpus is not a package, and a
    top-level name "build" would be PyPA's build if that is installed."""
    spec = importlib.util.spec_from_file_location("import_corpus_build", CORPUS / "build.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


build = _load_build()
IMPORTERS = ("protocols", "units", "plans")
KINDS = ("government", "civil_society", "donor", "other")
STATUSES = ("present", "absent", "excused")
PROTOCOL_SCALARS = ("number", "date", "start_time", "end_time", "place", "chair", "secretary")
PROTOCOL_KEYS = frozenset({*PROTOCOL_SCALARS, "attendees", "agenda", "decisions",
                           "action_items"})
ATTENDEE_KEYS = frozenset({"name", "organisation", "kind", "status", "remote"})
ACTION_KEYS = frozenset({"decision", "owner", "deadline"})
PLAN_KEYS = frozenset({"title", "period_start", "period_end", "commitments"})
PLAN_TEXTS = ("title", "lead_unit", "owner", "problem", "description", "solution",
              "programme_links", "budget_note", "additional_info")
COMMITMENT_KEYS = frozenset({*PLAN_TEXTS, "number", "start_date", "deadline", "ogp_values",
                             "value_relevance", "stakeholders_government",
                             "stakeholders_other", "budget_amount", "budget_currency", "sdgs",
                             "milestones"})
UNIT_KEYS = frozenset({"name", "hotline", "functions", "staff"})
STAFF_KEYS = ("name", "position", "rank", "category", "phone", "email", "is_head")
NOT_FOUND = "(no such entry parsed)"
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_TIME = re.compile(r"[0-9]{2}:[0-9]{2}")
_RANK = re.compile(r"(?:IV|V|I{1,3}) რანგი")
_CATEGORY = re.compile(r"(?:IV|V|I{1,3}) კატეგორია")


# Comparing -----------------------------------------------------------------------------------
_QUOTES = re.compile(r"[„“”\"«»‘’'`]")
_END_PUNCTUATION = " .,;:-–—/()"


def normal(text: Any) -> str:
    """A text as compared: folded, no quotes, single spaces, "ქ.ნაპირი" as "ქ. ნაპირი",
    punctuation trimmed at the ends."""
    text = _QUOTES.sub("", fold(str(text)).replace("\u00a0", " "))
    text = re.sub(r"\.(?=\w)", ". ", text)
    return " ".join(text.split()).strip(_END_PUNCTUATION)


_ENDING = re.compile(r"(?:ის|ს)$")


def _stem(word: str) -> str:
    """A Georgian word without its case ending: მერიის, მერია → მერ; სამსახურის → სამსახურ."""
    word = _ENDING.sub("", word) if len(word) > 4 else word
    return word[:-1] if len(word) > 3 and word[-1] in "აეიოუ" else word


def organisation_key(text: Any) -> str:
    """An organisation or an owner as compared: like :func:`normal`, with brackets dropped and
    each word stemmed (a protocol writes "…სამსახურის უფროსი", the truth "…სამსახური")."""
    words = normal(str(text).replace("(", " ").replace(")", " ")).split()
    return " ".join(_stem(word) for word in words)


def same_text(expected: Any, got: Any) -> bool:
    return got is not None and normal(expected) == normal(got)


def same_organisation(expected: Any, got: Any) -> bool:
    return got is not None and organisation_key(expected) == organisation_key(got)


def contains_text(expected: Any, got: Any) -> bool:
    return got is not None and normal(expected) in normal(got)


def value(obj: Any, key: str) -> Any:
    """A field of a parsed object, whether the importer returns dataclasses or dicts, in the
    JSON form the CLI prints (dates ISO, times HH:MM)."""
    raw = obj.get(key) if isinstance(obj, dict) else getattr(obj, key, None)
    if isinstance(raw, dt.time):
        return raw.strftime("%H:%M")
    if isinstance(raw, dt.date):
        return raw.isoformat()
    if isinstance(raw, str) and not raw.strip():
        return None
    return raw


def as_list(obj: Any, key: str) -> list[Any]:
    found = value(obj, key)
    return list(found) if found else []


# Scores ----------------------------------------------------------------------------------------
@dataclass
class Wrong:
    """A field that was not right: what the truth says and what the importer gave."""

    field: str
    expected: Any
    got: Any

    @property
    def silent(self) -> bool:
        """A value given that is not the truth's (as opposed to a value left out)."""
        return self.got not in (None, [], "", False, NOT_FOUND) or (
            self.got is False and self.expected is True
        )


@dataclass
class DocumentScore:
    importer: str
    document: str
    right: int = 0
    expected: int = 0
    wrong: list[Wrong] = field(default_factory=list)
    crash: str | None = None
    refused: str | None = None

    def check(self, name: str, ok: bool, expected: Any, got: Any) -> None:
        self.expected += 1
        if ok:
            self.right += 1
        else:
            self.wrong.append(Wrong(name, expected, got))

    @property
    def missing(self) -> int:
        return sum(not item.silent for item in self.wrong)

    @property
    def silent_wrong(self) -> int:
        return sum(item.silent for item in self.wrong)

    @property
    def share(self) -> float:
        return self.right / self.expected if self.expected else 1.0


def score_scalar(score: DocumentScore, name: str, expected: Any, got: Any,
                 same: Callable[[Any, Any], bool] = same_text) -> None:
    if expected is None:
        score.check(name, got is None, None, got)
    else:
        score.check(name, same(expected, got), expected, got)


def _similarity(expected: dict[str, Any], got: Any, fields: tuple[str, str]) -> float:
    """How well a parsed entry matches an expected one, by name and then organisation."""
    total = 0.0
    for weight, key in zip((2.0, 1.0), fields, strict=True):
        want, have = expected.get(key), value(got, key)
        if want and have:
            total += weight * difflib.SequenceMatcher(None, normal(want), normal(have)).ratio()
    return total


def align(expected: list[dict[str, Any]], got: list[Any],
          fields: tuple[str, str]) -> list[Any | None]:
    """For each expected entry, the parsed entry that matches it best (each used once), or
    None. Greedy on similarity, so a list read in another order still lines up; entries that
    share nothing with any expected one are left unmatched."""
    pairs = sorted(
        ((_similarity(want, have, fields), -abs(i - j), i, j)
         for i, want in enumerate(expected) for j, have in enumerate(got)),
        reverse=True,
    )
    matched: list[Any | None] = [None] * len(expected)
    used: set[int] = set()
    for similarity, _, i, j in pairs:
        if matched[i] is not None or j in used or similarity < 0.5:
            continue
        matched[i] = got[j]
        used.add(j)
    # Entries without a name or organisation to go by: pair what is left in order.
    rest = iter([j for j in range(len(got)) if j not in used])
    for i, want in enumerate(expected):
        if matched[i] is None and not any(want.get(key) for key in fields):
            j = next(rest, None)
            matched[i] = None if j is None else got[j]
    return matched


def score_texts(score: DocumentScore, name: str, expected: list[str], got: list[Any],
                same: Callable[[Any, Any], bool]) -> None:
    """The count, then each expected text against the first unused parsed text it matches."""
    score.check(f"{name}.count", len(expected) == len(got), len(expected), len(got))
    used: set[int] = set()
    for index, text in enumerate(expected, 1):
        found = next((j for j, have in enumerate(got) if j not in used and same(text, have)),
                     None)
        if found is not None:
            used.add(found)
        near = got[index - 1] if index <= len(got) else None
        score.check(f"{name}.{index}", found is not None, text, near)


def score_protocol(score: DocumentScore, truth: dict[str, Any], parsed: Any) -> None:
    for key in PROTOCOL_SCALARS:
        same = same_organisation if key == "place" else same_text
        score_scalar(score, key, truth.get(key), value(parsed, key), same)
    expected = truth.get("attendees", [])
    attendees = as_list(parsed, "attendees")
    score.check("attendees.count", len(expected) == len(attendees), len(expected),
                len(attendees))
    with_remote = any(person.get("remote") for person in expected)
    for index, (want, have) in enumerate(
        zip(expected, align(expected, attendees, ("name", "organisation")), strict=True), 1
    ):
        label = f"attendees.{index}"
        if have is None:
            for key in ("name", "organisation", "kind", "status"):
                score.check(f"{label}.{key}", False, want.get(key, _default(key)), NOT_FOUND)
            if with_remote:
                score.check(f"{label}.remote", False, bool(want.get("remote")), NOT_FOUND)
            continue
        score_scalar(score, f"{label}.name", want.get("name"), value(have, "name"))
        score_scalar(score, f"{label}.organisation", want.get("organisation"),
                     value(have, "organisation"), same_organisation)
        score_scalar(score, f"{label}.kind", want["kind"], value(have, "kind"))
        score_scalar(score, f"{label}.status", want.get("status", "present"),
                     value(have, "status"))
        if with_remote:
            got_remote = bool(value(have, "remote"))
            score.check(f"{label}.remote", got_remote == bool(want.get("remote")),
                        bool(want.get("remote")), got_remote)
    score_texts(score, "agenda", truth.get("agenda", []), as_list(parsed, "agenda"),
                same_text)
    score_texts(score, "decisions", truth.get("decisions", []), as_list(parsed, "decisions"),
                contains_text)
    items = as_list(parsed, "action_items")
    used: set[int] = set()
    for index, want in enumerate(truth.get("action_items", []), 1):
        candidates = [j for j, have in enumerate(items)
                      if j not in used and value(have, "decision") == want["decision"]]
        best = max(candidates, default=None, key=lambda j: same_organisation(
            want["owner"], value(items[j], "owner")))
        have = items[best] if best is not None else {}
        if best is not None:
            used.add(best)
        label = f"action_items.{index}"
        score_scalar(score, f"{label}.owner", want["owner"], value(have, "owner"),
                     same_organisation)
        score_scalar(score, f"{label}.deadline", want["deadline"], value(have, "deadline"))


def _amount(text: Any) -> str | None:
    return None if text in (None, "") else f"{float(text):.2f}"


def score_plan(score: DocumentScore, truth: dict[str, Any], parsed: Any) -> None:
    score_scalar(score, "title", truth["title"], value(parsed, "title"))
    for key in ("period_start", "period_end"):
        score_scalar(score, key, truth[key], value(parsed, key))
    expected = truth["commitments"]
    got = as_list(parsed, "commitments")
    score.check("commitments.count", len(expected) == len(got), len(expected), len(got))
    used: set[int] = set()
    for index, want in enumerate(expected, 1):
        match = next((j for j, have in enumerate(got) if j not in used
                      and value(have, "number") == want["number"]), None)
        if match is None:
            match = next((j for j, have in enumerate(got) if j not in used
                          and same_text(want["title"], value(have, "title"))), None)
        if match is not None:
            used.add(match)
        score_commitment(score, f"c{index}", want, got[match] if match is not None else {})


def score_commitment(score: DocumentScore, label: str, want: dict[str, Any], have: Any) -> None:
    score_scalar(score, f"{label}.number", want["number"], value(have, "number"),
                 lambda a, b: a == b)
    for key in ("start_date", "deadline"):
        score_scalar(score, f"{label}.{key}", want[key], value(have, key))
    for key in PLAN_TEXTS:
        score_scalar(score, f"{label}.{key}", want[key] or None, value(have, key))
    score_scalar(score, f"{label}.budget_amount", _amount(want["budget_amount"]),
                 _amount(value(have, "budget_amount")))
    if want["budget_amount"] is not None:
        score_scalar(score, f"{label}.budget_currency", want["budget_currency"],
                     value(have, "budget_currency"))
    ticked = sorted(as_list(have, "ogp_values"))
    score.check(f"{label}.ogp_values", sorted(want["ogp_values"]) == ticked,
                sorted(want["ogp_values"]), ticked)
    relevance = value(have, "value_relevance") or {}
    for code, sentence in want["value_relevance"].items():
        score_scalar(score, f"{label}.value_relevance.{code}", sentence, relevance.get(code))
    for key in ("stakeholders_government", "stakeholders_other"):
        score_texts(score, f"{label}.{key}", want[key], as_list(have, key), same_organisation)
    sdgs = as_list(have, "sdgs")
    score.check(f"{label}.sdgs", want["sdgs"] == sdgs, want["sdgs"], sdgs)
    milestones = as_list(have, "milestones")
    score.check(f"{label}.milestones.count", len(want["milestones"]) == len(milestones),
                len(want["milestones"]), len(milestones))
    for index, (expected, got) in enumerate(zip(
            want["milestones"], align(want["milestones"], milestones,
                                      ("title", "responsible_text")), strict=True), 1):
        name = f"{label}.milestones.{index}"
        got = got if got is not None else {}
        score_scalar(score, f"{name}.title", expected["title"], value(got, "title"))
        score_scalar(score, f"{name}.deadline", expected["deadline"], value(got, "deadline"))
        score_scalar(score, f"{name}.responsible_text", expected["responsible_text"] or None,
                     value(got, "responsible_text"), same_organisation)


def _default(key: str) -> Any:
    return {"status": "present", "remote": False}.get(key)


def score_unit(score: DocumentScore, truth: dict[str, Any], parsed: Any) -> None:
    score_scalar(score, "name", truth["name"], value(parsed, "name"))
    score_scalar(score, "hotline", truth.get("hotline"), value(parsed, "hotline"))
    score_texts(score, "functions", truth.get("functions", []), as_list(parsed, "functions"),
                same_text)
    expected = truth.get("staff", [])
    staff = as_list(parsed, "staff")
    score.check("staff.count", len(expected) == len(staff), len(expected), len(staff))
    for index, (want, have) in enumerate(
        zip(expected, align(expected, staff, ("name", "position")), strict=True), 1
    ):
        for key in STAFF_KEYS:
            label = f"staff.{index}.{key}"
            if have is None:
                score.check(label, False, want[key], NOT_FOUND)
                continue
            got = value(have, key)
            if key == "is_head":
                score.check(label, bool(got) == want[key], want[key], got)
            elif key == "email":
                score_scalar(score, label, want.get(key), got,
                             lambda a, b: b is not None and a.casefold() == b.casefold())
            else:
                score_scalar(score, label, want.get(key), got)


def _field_count(truth: dict[str, Any], importer: str) -> int:
    """How many points a document is worth, from its truth alone (for a crash)."""
    if "refused" in truth:
        return 2
    if importer == "plans":
        return 4 + sum(
            2 + 1 + len(PLAN_TEXTS) + 1 + (c["budget_amount"] is not None) + 1
            + len(c["value_relevance"])
            + 2 + len(c["stakeholders_government"]) + len(c["stakeholders_other"]) + 1 + 1
            + 3 * len(c["milestones"])
            for c in truth.get("commitments", []))
    if importer == "units":
        return 3 + 1 + len(truth.get("functions", [])) + 1 + 7 * len(truth.get("staff", []))
    people = truth.get("attendees", [])
    per_person = 5 if any(person.get("remote") for person in people) else 4
    return (len(PROTOCOL_SCALARS) + 1 + per_person * len(people)
            + 1 + len(truth.get("agenda", [])) + 1 + len(truth.get("decisions", []))
            + 2 * len(truth.get("action_items", [])))


# Running the importers -----------------------------------------------------------------------
def _importer(importer: str) -> tuple[Callable[[bytes, str], str], Callable[[str], Any]]:
    if importer == "protocols":
        from tracker.importing.minutes import parse_protocol, read_protocol_upload

        return read_protocol_upload, parse_protocol
    if importer == "plans":
        from tracker.importing.plan import parse_plan, read_plan_upload

        return read_plan_upload, parse_plan
    from tracker.importing.unit_page import parse_unit_page, read_unit_upload

    return read_unit_upload, parse_unit_page


def documents(directory: Path, importer: str) -> Iterator[tuple[Path, Path]]:
    """(document, truth) pairs of one importer's folder, by name."""
    folder = PLANS if importer == "plans" and directory == CORPUS else directory / importer
    if not folder.is_dir():
        return
    for path in sorted(folder.iterdir()):
        if build.is_document(path):
            yield path, folder / f"{build.document_stem(path)}.truth.json"


def score_document(path: Path, truth_path: Path, importer: str) -> DocumentScore:
    """Reads, parses and scores one document. Needs an application context (translations)."""
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    score = DocumentScore(importer, path.name)
    read, parse = _importer(importer)
    try:
        data, filename = build.document_bytes(path)
        parsed = parse(read(data, filename))
    except UploadRefused as refusal:
        score.refused = refusal.reason
        if "refused" in truth:
            score.check("refused", True, True, True)
            score.check("refused.reason", refusal.reason == truth["refused"], truth["refused"],
                        refusal.reason)
        else:
            score.expected = _field_count(truth, importer)
            score.wrong.append(Wrong("refused", None, f"{refusal.reason}: {refusal}"))
        return score
    except Exception as exc:  # a crash: the measure goes on with the next document
        score.crash = "".join(traceback.format_exception_only(exc)).strip()
        score.expected = _field_count(truth, importer)
        score.wrong.append(Wrong("crash", None, score.crash))
        return score
    if "refused" in truth:
        score.check("refused", False, truth["refused"], "imported")
        score.expected += 1
        return score
    {"protocols": score_protocol, "units": score_unit, "plans": score_plan}[importer](
        score, truth, parsed)
    return score


def score_corpus(directory: Path = CORPUS) -> list[DocumentScore]:
    return [score_document(path, truth, importer)
            for importer in IMPORTERS for path, truth in documents(directory, importer)]


# Truth files -----------------------------------------------------------------------------------
def truth_problems(truth: Any, importer: str) -> list[str]:
    """What is wrong with a truth file's shape: unknown keys, wrong types, bad values."""
    if not isinstance(truth, dict):
        return ["a truth file holds an object"]
    if "refused" in truth:
        ok = set(truth) == {"refused"} and isinstance(truth["refused"], str)
        return [] if ok else ["a refusal's truth is {\"refused\": REASON} alone"]
    problems: list[str] = []
    keys = {"protocols": PROTOCOL_KEYS, "units": UNIT_KEYS, "plans": PLAN_KEYS}[importer]
    problems += [f"unknown key {key!r}" for key in set(truth) - keys]
    problems += [f"missing key {key!r}" for key in keys - set(truth)]
    if importer == "plans":
        problems += _plan_problems(truth)
    elif importer == "protocols":
        problems += _protocol_problems(truth)
    else:
        problems += _unit_problems(truth)
    return problems


def _protocol_problems(truth: dict[str, Any]) -> list[str]:
    problems: list[str] = []
    checks = {
        "number": lambda v: v is None or (isinstance(v, int) and not isinstance(v, bool)),
        "date": lambda v: v is None or (isinstance(v, str) and _DATE.fullmatch(v)),
        "start_time": lambda v: v is None or (isinstance(v, str) and _TIME.fullmatch(v)),
        "end_time": lambda v: v is None or (isinstance(v, str) and _TIME.fullmatch(v)),
        "place": lambda v: v is None or isinstance(v, str),
        "chair": lambda v: v is None or isinstance(v, str),
        "secretary": lambda v: v is None or isinstance(v, str),
    }
    problems += [f"{key}: bad value {truth.get(key)!r}" for key, ok in checks.items()
                 if key in truth and not ok(truth[key])]
    for index, person in enumerate(truth.get("attendees", []), 1):
        if not isinstance(person, dict) or not {"name", "organisation", "kind"} <= set(person):
            problems.append(f"attendees.{index}: needs name, organisation, kind")
            continue
        problems += [f"attendees.{index}: unknown key {key!r}" for key in
                     set(person) - ATTENDEE_KEYS]
        if person["kind"] not in KINDS or person.get("status", "present") not in STATUSES:
            problems.append(f"attendees.{index}: bad kind or status")
        if not isinstance(person.get("remote", False), bool):
            problems.append(f"attendees.{index}: remote is true or false")
        if not any(isinstance(person.get(key), str) for key in ("name", "organisation")):
            problems.append(f"attendees.{index}: a name or an organisation")
    for key in ("agenda", "decisions"):
        texts = truth.get(key, [])
        if not isinstance(texts, list) or not all(isinstance(t, str) and t for t in texts):
            problems.append(f"{key}: a list of texts")
    decisions = len(truth.get("decisions", []))
    for index, item in enumerate(truth.get("action_items", []), 1):
        if not isinstance(item, dict) or set(item) != ACTION_KEYS:
            problems.append(f"action_items.{index}: exactly decision, owner, deadline")
            continue
        if not (isinstance(item["decision"], int) and 1 <= item["decision"] <= decisions):
            problems.append(f"action_items.{index}: decision is a decision's number")
        if not isinstance(item["owner"], str):
            problems.append(f"action_items.{index}: owner is a text")
        if not (item["deadline"] is None or _DATE.fullmatch(str(item["deadline"]))):
            problems.append(f"action_items.{index}: deadline is YYYY-MM-DD or null")
    return problems


def _plan_problems(truth: dict[str, Any]) -> list[str]:
    problems: list[str] = []
    for key in ("period_start", "period_end"):
        if not _DATE.fullmatch(str(truth.get(key))):
            problems.append(f"{key}: YYYY-MM-DD")
    for index, commitment in enumerate(truth.get("commitments") or [], 1):
        if not isinstance(commitment, dict) or set(commitment) != COMMITMENT_KEYS:
            problems.append(f"commitments.{index}: exactly {', '.join(sorted(COMMITMENT_KEYS))}")
            continue
        if not set(commitment["value_relevance"]) <= set(commitment["ogp_values"]):
            problems.append(f"commitments.{index}: value_relevance keys among ogp_values")
        if not all(isinstance(n, int) and 1 <= n <= 17 for n in commitment["sdgs"]):
            problems.append(f"commitments.{index}: sdgs are 1..17")
        for milestone in commitment["milestones"]:
            if set(milestone) != {"title", "deadline", "responsible_text"}:
                problems.append(f"commitments.{index}: milestone title, deadline, "
                                "responsible_text")
    return problems


def _unit_problems(truth: dict[str, Any]) -> list[str]:
    problems: list[str] = []
    if not isinstance(truth.get("name"), str):
        problems.append("name: a text")
    hotline = truth.get("hotline")
    if hotline is not None and not re.fullmatch(r"\+[0-9]{6,15}", str(hotline)):
        problems.append("hotline: E.164 or null")
    functions = truth.get("functions", [])
    if not isinstance(functions, list) or not all(isinstance(t, str) and t for t in functions):
        problems.append("functions: a list of texts")
    for index, person in enumerate(truth.get("staff", []), 1):
        if not isinstance(person, dict) or set(person) != set(STAFF_KEYS):
            problems.append(f"staff.{index}: exactly {', '.join(STAFF_KEYS)}")
            continue
        if not isinstance(person["name"], str) or not isinstance(person["position"], str):
            problems.append(f"staff.{index}: name and position are texts")
        if person["rank"] is not None and not _RANK.fullmatch(str(person["rank"])):
            problems.append(f"staff.{index}: rank like 'III რანგი'")
        if person["category"] is not None and not _CATEGORY.fullmatch(str(person["category"])):
            problems.append(f"staff.{index}: category like 'I კატეგორია'")
        if person["phone"] is not None and not re.fullmatch(r"\+995[0-9]{9}", person["phone"]):
            problems.append(f"staff.{index}: phone in E.164 (+995…)")
        if person["email"] is not None and "@" not in str(person["email"]):
            problems.append(f"staff.{index}: email")
        if not isinstance(person["is_head"], bool):
            problems.append(f"staff.{index}: is_head is true or false")
    if sum(bool(person.get("is_head")) for person in truth.get("staff", [])
           if isinstance(person, dict)) > 1:
        problems.append("staff: one head per unit")
    return problems


# Report ----------------------------------------------------------------------------------------
def totals(scores: list[DocumentScore]) -> dict[str, dict[str, Any]]:
    groups = {importer: [s for s in scores if s.importer == importer] for importer in IMPORTERS}
    groups["overall"] = scores
    result = {}
    for name, group in groups.items():
        right = sum(s.right for s in group)
        expected = sum(s.expected for s in group)
        result[name] = {
            "documents": len(group),
            "right": right,
            "expected": expected,
            "share": round(right / expected, 4) if expected else 1.0,
            "crashes": sum(s.crash is not None for s in group),
            "missing": sum(s.missing for s in group),
            "silent_wrong": sum(s.silent_wrong for s in group),
        }
    return result


def _shown(text: Any) -> str:
    shown = json.dumps(text, ensure_ascii=False, default=str)
    return shown if len(shown) <= 110 else shown[:107] + "…"


def print_table(scores: list[DocumentScore], verbose: bool) -> None:
    width = max((len(s.document) for s in scores), default=8) + 2
    print(f"{'document':<{width}} {'right':>5} / {'exp':<4} {'share':>6}  note")
    for score in scores:
        note = "CRASH" if score.crash else (f"refused: {score.refused}" if score.refused else "")
        print(f"{score.document:<{width}} {score.right:>5} / {score.expected:<4} "
              f"{score.share:>6.1%}  {note}")
        if verbose:
            for item in score.wrong:
                print(f"    {item.field}: expected {_shown(item.expected)}, got {_shown(item.got)}")
    print()
    for name, total in totals(scores).items():
        print(f"{name:<10} {total['right']:>5} / {total['expected']:<5} {total['share']:>6.1%}"
              f"  documents {total['documents']}, crashes {total['crashes']}, "
              f"missing {total['missing']}, silent wrong {total['silent_wrong']}")


def as_json(scores: list[DocumentScore]) -> dict[str, Any]:
    return {
        "documents": [
            {**{key: value_ for key, value_ in asdict(score).items() if key != "wrong"},
             "share": round(score.share, 4),
             "wrong": [asdict(item) for item in score.wrong]}
            for score in scores
        ],
        "totals": totals(scores),
    }


def app_for_parsing() -> Any:
    """The application, for translations only: parsing touches no database."""
    from tracker import create_app

    return create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://",
                       "SECRET_KEY": secrets.token_hex(32), "WTF_CSRF_ENABLED": False})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("directory", nargs="?", type=Path, default=CORPUS)
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    parser.add_argument("--verbose", "-v", action="store_true",
                        help="list each wrong field: expected, got")
    args = parser.parse_args(argv)
    with app_for_parsing().app_context():
        scores = score_corpus(args.directory)
    if args.json:
        print(json.dumps(as_json(scores), ensure_ascii=False, indent=2, default=str))
    else:
        print_table(scores, args.verbose)
    return 0


if __name__ == "__main__":
    sys.exit(main())
