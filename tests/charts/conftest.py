"""A plan of fixed dates for the charts: nothing here depends on the real "today"."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date

SVG = "{http://www.w3.org/2000/svg}"
PERIOD = (date(2020, 1, 1), date(2020, 3, 31))


def parse(text: str) -> ET.Element:
    """The SVG as XML (it must parse), with the checks every chart passes: an accessible,
    scalable image that runs nothing and loads nothing."""
    root = ET.fromstring(text)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("viewBox", "").startswith("0 0 ")
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title is not None and title.text and desc is not None and desc.text
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    for element in root.iter():
        assert element.tag.removeprefix(SVG) not in (
            "script", "foreignObject", "style", "image", "use", "a", "iframe"), element.tag
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on"), name
            assert name != "style" and "href" not in name, name
            assert "javascript:" not in value.lower()
            if "url(" in value:  # only the document's own patterns
                assert value.startswith("url(#"), value
    assert "http" not in text.replace('xmlns="http://www.w3.org/2000/svg"', "")
    return root


def texts(element: ET.Element) -> list[str]:
    """Every <text> under ``element``, in order."""
    return [t.text or "" for t in element.iter(f"{SVG}text")]


def groups(root: ET.Element, cls: str) -> list[ET.Element]:
    return [g for g in root.iter(f"{SVG}g") if cls in (g.get("class") or "").split()]


def georgian(text: str) -> bool:
    return any("\u10d0" <= ch <= "\u10ff" for ch in text)
