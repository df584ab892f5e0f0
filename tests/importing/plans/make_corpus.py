# ruff: noqa: E501  (the plans written out as data)
"""Writes the action-plan corpus: each document (a .docx or .pdf spec for
``tests/importing/corpus/build.py``, or a .txt) and its truth file, from the plans below.

    .venv/bin/python tests/importing/plans/make_corpus.py          # specs, texts, truths
    .venv/bin/python tests/importing/plans/make_corpus.py --built  # and the .docx/.pdf files
                                                                   # in built/, to upload by hand

Invented cities (ლაზურეთი, Mtisubani), people and units; nine layouts: one table per commitment
(Georgian, English), one long table, headings with paragraphs (.docx), labelled text (.txt), a
PDF with a text layer, a plan-wide spreadsheet table (a row per milestone), a three-column
table with merged group labels and the milestones in a nested table, and Roman-numbered
sections with labels in both languages before a dash. The truth says what a careful person
reads from each document.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent

KA_MONTHS = ("იანვარი", "თებერვალი", "მარტი", "აპრილი", "მაისი", "ივნისი", "ივლისი",
             "აგვისტო", "სექტემბერი", "ოქტომბერი", "ნოემბერი", "დეკემბერი")
EN_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December")

KA_VALUES = {"access_to_information": "ინფორმაციის ხელმისაწვდომობა",
             "civic_participation": "სამოქალაქო ჩართულობა",
             "public_accountability": "საჯარო ანგარიშვალდებულება",
             "technology_and_innovation": "ტექნოლოგია და ინოვაცია"}
EN_VALUES = {"access_to_information": "Access to information",
             "civic_participation": "Civic participation",
             "public_accountability": "Public accountability",
             "technology_and_innovation": "Technology and innovation"}

LAZURETI = {
    "title": "ქ. ლაზურეთის მუნიციპალიტეტის ღია მმართველობის სამოქმედო გეგმა 2025–2026",
    "period_start": "2025-01-01", "period_end": "2026-12-31",
    "commitments": [
        {
            "number": 1,
            "title": "მუნიციპალური ბიუჯეტის ღია მონაცემები",
            "start_date": "2025-03-01", "deadline": "2026-06-30",
            "lead_unit": "ფინანსური სამსახური",
            "owner": "თამარ ქორიძე",
            "problem": "მოქალაქეებს არ აქვთ წვდომა ბიუჯეტის შესრულების დეტალურ მონაცემებზე.",
            "description": "მერია ყოველთვიურად გამოაქვეყნებს ბიუჯეტის შესრულების მონაცემებს ღია ფორმატში.",
            "solution": "მონაცემები საშუალებას მისცემს მოქალაქეებს, თვალი ადევნონ ხარჯვას.",
            "value_relevance": {
                "access_to_information": "ბიუჯეტის მონაცემები ყველასთვის ხელმისაწვდომი გახდება.",
                "public_accountability": "მერია ანგარიშს ჩააბარებს თითოეული ლარის ხარჯვაზე.",
            },
            "stakeholders_government": ["ეკონომიკური განვითარების სამსახური", "საკრებულოს აპარატი"],
            "stakeholders_other": ["ა(ა)იპ „ღია ქალაქის ინსტიტუტი“", "ლაზურეთის ახალგაზრდული ცენტრი"],
            "budget_amount": "18000.00", "budget_currency": "GEL",
            "budget_note": "მუნიციპალური ბიუჯეტი",
            "programme_links": "საჯარო ფინანსების მართვის რეფორმის სტრატეგია",
            "sdgs": [16],
            "additional_info": "მონაცემები გამოქვეყნდება CSV და XLSX ფორმატებში.",
            "milestones": [
                {"title": "მონაცემთა ფორმატის შემუშავება", "deadline": "2025-05-31", "responsible_text": "ფინანსური სამსახური"},
                {"title": "პირველი კვარტლის მონაცემების გამოქვეყნება", "deadline": "2025-07-15", "responsible_text": "ფინანსური სამსახური"},
                {"title": "მოქალაქეთა გამოკითხვა მონაცემების გამოყენებაზე", "deadline": "2026-06-30", "responsible_text": "ლაზურეთის ახალგაზრდული ცენტრი"},
            ],
        },
        {
            "number": 2,
            "title": "ელექტრონული პეტიციების პლატფორმა",
            "start_date": "2025-04-01", "deadline": "2026-03-31",
            "lead_unit": "ადმინისტრაციული სამსახური",
            "owner": "ლევან ჭუმბურიძე",
            "problem": "მოქალაქეთა ინიციატივები ქაღალდზე გროვდება და ხშირად იკარგება.",
            "description": "შეიქმნება ონლაინ პლატფორმა, სადაც მოქალაქეები პეტიციას შეიტანენ და ხელს მოაწერენ.",
            "solution": "პეტიციის შეტანა გამარტივდება და მისი განხილვის ვადები საჯარო გახდება.",
            "value_relevance": {
                "civic_participation": "მოქალაქეები უშუალოდ ჩაერთვებიან გადაწყვეტილებების მიღებაში.",
                "technology_and_innovation": "პლატფორმა ციფრულ ხელმოწერებს გამოიყენებს.",
            },
            "stakeholders_government": ["საკრებულოს აპარატი"],
            "stakeholders_other": ["ციფრული უფლებების კლუბი"],
            "budget_amount": "32500.00", "budget_currency": "GEL",
            "budget_note": "დონორის გრანტი",
            "programme_links": "ციფრული მმართველობის ეროვნული სტრატეგია",
            "sdgs": [11, 16],
            "additional_info": "",
            "milestones": [
                {"title": "პლატფორმის ტექნიკური დავალების მომზადება", "deadline": "2025-06-30", "responsible_text": "ადმინისტრაციული სამსახური"},
                {"title": "პლატფორმის ამოქმედება", "deadline": "2026-01-31", "responsible_text": "ციფრული უფლებების კლუბი"},
            ],
        },
        {
            "number": 3,
            "title": "ღია სამუშაო შეხვედრები უბნებში",
            "start_date": "2025-09-01", "deadline": "2026-12-31",
            "lead_unit": "მერიის აპარატი",
            "owner": "ეკა ნადირაძე",
            "problem": "უბნების მაცხოვრებლებს არ აქვთ საშუალება, მერიასთან ერთად დაგეგმონ პროექტები.",
            "description": "მერია ყოველ კვარტალში ჩაატარებს ღია შეხვედრებს თითოეულ უბანში.",
            "solution": "მაცხოვრებლების წინადადებები აისახება მომავალი წლის ბიუჯეტში.",
            "value_relevance": {
                "civic_participation": "შეხვედრები ღიაა ყველა მაცხოვრებლისთვის.",
            },
            "stakeholders_government": ["ინფრასტრუქტურის სამსახური"],
            "stakeholders_other": ["უბნების მაცხოვრებელთა ასოციაცია"],
            "budget_amount": None, "budget_currency": "",
            "budget_note": "არ საჭიროებს დამატებით დაფინანსებას",
            "programme_links": "",
            "sdgs": [11],
            "additional_info": "",
            "milestones": [
                {"title": "შეხვედრების განრიგის გამოქვეყნება", "deadline": "2025-10-15", "responsible_text": "მერიის აპარატი"},
                {"title": "პირველი რაუნდის შეხვედრები", "deadline": "2025-12-20", "responsible_text": "ინფრასტრუქტურის სამსახური"},
            ],
        },
    ],
}

MTISUBANI = {
    "title": "Mtisubani Municipality Open Government Action Plan 2025-2027",
    "period_start": "2025-02-01", "period_end": "2027-01-31",
    "commitments": [
        {
            "number": 1,
            "title": "Open contracting for municipal procurement",
            "start_date": "2025-03-01", "deadline": "2026-12-31",
            "lead_unit": "Procurement Service",
            "owner": "Nika Sulaberidze",
            "problem": "Residents cannot see who wins municipal contracts or what is delivered.",
            "description": "The city will publish every contract and its payments in the Open Contracting Data Standard.",
            "solution": "Published contracts let journalists and residents follow spending from tender to delivery.",
            "value_relevance": {
                "access_to_information": "Contract data becomes public by default.",
                "public_accountability": "Suppliers and officials answer for late or poor delivery.",
                "technology_and_innovation": "The data is machine-readable and updated daily.",
            },
            "stakeholders_government": ["Finance Service", "City Council Office"],
            "stakeholders_other": ["Civic Data Lab", "Mtisubani Business Association"],
            "budget_amount": "24000.00", "budget_currency": "USD",
            "budget_note": "donor programme",
            "programme_links": "National Public Procurement Strategy",
            "sdgs": [12, 16],
            "additional_info": "",
            "milestones": [
                {"title": "Adopt the open contracting data standard", "deadline": "2025-06-30", "responsible_text": "Procurement Service"},
                {"title": "Publish the first contracts", "deadline": "2025-11-30", "responsible_text": "Procurement Service"},
                {"title": "Train journalists to use the data", "deadline": "2026-05-31", "responsible_text": "Civic Data Lab"},
            ],
        },
        {
            "number": 2,
            "title": "Participatory budgeting for youth",
            "start_date": "2025-04-01", "deadline": "2026-10-31",
            "lead_unit": "Youth and Sports Service",
            "owner": "Ana Gelovani",
            "problem": "Young people are rarely asked how the city spends money on them.",
            "description": "Young residents will propose and vote on projects worth 5 percent of the youth budget.",
            "solution": "Projects chosen by young people are funded in the next budget.",
            "value_relevance": {
                "civic_participation": "Young people decide on real spending.",
            },
            "stakeholders_government": ["Finance Service"],
            "stakeholders_other": ["Youth Council of Mtisubani"],
            "budget_amount": "15000.00", "budget_currency": "GEL",
            "budget_note": "municipal budget",
            "programme_links": "",
            "sdgs": [4, 16],
            "additional_info": "",
            "milestones": [
                {"title": "Publish the rules of the vote", "deadline": "2025-07-31", "responsible_text": "Youth and Sports Service"},
                {"title": "Hold the first vote", "deadline": "2026-03-31", "responsible_text": "Youth Council of Mtisubani"},
            ],
        },
    ],
}


def iso(date: str) -> tuple[int, int, int]:
    year, month, day = (int(part) for part in date.split("-"))
    return year, month, day


def dotted(date: str) -> str:
    year, month, day = iso(date)
    return f"{day:02d}.{month:02d}.{year}"


def slashed(date: str) -> str:
    year, month, day = iso(date)
    return f"{day:02d}/{month:02d}/{year}"


def ka_long(date: str) -> str:
    year, month, day = iso(date)
    return f"{year} წლის {day} {KA_MONTHS[month - 1]}"


def en_long(date: str) -> str:
    year, month, day = iso(date)
    return f"{day} {EN_MONTHS[month - 1]} {year}"


def money(commitment: dict[str, Any], english: bool) -> str:
    amount = commitment["budget_amount"]
    if amount is None:
        return commitment["budget_note"]
    whole = int(float(amount))
    grouped = f"{whole:,}".replace(",", " " if not english else ",")
    if english:
        return f"{commitment['budget_currency']} {grouped} ({commitment['budget_note']})"
    return f"{grouped} ლარი ({commitment['budget_note']})"


def ka_values(commitment: dict[str, Any]) -> str:
    return " ".join(f"{KA_VALUES[code]}: {sentence}"
                    for code, sentence in commitment["value_relevance"].items())


def en_values(commitment: dict[str, Any]) -> str:
    return " ".join(f"{EN_VALUES[code]}: {sentence}"
                    for code, sentence in commitment["value_relevance"].items())


def sdg_text(commitment: dict[str, Any], english: bool) -> str:
    if english:
        return ", ".join(f"SDG {n}" for n in commitment["sdgs"])
    return "; ".join(f"მიზანი {n}" for n in commitment["sdgs"])


# Layouts -------------------------------------------------------------------------------------
def ka_rows(c: dict[str, Any]) -> list[list[str]]:
    rows = [
        ["ვალდებულების ნომერი და დასახელება", f"{c['number']}. {c['title']}"],
        ["დაწყების თარიღი", dotted(c["start_date"])],
        ["დასრულების თარიღი", dotted(c["deadline"])],
        ["წამყვანი განმახორციელებელი უწყება", c["lead_unit"]],
        ["საკონტაქტო პირი", c["owner"]],
        ["რა საჯარო პრობლემას ეხმიანება ვალდებულება?", c["problem"]],
        ["რა არის ვალდებულება?", c["description"]],
        ["როგორ შეუწყობს ხელს ვალდებულება პრობლემის გადაჭრას?", c["solution"]],
        ["რატომ არის ვალდებულება ღია მმართველობის ღირებულებების რელევანტური?", ka_values(c)],
        ["სხვა სამთავრობო უწყებები", "; ".join(c["stakeholders_government"])],
        ["სამოქალაქო საზოგადოება, კერძო სექტორი, მრავალმხრივი ორგანიზაციები, სამუშაო ჯგუფები",
         "; ".join(c["stakeholders_other"])],
        ["ბიუჯეტი", money(c, False)],
        ["კავშირი სხვა სამთავრობო პროგრამებთან", c["programme_links"]],
        ["მდგრადი განვითარების მიზნები", sdg_text(c, False)],
        ["დამატებითი ინფორმაცია", c["additional_info"]],
    ]
    return [row for row in rows if row[1]]


def en_rows(c: dict[str, Any]) -> list[list[str]]:
    rows = [
        ["Commitment title", c["title"]],
        ["Start and end date", f"{en_long(c['start_date'])} – {en_long(c['deadline'])}"],
        ["Lead implementing agency/actor", c["lead_unit"]],
        ["Contact person", c["owner"]],
        ["What is the public problem that the commitment will address?", c["problem"]],
        ["What is the commitment?", c["description"]],
        ["How will the commitment contribute to solve the public problem?", c["solution"]],
        ["Why is this commitment relevant to OGP values?", en_values(c)],
        ["Other government actors involved", ", ".join(c["stakeholders_government"])],
        ["CSOs, private sector, multilaterals, working groups", ", ".join(c["stakeholders_other"])],
        ["Budget", money(c, True)],
        ["Links to other government programmes", c["programme_links"]],
        ["Sustainable Development Goals", sdg_text(c, True)],
        ["Additional information", c["additional_info"]],
    ]
    return [row for row in rows if row[1]]


def ka_tables(plan: dict[str, Any]) -> list[dict[str, Any]]:
    blocks: list[dict[str, Any]] = [
        {"p": plan["title"], "style": "Title"},
        {"p": f"სამოქმედო გეგმის პერიოდი: {dotted(plan['period_start'])} – {dotted(plan['period_end'])}"},
    ]
    for c in plan["commitments"]:
        blocks.append({"p": f"ვალდებულება {c['number']}", "style": "Heading 1"})
        blocks.append({"table": ka_rows(c)})
        blocks.append({"p": "ეტაპები"})
        blocks.append({"table": [["№", "ეტაპი", "დასრულების თარიღი", "პასუხისმგებელი"]] + [
            [str(i), m["title"], dotted(m["deadline"]), m["responsible_text"]]
            for i, m in enumerate(c["milestones"], 1)]})
    return blocks


def en_tables(plan: dict[str, Any]) -> list[dict[str, Any]]:
    blocks: list[dict[str, Any]] = [
        {"p": plan["title"], "style": "Title"},
        {"p": f"Action plan period: {en_long(plan['period_start'])} – {en_long(plan['period_end'])}"},
    ]
    for c in plan["commitments"]:
        blocks.append({"p": f"Commitment {c['number']}: {c['title']}", "style": "Heading 1"})
        blocks.append({"table": en_rows(c)})
        blocks.append({"table": [["Milestone activity with a verifiable deliverable", "Expected completion date", "Responsible"]] + [
            [m["title"], en_long(m["deadline"]), m["responsible_text"]] for m in c["milestones"]]})
    return blocks


def long_table(plan: dict[str, Any]) -> list[dict[str, Any]]:
    rows: list[list[str]] = []
    for c in plan["commitments"]:
        rows.append([f"ვალდებულება {c['number']}: {c['title']}"])
        for label, value in ka_rows(c)[1:]:
            rows.append([label, value])
        for m in c["milestones"]:
            rows.append(["ეტაპი", m["title"], slashed(m["deadline"]), m["responsible_text"]])
    return [{"p": plan["title"]},
            {"p": f"პერიოდი: {slashed(plan['period_start'])} - {slashed(plan['period_end'])}"},
            {"table": rows}]


def paragraphs(plan: dict[str, Any]) -> list[str]:
    """Headings with labelled paragraphs: the .docx, .txt and PDF layouts."""
    lines = [plan["title"],
             f"პერიოდი: {ka_long(plan['period_start'])} – {ka_long(plan['period_end'])}", ""]
    for c in plan["commitments"]:
        lines += [f"ვალდებულება {c['number']}. {c['title']}", "",
                  f"განხორციელების ვადები: {ka_long(c['start_date'])} – {ka_long(c['deadline'])}",
                  f"წამყვანი უწყება: {c['lead_unit']}",
                  f"საკონტაქტო პირი: {c['owner']}",
                  "პრობლემა:", c["problem"], "",
                  "ვალდებულების აღწერა:", c["description"], "",
                  f"პრობლემის გადაჭრის გზა: {c['solution']}",
                  "ღია მმართველობის ღირებულებები:"]
        lines += [f"{KA_VALUES[code]} – {sentence}" for code, sentence in c["value_relevance"].items()]
        lines += [f"სხვა სამთავრობო უწყებები: {'; '.join(c['stakeholders_government'])}",
                  f"სამოქალაქო საზოგადოება: {'; '.join(c['stakeholders_other'])}",
                  f"ბიუჯეტი: {money(c, False)}"]
        if c["programme_links"]:
            lines.append(f"კავშირი ეროვნულ სტრატეგიასთან: {c['programme_links']}")
        lines.append(f"მდგრადი განვითარების მიზნები: {sdg_text(c, False)}")
        if c["additional_info"]:
            lines.append(f"დამატებითი ინფორმაცია: {c['additional_info']}")
        lines.append("ეტაპები:")
        lines += [f"{i}. {m['title']} — ვადა: {ka_long(m['deadline'])}; პასუხისმგებელი: {m['responsible_text']}"
                  for i, m in enumerate(c["milestones"], 1)]
        lines.append("")
    return lines


def matrix(plan: dict[str, Any]) -> str:
    """One tab-separated table for the whole plan, as pasted from a spreadsheet: a row per
    milestone, the commitment's cells repeated, the lead unit and contact in one cell, an
    empty column where a field is empty."""
    header = ["№", "ვალდებულება", "პრობლემა", "ვალდებულების აღწერა", "როგორ გადაჭრის პრობლემას",
              "ღია მმართველობის ღირებულებები", "ვადები", "წამყვანი უწყება / საკონტაქტო პირი",
              "სახელმწიფო პარტნიორები", "სხვა პარტნიორები", "ბიუჯეტი",
              "კავშირი სტრატეგიებთან", "მდგრადი განვითარების მიზნები", "შენიშვნა",
              "ეტაპი", "ეტაპის ვადა", "პასუხისმგებელი"]
    rows = [plan["title"], f"პერიოდი: {dotted(plan['period_start'])} – {dotted(plan['period_end'])}",
            "", "\t".join(header)]
    for c in plan["commitments"]:
        for m in c["milestones"]:
            rows.append("\t".join([
                f"{c['number']}.", c["title"], c["problem"], c["description"], c["solution"],
                ka_values(c), f"{dotted(c['start_date'])} – {dotted(c['deadline'])}",
                f"{c['lead_unit']} / {c['owner']}", "; ".join(c["stakeholders_government"]),
                "; ".join(c["stakeholders_other"]), money(c, False), c["programme_links"],
                sdg_text(c, False), c["additional_info"], m["title"], dotted(m["deadline"]),
                m["responsible_text"]]))
    return "\n".join(rows) + "\n"


def grouped(plan: dict[str, Any]) -> list[dict[str, Any]]:
    """A three-column table a commitment: group labels merged down over their fields'
    own (read as repeated, as Word gives a merged cell), the relevance a row a value, and
    the milestones as a table inside the cell beside their label."""
    blocks: list[dict[str, Any]] = [{"p": plan["title"], "style": "Title"},
                                    {"p": "სარჩევი"}]
    blocks += [{"p": f"ვალდებულება {c['number']}. {c['title']} .......... {c['number'] + 2}"}
               for c in plan["commitments"]]
    blocks.append({"p": f"მოქმედების პერიოდი: {ka_long(plan['period_start'])} – "
                        f"{ka_long(plan['period_end'])}"})
    for c in plan["commitments"]:
        title = f"ვალდებულება {c['number']}: {c['title']}"
        rows = [[title, title, title],
                ["ვადები", "დაწყების თარიღი", dotted(c["start_date"])],
                ["ვადები", "დასრულების თარიღი", dotted(c["deadline"])],
                ["წამყვანი უწყება", "წამყვანი უწყება", c["lead_unit"]],
                ["საკონტაქტო პირი", "სახელი, გვარი", c["owner"]],
                ["საკონტაქტო პირი", "ელ. ფოსტა", "contact@lazureti.example"],
                ["ვალდებულების აღწერა", "რა პრობლემას პასუხობს ვალდებულება?", c["problem"]],
                ["ვალდებულების აღწერა", "რა არის ვალდებულება?", c["description"]],
                ["ვალდებულების აღწერა", "როგორ შეუწყობს ხელს ვალდებულება პრობლემის გადაჭრას?",
                 c["solution"]]]
        rows += [["ღია მმართველობის ღირებულებები", KA_VALUES[code],
                  c["value_relevance"].get(code, "არ არის რელევანტური")] for code in KA_VALUES]
        rows += [["ხელშემწყობი მხარეები", "სახელმწიფო", "; ".join(c["stakeholders_government"])],
                 ["ხელშემწყობი მხარეები", "სამოქალაქო საზოგადოება, კერძო სექტორი",
                  "; ".join(c["stakeholders_other"])],
                 ["დამატებითი ინფორმაცია", "ბიუჯეტი", money(c, False)],
                 ["დამატებითი ინფორმაცია", "კავშირი სხვა პროგრამებთან", c["programme_links"]],
                 ["დამატებითი ინფორმაცია", "მდგრადი განვითარების მიზნები", sdg_text(c, False)],
                 ["დამატებითი ინფორმაცია", "სხვა ინფორმაცია", c["additional_info"]],
                 ["ეტაპები", [{"table": [["ეტაპი", "ვადა", "პასუხისმგებელი"]] + [
                     [m["title"], ka_long(m["deadline"]), m["responsible_text"]]
                     for m in c["milestones"]]}], ""]]
        blocks.append({"table": rows})
    blocks.append({"p": "სამოქმედო გეგმის შესრულებას ღია მმართველობის საბჭო ყოველ კვარტალში "
                        "განიხილავს და შესრულების ანგარიშს მერიის ვებგვერდზე აქვეყნებს."})
    return blocks


def sections(plan: dict[str, Any]) -> str:
    """Roman-numbered sections, some of them commitments: labels in both languages before a
    dash, milestones led by their date."""
    lines = [plan["title"], "", "Introduction / შესავალი", "",
             "The working group chose these commitments at three public meetings.", "",
             f"Period / პერიოდი — {en_long(plan['period_start'])} – {en_long(plan['period_end'])}",
             ""]
    for index, c in enumerate(plan["commitments"]):
        roman = ("I", "II", "III", "IV")[index]
        lines += [f"{roman}. {c['title']}",
                  f"Start date / დაწყება — {en_long(c['start_date'])}",
                  f"End date / დასრულება — {en_long(c['deadline'])}",
                  f"Lead agency / წამყვანი უწყება — {c['lead_unit']}",
                  f"Contact / საკონტაქტო პირი — {c['owner']}",
                  f"Problem / პრობლემა — {c['problem']}",
                  f"Description / აღწერა — {c['description']}",
                  f"Solution / გადაწყვეტა — {c['solution']}",
                  "OGP values / ღირებულებები —"]
        lines += [f"- {EN_VALUES[code]}: {sentence}"
                  for code, sentence in c["value_relevance"].items()]
        lines += [f"Government stakeholders / სახელმწიფო პარტნიორები — "
                  f"{'; '.join(c['stakeholders_government']) or '—'}",
                  f"Other stakeholders / სხვა პარტნიორები — "
                  f"{'; '.join(c['stakeholders_other']) or '—'}",
                  f"Budget / ბიუჯეტი — {money(c, True)}",
                  f"Programme links / კავშირი პროგრამებთან — {c['programme_links'] or '—'}",
                  f"SDG / მდგრადი განვითარების მიზნები — {sdg_text(c, True)}",
                  f"Additional info / დამატებითი ინფორმაცია — {c['additional_info'] or '—'}",
                  "Milestones / ეტაპები —"]
        lines += [f"{dotted(m['deadline'])} – {m['title']} (responsible: {m['responsible_text']})"
                  for m in c["milestones"]]
        lines.append("")
    lines += [f"{('II', 'III', 'IV', 'V')[len(plan['commitments']) - 1]}. Monitoring", "",
              "The working group reviews progress twice a year."]
    return "\n".join(lines) + "\n"


DOCUMENTS = {
    "plan01_lazureti_tables.docx.json": (LAZURETI, lambda: ka_tables(LAZURETI)),
    "plan02_mtisubani_tables.docx.json": (MTISUBANI, lambda: en_tables(MTISUBANI)),
    "plan03_lazureti_long_table.docx.json": (LAZURETI, lambda: long_table(LAZURETI)),
    "plan04_lazureti_headings.docx.json": (LAZURETI, lambda: [
        {"p": line, "style": "Heading 1"} if line.startswith("ვალდებულება ") else {"p": line}
        for line in paragraphs(LAZURETI) if line]),
    "plan05_lazureti.txt": (LAZURETI, lambda: "\n".join(paragraphs(LAZURETI)) + "\n"),
    "plan06_lazureti.pdf.json": (LAZURETI, lambda: [{"p": line} for line in paragraphs(LAZURETI)
                                                     if line]),
    "plan07_lazureti_matrix.txt": (LAZURETI, lambda: matrix(LAZURETI)),
    "plan08_lazureti_grouped.docx.json": (LAZURETI, lambda: grouped(LAZURETI)),
    "plan09_mtisubani_sections.txt": (MTISUBANI, lambda: sections(MTISUBANI)),
}


def truth(plan: dict[str, Any]) -> dict[str, Any]:
    commitments = []
    for c in plan["commitments"]:
        entry = dict(c)
        entry["ogp_values"] = list(c["value_relevance"])
        commitments.append(entry)
    return {"title": plan["title"], "period_start": plan["period_start"],
            "period_end": plan["period_end"], "commitments": commitments}


def _build() -> Any:
    path = HERE.parent / "corpus" / "build.py"
    spec = importlib.util.spec_from_file_location("import_corpus_build", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main(argv: list[str]) -> None:
    for name, (plan, make) in DOCUMENTS.items():
        document = make()
        path = HERE / name
        if isinstance(document, str):
            path.write_text(document, encoding="utf-8")
        else:
            path.write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n",
                            encoding="utf-8")
        stem = name.removesuffix(".json").rsplit(".", 1)[0]
        (HERE / f"{stem}.truth.json").write_text(
            json.dumps(truth(plan), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    if "--built" in argv:
        build = _build()
        out = HERE / "built"
        out.mkdir(exist_ok=True)
        for name in DOCUMENTS:
            if name.endswith(".json"):
                data, filename = build.document_bytes(HERE / name)
                (out / filename).write_bytes(data)


if __name__ == "__main__":
    main(sys.argv[1:])
