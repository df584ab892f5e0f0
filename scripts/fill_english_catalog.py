"""The English catalog is the msgids themselves: copy each msgid into its msgstr.

Run by ``make extract`` after ``pybabel update``, so the English catalog stays complete and
only the Georgian one needs a translator.
"""

from pathlib import Path

from babel.messages.pofile import read_po, write_po

PO = Path(__file__).resolve().parent.parent / "tracker/translations/en/LC_MESSAGES/messages.po"


def main() -> None:
    with PO.open("rb") as source:
        catalog = read_po(source, locale="en")
    for message in catalog:
        if message.id:
            message.string = message.id
            message.flags.discard("fuzzy")
    with PO.open("wb") as target:
        write_po(target, catalog, no_location=True, sort_output=True, width=None,
                 ignore_obsolete=True)


if __name__ == "__main__":
    main()
