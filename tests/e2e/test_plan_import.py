"""End to end in a real headless Chromium, the action plan import of issue 16: the chair
uploads a plan written in Word on OGP's template (a three-column table a commitment with
merged group labels, the milestones in a table inside a cell), checks what was read on the
review page, saves it once, and finds each commitment's whole template on its page; the same
upload again changes nothing and says so. Nothing on the way breaks the pages' Content
Security Policy."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from typing import Any

from tests.e2e.test_browser import (  # noqa: F401  (the live server and browser fixtures)
    NAPIRI,
    browser,
    live_server,
    log_in,
    page,
    pytestmark,
)

ROOT = Path(__file__).resolve().parents[2]
PLAN = ROOT / "tests" / "importing" / "plans" / "plan08_lazureti_grouped.docx.json"


def _build() -> Any:
    spec = importlib.util.spec_from_file_location(
        "plan_corpus_build", ROOT / "tests" / "importing" / "corpus" / "build.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _upload(tab: Any, path: Path) -> str:  # type: ignore[no-untyped-def]
    tab.goto(f"{NAPIRI}/plans/")
    tab.click(f"a[href='{NAPIRI}/plans/import']")
    tab.set_input_files("input[type=file]", str(path))
    tab.click("main form button.btn--primary")
    return tab.locator("main").inner_text()


def test_a_chair_imports_the_citys_plan_after_one_review(page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    refused: list[str] = []
    page.on("console", lambda message: refused.append(message.text)
            if "Content Security Policy" in message.text else None)
    data, name = _build().document_bytes(PLAN)
    document = tmp_path / name
    document.write_bytes(data)
    log_in(page, "chair@napiri.example", "demo-chair-2026")

    review = _upload(page, document)
    assert "შეამოწმეთ იმპორტირებული სამოქმედო გეგმა" in page.title()
    assert "მუნიციპალური ბიუჯეტის ღია მონაცემები" in review
    assert "მონაცემთა ფორმატის შემუშავება" in review  # a milestone from the nested table
    assert "შესაქმნელი ვალდებულებები: 3" in review
    page.click("form[action$='/plans/import/confirm'] button.btn--primary")
    assert "/commitments/" in page.url
    assert "შეიქმნა 3 ვალდებულება" in page.locator("main").inner_text()

    page.locator("a", has_text="მუნიციპალური ბიუჯეტის ღია მონაცემები").first.click()
    shown = re.sub(r"\s", " ", page.locator("main").inner_text())  # Babel's spaces in 18 000
    for text in ("მოქალაქეებს არ აქვთ წვდომა ბიუჯეტის შესრულების დეტალურ მონაცემებზე.",
                 "მონაცემები საშუალებას მისცემს მოქალაქეებს, თვალი ადევნონ ხარჯვას.",
                 "მერია ანგარიშს ჩააბარებს თითოეული ლარის ხარჯვაზე.",
                 "საკრებულოს აპარატი", "ლაზურეთის ახალგაზრდული ცენტრი",
                 "18 000,00 ₾", "საჯარო ფინანსების მართვის რეფორმის სტრატეგია",
                 "მშვიდობა, სამართლიანობა და ძლიერი ინსტიტუტები", "თამარ ქორიძე",
                 "მოქალაქეთა გამოკითხვა მონაცემების გამოყენებაზე", "30/06/2026"):
        assert text in shown, text

    again = _upload(page, document)
    assert "შესაქმნელი ვალდებულებები: 0" in again
    assert "უკვე დოკუმენტის შესაბამისი: 3" in again
    assert refused == []
