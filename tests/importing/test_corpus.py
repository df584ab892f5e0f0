"""The held-out import corpus (tests/importing/corpus) and its scorer (bench/imports.py).

The corpus holds protocols and unit pages written in the layouts issue 9 lists, with a
truth file beside each; the scorer reads each document through the importers' own
functions and counts the fields they got right. These tests keep the corpus honest (every
truth file well formed, the layouts all there), check the scorer's comparison rules, and
hold the importers to the score the issue asks for.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
CORPUS = Path(__file__).parent / "corpus"

# The share of fields the importers must read right over the whole corpus. Issue 9 asks for
# >= 90 % on documents from unseen cities; the lead sets the final figure here. Today's
# importers (before the issue-9 grammars) score about 62 %, so this test fails until then.
THRESHOLD = 0.90
MIN_PROTOCOLS = 24
MIN_UNITS = 10


def _load_scorer() -> Any:
    spec = importlib.util.spec_from_file_location("bench_imports", ROOT / "bench" / "imports.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


scorer = _load_scorer()


@pytest.fixture(scope="module")
def scores() -> Iterator[list[Any]]:
    with scorer.app_for_parsing().app_context():
        yield scorer.score_corpus(CORPUS)


def _pairs(importer: str) -> list[tuple[Path, Path]]:
    return list(scorer.documents(CORPUS, importer))


# The corpus ------------------------------------------------------------------------------------
@pytest.mark.parametrize("importer", scorer.IMPORTERS)
def test_every_truth_file_is_well_formed(importer: str) -> None:
    problems = {}
    for document, truth_path in _pairs(importer):
        if not truth_path.is_file():
            problems[document.name] = ["no truth file beside it"]
            continue
        found = scorer.truth_problems(json.loads(truth_path.read_text("utf-8")), importer)
        if found:
            problems[document.name] = found
    assert problems == {}


@pytest.mark.parametrize("importer", scorer.IMPORTERS)
def test_every_truth_file_has_its_document(importer: str) -> None:
    documented = {truth.name for _, truth in _pairs(importer)}
    truths = {path.name for path in (CORPUS / importer).glob("*.truth.json")}
    assert truths - documented == set()


def test_the_corpus_covers_each_importer_and_each_refusal() -> None:
    protocols = [json.loads(t.read_text("utf-8")) for _, t in _pairs("protocols")]
    units = [json.loads(t.read_text("utf-8")) for _, t in _pairs("units")]
    assert sum("refused" not in truth for truth in protocols) >= MIN_PROTOCOLS
    assert sum("refused" not in truth for truth in units) >= MIN_UNITS
    refusals = {truth["refused"] for truth in protocols + units if "refused" in truth}
    assert refusals == {"scanned", "not_a_protocol", "not_a_unit_page"}
    suffixes = {build_suffix(document) for document, _ in _pairs("protocols")}
    assert suffixes == {".txt", ".docx.json", ".pdf.json"}
    assert {build_suffix(document) for document, _ in _pairs("units")} == {
        ".txt", ".html", ".docx.json"}


def build_suffix(path: Path) -> str:
    return path.name.removeprefix(scorer.build.document_stem(path))


def test_specs_build_into_real_word_and_pdf_files() -> None:
    protocols = CORPUS / "protocols"
    docx, docx_name = scorer.build.document_bytes(protocols / "p03_velistsikhe.docx.json")
    pdf, pdf_name = scorer.build.document_bytes(protocols / "p04_nisleti.pdf.json")
    assert (docx[:2], docx_name) == (b"PK", "p03_velistsikhe.docx")
    assert (pdf[:5], pdf_name) == (b"%PDF-", "p04_nisleti.pdf")


# The scorer's rules ----------------------------------------------------------------------------
def test_texts_compare_folded_without_quotes_and_end_punctuation() -> None:
    assert scorer.same_text("ᲓᲦᲘᲡ „ᲬᲔᲡᲠᲘᲒᲘ“", "დღის წესრიგი.")
    assert scorer.same_text("ქ. ნაპირი", "ქ.ნაპირი")
    assert not scorer.same_text("ქ. ნაპირი", None)


def test_organisations_compare_across_case_endings() -> None:
    assert scorer.same_organisation("მერიის იურიდიული სამსახური", "მერიის იურიდიული სამსახურის")
    assert not scorer.same_organisation("მერიის იურიდიული სამსახური", "მერიის ფინანსური სამსახური")


def test_a_decision_with_its_vote_tally_counts_as_the_decision() -> None:
    assert scorer.contains_text("ანგარიში მიღებულ იქნეს ცნობად",
                                "ანგარიში მიღებულ იქნეს ცნობად. მომხრე - 7, წინააღმდეგი - 1")


def test_a_value_where_the_truth_has_none_is_a_silent_wrong_value() -> None:
    score = scorer.DocumentScore("protocols", "x")
    scorer.score_scalar(score, "end_time", None, "12:00")
    scorer.score_scalar(score, "secretary", "ია ქობალია", None)
    assert (score.right, score.expected, score.silent_wrong, score.missing) == (0, 2, 1, 1)


def test_attendees_align_by_name_not_by_order() -> None:
    expected = [{"name": "ია ქობალია", "organisation": None},
                {"name": "გელა ნოზაძე", "organisation": None}]
    got = [{"name": "გელა ნოზაძე"}, {"name": "ია ქობალია"}]
    assert scorer.align(expected, got, ("name", "organisation")) == [got[1], got[0]]


# The importers on the corpus -------------------------------------------------------------------
def test_no_document_crashes_the_importers(scores: list[Any]) -> None:
    assert {s.document: s.crash for s in scores if s.crash} == {}


def test_the_importers_read_enough_of_the_corpus(scores: list[Any]) -> None:
    overall = scorer.totals(scores)["overall"]
    assert overall["share"] >= THRESHOLD, scorer.totals(scores)
