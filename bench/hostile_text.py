"""How long the minutes' grammar takes on long hostile texts (runs of brackets, colons,
numbers, labels): each must be read or refused in well under a request's time.

    .venv/bin/python bench/hostile_text.py

``tests/importing/test_minutes.py`` reads the same texts and asserts that each is read or
refused (with a generous guard against a hang); the times are here, not in a test, because
a machine busy with other work makes any time limit flaky. Target: under 5 s each.
"""

from __future__ import annotations

import contextlib
import sys
import time
from pathlib import Path

HOSTILE_TEXTS: dict[str, str] = {
    "1. a hundred thousand times": "1." * 100_000,
    "open brackets then a name": "(" * 200_000 + "ნატა ტალღიშვილი",
    "slashes": "/" * 200_000,
    "1/ repeated": "1/" * 100_000,
    "colons": ":" * 200_000,
    "opening quotes": "„" * 200_000,
    "one letter, then an agenda": "ა " * 100_000 + "დღის წესრიგი:",
    "ქ. repeated": "ქ. " * 100_000,
    "dash lines": "- \n" * 100_000,
    "times": "14:00 " * 50_000,
    "N then a number": "N" * 200_000 + "5",
    "protocol words and attendees": ("ოქმი " * 50_000 + "\n" + "სხდომას ესწრებოდნენ:\n"
                                     + "ა - ბ; " * 50_000),
    "fifty thousand decisions": "სხდომის ოქმი N1\nშეთანხმდნენ:\n" + "1. ა\n" * 50_000,
}


def main() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from tracker.importing.minutes import ProtocolImportError, parse_protocol

    for name, text in HOSTILE_TEXTS.items():
        start = time.perf_counter()
        with contextlib.suppress(ProtocolImportError):
            parse_protocol(text)
        print(f"{name:32} {time.perf_counter() - start:6.2f} s  ({len(text):,} characters)")


if __name__ == "__main__":
    main()
