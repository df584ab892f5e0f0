"""Protocols for the bulk import's tests, written here (an invented city, invented people):
the sample's layout, with the number, day, officers and topic of each one's own."""

from __future__ import annotations

import io

from docx import Document

CHAIR = "ლევან მთვარაძე"
SECRETARY = "თეონა ქარსაძე"


def protocol(number: int, day: str, topic: str, *, chair: str = CHAIR,
             secretary: str = SECRETARY, end: bool = True) -> str:
    """A protocol of the working group of ზღვისპირა; ``end=False`` leaves out the closing
    time (a field the importer then reports as not found)."""
    lines = [
        "ქალაქ ზღვისპირას მუნიციპალიტეტის ღია მმართველობის სამუშაო ჯგუფის",
        f"სხდომის ოქმი N{number}", "", "ქ. ზღვისპირა", "", f"{day} წელი", "",
        "სხდომის დაწყების დრო: 10:00 საათი", "",
        "სხდომას უძღვებოდა:", "", f"სამუშაო ჯგუფის ხელმძღვანელი - მერის მოადგილე - {chair}.",
        "", "სხდომის მდივანი:", "", f"მერიის ადმინისტრაციის მთავარი სპეციალისტი - {secretary}.",
        "", "სხდომას ესწრებოდნენ:", "",
        "მერიის იურიდიული სამსახურის უფროსი; „მწვანე ქალაქის კავშირი“-ს წარმომადგენელი;", "",
        "სხდომის უფლებამოსილება განისაზღვრა სამუშაო ჯგუფის ხელმძღვანელისა და ზემოთ "
        "ჩამოთვლილი წევრების შემადგენლობით.", "",
        "სამუშაო ჯგუფის სხდომის დღის წესრიგი:", "", f"1. {topic}", "",
        f"წევრებმა იმსჯელეს საკითხზე: {topic}.", "",
        "სხდომის დასასრულს სამუშაო ჯგუფის წევრები შეთანხმდნენ:", "",
        f"1. კეთილმოწყობის სამსახურმა მოამზადოს გეგმა: {topic};", "",
    ]
    if end:
        lines += ["სხდომის დახურვის დრო: 11:30 სთ.", ""]
    lines += ["სამუშაო ჯგუფის ხელმძღვანელი", f"/{chair}/", "სამუშაო ჯგუფის მდივანი",
              f"/{secretary}/"]
    return "\n".join(lines) + "\n"


def docx_of(text: str) -> bytes:
    """The protocol as Word saves it: a paragraph a line."""
    document = Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    stream = io.BytesIO()
    document.save(stream)
    return stream.getvalue()



MARCH = protocol(3, "02/03/2021", "სკვერების განათება")
APRIL = protocol(4, "05/04/2021", "ბაღების მოვლა", end=False)
#: A protocol the grammar reads but the tracker refuses to save: one person as chair and
#: secretary. Saving it gets as far as recording that person before it is refused.
ONE_OFFICER = protocol(5, "03/05/2021", "ეზოების რეაბილიტაცია", chair="ნინო წყალობაძე",
                       secretary="ნინო წყალობაძე")
#: Numbered 3 again (a new year's numbering, or a typo): the group has a meeting N3.
NUMBER_AGAIN = protocol(3, "14/06/2021", "სანაპიროს დასუფთავება")
NOT_A_PROTOCOL = "პური, რძე, ყველი\nხვალ დილით ბაზარში\n"
