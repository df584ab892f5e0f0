"""The files of the export, by name, each written from the tables read once for the
request: ``<table>.csv`` and ``<table>.json`` for every table, ``data.xlsx`` (a sheet per
table and the dictionary), ``irm.csv``, ``dictionary.csv`` and ``dictionary.json``.

CSV is UTF-8 with a byte-order mark, so a spreadsheet opens Georgian text intact. A text
cell that a spreadsheet would run as a formula (it begins with ``=``, ``+``, ``-``, ``@``, a
tab or a carriage return) is written with a leading apostrophe in CSV (OWASP's CSV
injection advice; the dictionary says so); the workbook writes every text as text, and
JSON keeps every value exactly.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import xlsxwriter
from flask import Response
from flask_babel import gettext as _

from ..disclosure import rules
from ..errors import NotFound
from ..i18n import tracker_zone
from ..municipalities.models import Municipality
from . import dictionary, irm
from .tables import LIST_SEPARATOR, NAMES, Table, cell, read_all

CSV = "text/csv; charset=utf-8"
JSON = "application/json; charset=utf-8"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: What makes a spreadsheet read a cell as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Export:
    """What a file is written from: the municipality, when, and its tables."""

    municipality: Municipality
    generated: datetime
    tables: list[Table]

    @classmethod
    def of(cls, municipality: Municipality) -> Export:
        return cls(municipality, datetime.now(tracker_zone()).replace(microsecond=0),
                   read_all(municipality))

    def table(self, name: str) -> Table:
        return next(t for t in self.tables if t.name == name)


def guarded(value: Any) -> Any:
    """A CSV cell that no spreadsheet runs as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_bytes(header: list[str], rows: Iterable[list[Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([guarded(cell(v)) for v in row])
    return out.getvalue().encode("utf-8-sig")


def json_bytes(document: Any) -> bytes:
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")


def _about(export: Export) -> dict[str, Any]:
    return {"municipality": export.municipality.slug,
            "municipality_name": export.municipality.name,
            "generated": export.generated.isoformat()}


def table_csv(export: Export, name: str) -> bytes:
    table = export.table(name)
    return csv_bytes(table.columns, ([row[c] for c in table.columns] for row in table.rows))


def table_json(export: Export, name: str) -> bytes:
    table = export.table(name)
    return json_bytes({**_about(export), "table": name, "rows": table.rows})


def irm_csv(export: Export) -> bytes:
    return csv_bytes([c.name for c in irm.COLUMNS], irm.rows(export.municipality, export.tables))


DICTIONARY_HEADER = ["table", "field", "type", "label_ka", "label_en", "meaning_ka",
                     "meaning_en", "allowed_values"]


def _dictionary_rows() -> list[list[Any]]:
    return [[e.table, e.field, e.type, e.label["ka"], e.label["en"], e.meaning["ka"],
             e.meaning["en"],
             "; ".join(f"{a['code']} = {a['ka']} / {a['en']}" for a in e.allowed)]
            for e in dictionary.dictionary()]


def dictionary_csv(_export: Export) -> bytes:
    return csv_bytes(DICTIONARY_HEADER, _dictionary_rows())


def dictionary_json(export: Export) -> bytes:
    meanings = dictionary.table_meanings()
    return json_bytes({**_about(export), "list_separator_in_csv": LIST_SEPARATOR,
                       "tables": [{"name": name, "meaning": meanings.get(name, {}),
                                   "fields": [{"name": e.field, "type": e.type,
                                               "label": e.label, "meaning": e.meaning,
                                               "allowed": e.allowed} for e in entries]}
                                  for name, entries in dictionary.by_table()]})


def workbook(export: Export) -> bytes:
    """``data.xlsx``: a sheet per table, the IRM export and the dictionary; every text
    written as text (``write_string``), so nothing in it is a formula."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False,
                                     "strings_to_urls": False, "strings_to_numbers": False})
    bold = book.add_format({"bold": True})

    def sheet(name: str, header: list[str], rows: Iterable[list[Any]]) -> None:
        ws = book.add_worksheet(name[:31])
        ws.write_row(0, 0, header, bold)
        ws.freeze_panes(1, 0)
        for r, row in enumerate(rows, 1):
            for c, value in enumerate(row):
                value = cell(value)
                if isinstance(value, str):
                    ws.write_string(r, c, value)
                else:
                    ws.write_number(r, c, value)

    for table in export.tables:
        sheet(table.name, table.columns, ([row[c] for c in table.columns] for row in table.rows))
    sheet("irm", [c.name for c in irm.COLUMNS], irm.rows(export.municipality, export.tables))
    sheet("dictionary", DICTIONARY_HEADER, _dictionary_rows())
    book.set_properties({"title": _("%(municipality)s: open data",
                                    municipality=export.municipality.name),
                         "created": export.generated.replace(tzinfo=None)})
    book.close()
    return out.getvalue()


@dataclass(frozen=True)
class File:
    name: str
    content_type: str
    write: Callable[[Export], bytes]


def _files() -> dict[str, File]:
    files: list[File] = []
    for kind in rules.TABLES:
        name = NAMES[kind.name]
        files.append(File(f"{name}.csv", CSV, lambda e, n=name: table_csv(e, n)))
        files.append(File(f"{name}.json", JSON, lambda e, n=name: table_json(e, n)))
    files += [File("data.xlsx", XLSX, workbook), File("irm.csv", CSV, irm_csv),
              File("dictionary.csv", CSV, dictionary_csv),
              File("dictionary.json", JSON, dictionary_json)]
    return {f.name: f for f in files}


#: Every file, by the name in its URL.
FILES: dict[str, File] = _files()


#: The URL argument that accepts exactly the file names (any other is a 404 by routing; the
#: public site takes any name and answers 404 itself, since the login wall sends a visitor
#: whose URL matches no route to the login page).
NAME_ARGUMENT = "<any({}):name>".format(", ".join(f"'{name}'" for name in sorted(FILES)))


def download_name(municipality: Municipality, name: str, generated: datetime) -> str:
    """The file's name on the reader's disk: municipality, file and day."""
    stem, _dot, suffix = name.rpartition(".")
    return f"{municipality.slug}-{stem}-{generated.date().isoformat()}.{suffix}"


def serve(municipality: Municipality, name: str) -> Response:
    """The file ``name`` of ``municipality``'s open data, as a download named with the
    municipality and the day; an unknown name is a 404."""
    file = FILES.get(name)
    if file is None:
        raise NotFound()
    export = Export.of(municipality)
    response = Response(file.write(export), content_type=file.content_type)
    response.headers["Content-Disposition"] = (
        f'attachment; filename="{download_name(municipality, name, export.generated)}"')
    return response
