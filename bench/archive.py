"""Benchmark: the minutes archive's search against a naive LIKE scan of the same data.

    .venv/bin/python bench/archive.py                       # SQLite, 20,000 meetings
    .venv/bin/python bench/archive.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/bench
    .venv/bin/python bench/archive.py --meetings 2000 --repeat 5   # a quick run

It builds a fresh database (migrations), generates meetings with realistic Georgian minutes
(about 5 KB each: attendees, agenda, discussion, decisions, drawn from topic vocabularies in
their inflected forms), indexes them the way the application does, then times a fixed set
of archive queries through ``search_archive`` (the same code the archive page and the API
run: ranked page of 20 with snippets, plus the total count) and the same queries as a
``LIKE '%word%'`` scan over the minutes' text. A PostgreSQL URL names a database that this
script drops and creates.
"""

from __future__ import annotations

import argparse
import random
import secrets
import statistics
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from pathlib import Path

import sqlalchemy as sa
from flask_migrate import upgrade

from tracker import create_app
from tracker.extensions import db
from tracker.meetings.archive import (
    LIST_LOADING,
    ArchiveFilters,
    attendee_lines,
    search_archive,
    snippets,
)
from tracker.meetings.minutes import MEETING_INDEX
from tracker.meetings.models import AgendaItem, Attendee, Decision, Meeting
from tracker.search import georgian
from tracker.search.index import SearchIndex, parse_query

TOPICS = {
    "petition": ["ელექტრონული პეტიცია", "პეტიციის წესი", "პეტიციას ხელი მოაწერა",
                 "პეტიციების პლატფორმა", "პეტიციაზე პასუხი"],
    "budget": ["ბიუჯეტის გზამკვლევი", "მოქალაქეთა ბიუჯეტი", "ბიუჯეტის პროექტის განხილვა",
               "საბიუჯეტო ასიგნებები", "ბიუჯეტში ცვლილებები"],
    "open_data": ["ღია მონაცემები", "მონაცემთა ნაკრების გამოქვეყნება", "ღია მონაცემების პორტალი",
                  "მანქანურად წაკითხვადი ფორმატი"],
    "procurement": ["სახელმწიფო შესყიდვები", "შესყიდვების მონიტორინგი", "ტენდერის პირობები",
                    "ხელშეკრულებების რეესტრი"],
    "youth": ["ახალგაზრდული საბჭო", "ახალგაზრდების ჩართულობა", "სტუდენტური პროგრამა"],
    "transport": ["საზოგადოებრივი ტრანსპორტი", "ავტობუსის მარშრუტები", "ველობილიკები"],
    "ethics": ["ეთიკის კოდექსი", "ინტერესთა კონფლიქტი", "ქონებრივი დეკლარაციები"],
    "services": ["მუნიციპალური სერვისები", "ერთი ფანჯრის პრინციპი", "ელექტრონული მომსახურება"],
    "environment": ["მწვანე სივრცეები", "ჰაერის ხარისხი", "ნარჩენების მართვა"],
    "accessibility": ["შშმ პირთა ხელმისაწვდომობა", "ადაპტირებული გარემო", "ჟესტური ენა"],
    "hotline": ["ცხელი ხაზი", "მოქალაქეთა მომართვები", "საჩივრების განხილვა"],
    "archive": ["სხდომების ოქმები", "ოქმების არქივი", "საჯარო ინფორმაციის გაცემა"],
    "tourism": ["ტურისტული მარშრუტები", "ტურიზმის განვითარება", "საინფორმაციო ცენტრი"],
    "schools": ["სკოლამდელი განათლება", "საბავშვო ბაღები", "სკოლების რეაბილიტაცია"],
    "health": ["საზოგადოებრივი ჯანდაცვა", "სამედიცინო მომსახურება", "ვაქცინაციის კამპანია"],
    "social": ["სოციალური დახმარება", "მზრუნველობამოკლებული ოჯახები", "უფასო სასადილო"],
    "culture": ["კულტურული მემკვიდრეობა", "მუზეუმების პროგრამა", "ქალაქის დღესასწაული"],
    "sport": ["სპორტული ინფრასტრუქტურა", "სტადიონის რეკონსტრუქცია", "სპორტული სკოლები"],
    "housing": ["საცხოვრებელი ფონდი", "ამხანაგობების პროგრამა", "სახურავების შეკეთება"],
    "water": ["წყალმომარაგება", "კანალიზაციის ქსელი", "სასმელი წყლის ხარისხი"],
    "lighting": ["გარე განათება", "ენერგოეფექტურობა", "მზის პანელები"],
    "parking": ["პარკირების სისტემა", "ჯარიმების გასაჩივრება", "პარკირების ზონები"],
    "zoning": ["ქალაქთმშენებლობა", "მშენებლობის ნებართვები", "გენერალური გეგმა"],
    "digital": ["ციფრული უნარები", "საჯარო Wi-Fi", "მობილური აპლიკაცია"],
}
FILLER = [
    "სამუშაო ჯგუფის წევრებმა იმსჯელეს {t} შესახებ და გამოთქვეს მოსაზრებები.",
    "სხდომაზე აღინიშნა, რომ {t} საკითხი საჭიროებს დამატებით განხილვას.",
    "სამოქალაქო საზოგადოების წარმომადგენელმა ყურადღება გაამახვილა {t} მიმართულებაზე.",
    "შემსრულებელმა სამსახურმა წარმოადგინა ინფორმაცია {t} მიმდინარეობის შესახებ.",
    "გადაწყდა, რომ {t} თემაზე გაიმართება სამუშაო შეხვედრები საქალაქო სამსახურებთან.",
    "დონორი ორგანიზაციის მრჩეველმა შესთავაზა ტექნიკური დახმარება {t} კუთხით.",
    "ჯგუფმა მოისმინა მოხსენება სამოქმედო გეგმის შესრულების შესახებ.",
    "განხილვის შედეგად გამოიკვეთა პრობლემური საკითხები და მათი მოგვარების გზები.",
]
NAMES = ["ნინო", "გიორგი", "თამარ", "დავით", "ეკა", "ლევან", "მარიამ", "ნიკა", "სალომე", "ირაკლი"]
SURNAMES = ["ბერიძე", "კაპანაძე", "ლომიძე", "ჩიხლაძე", "წერეთელი", "გელაშვილი", "ხარაბაძე",
            "მესხი", "ნოზაძე", "ქავთარაძე", "ჯაფარიძე", "აბაშიძე"]
ORGS = ["ნაპირის მერია", "იურიდიული სამსახური", "ინფორმაციის თავისუფლების ინსტიტუტი",
        "საერთაშორისო გამჭვირვალობა", "მმართველობის პროგრამა", "ადმინისტრაციული სამსახური"]

NOW = datetime.now(UTC)

QUERIES = [
    "პეტიცია",
    "ბიუჯეტი",
    "ღია მონაცემები",
    '"ბიუჯეტის გზამკვლევი"',
    "შესყიდვების მონიტორინგი",
    "ეთიკის კოდექსი",
    "ჟესტური ენა",
    "სამუშაო შეხვედრა",
    "ᲞᲔᲢᲘᲪᲘᲘᲡ",
    "ჩიხლაძე",
]


def minutes_for(rng: random.Random) -> dict[str, object]:
    topics = rng.sample(list(TOPICS), 2)
    phrases = [p for t in topics for p in TOPICS[t]]
    sentences = []
    while sum(len(s) for s in sentences) < 3600:
        sentences.append(rng.choice(FILLER).format(t=rng.choice(phrases)))
    agenda = [rng.choice(phrases) + " — მიმდინარე მდგომარეობა" for _ in range(3)]
    decisions = [f"დაევალოს შესაბამის სამსახურს: {rng.choice(phrases)}." for _ in range(4)]
    people = [(f"{rng.choice(NAMES)} {rng.choice(SURNAMES)}", rng.choice(ORGS)) for _ in range(8)]
    return {"discussion": " ".join(sentences), "agenda": agenda, "decisions": decisions,
            "people": people}


@lru_cache(maxsize=200_000)
def _stem(word: str) -> str:
    return georgian.stem(word)


def index_text(text: str) -> str:
    return " ".join(_stem(w) for w in georgian.words(text))


def generate(count: int, seed: int) -> None:
    rng = random.Random(seed)
    index = SearchIndex("meeting_search")
    start = date(2010, 1, 1)
    batch = 500
    for first in range(1, count + 1, batch):
        meetings, agenda, decisions, attendees, documents = [], [], [], [], []
        for number in range(first, min(first + batch, count + 1)):
            m = minutes_for(rng)
            meetings.append({"id": number, "number": number, "place": "ნაპირის მერია",
                             "date": start + timedelta(days=number % 5000),
                             "discussion": m["discussion"], "authority": "", "state": "completed",
                             "version": 1, "created_at": NOW})
            agenda += [{"meeting_id": number, "position": i, "title": t, "discussion": ""}
                       for i, t in enumerate(m["agenda"], 1)]
            decisions += [{"meeting_id": number, "number": i, "text": t}
                          for i, t in enumerate(m["decisions"], 1)]
            attendees += [{"meeting_id": number, "name": n, "organisation": o, "position": "",
                           "org_kind": "government", "presence": "present"}
                          for n, o in m["people"]]
            text = "\n".join([m["discussion"], *m["agenda"], *m["decisions"],
                              *(f"{n} {o}" for n, o in m["people"])])
            documents.append((number, text))
        db.session.execute(sa.insert(Meeting.__table__), meetings)
        db.session.execute(sa.insert(AgendaItem.__table__), agenda)
        db.session.execute(sa.insert(Decision.__table__), decisions)
        db.session.execute(sa.insert(Attendee.__table__), attendees)
        _bulk_index(index, documents)
        db.session.commit()
        print(f"\r  generated {min(first + batch - 1, count)}/{count}", end="", flush=True)
    print()


def _bulk_index(index: SearchIndex, documents: list[tuple[int, str]]) -> None:
    rows = [{"id": i, "stems": index_text(text)} for i, text in documents]
    if db.engine.dialect.name == "sqlite":
        db.session.execute(sa.text(f"INSERT INTO {index.name}_fts (rowid, stems) "
                                   "VALUES (:id, :stems)"), rows)
    else:
        db.session.execute(sa.text(f"INSERT INTO {index.name} (object_id, document) "
                                   "VALUES (:id, to_tsvector('simple', :stems))"), rows)


def naive_lookup(query: str) -> tuple[int, list[int]]:
    """The scan's search step alone: how many meetings match, and the first page's ids."""
    words = georgian.words(query.replace('"', " "))
    params = {f"w{i}": f"%{word}%" for i, word in enumerate(words)}
    where = " AND ".join(_like_condition(f"w{i}") for i in range(len(words)))
    total = db.session.execute(sa.text(f"SELECT count(*) FROM meetings m WHERE {where}"),
                               params).scalar_one()
    sql = f"SELECT m.id FROM meetings m WHERE {where} ORDER BY m.date DESC LIMIT 20"
    return total, list(db.session.execute(sa.text(sql), params).scalars())


def _like_condition(name: str) -> str:
    return (
        f"(m.discussion LIKE :{name} OR EXISTS (SELECT 1 FROM agenda_items a WHERE "
        f"a.meeting_id = m.id AND a.title LIKE :{name}) OR EXISTS (SELECT 1 FROM decisions d "
        f"WHERE d.meeting_id = m.id AND d.text LIKE :{name}) OR EXISTS (SELECT 1 FROM "
        f"attendees t WHERE t.meeting_id = m.id AND t.name LIKE :{name}))"
    )


def index_lookup(query: str) -> tuple[int, list[int]]:
    """The index's search step alone: the same two answers."""
    parsed = parse_query(query)
    return MEETING_INDEX.count(parsed), MEETING_INDEX.page(parsed, 20, 0)


def naive_scan(query: str) -> tuple[int, list[object]]:
    """What the archive would do without an index: LIKE over every piece of minutes text,
    for the same answer the archive gives (the number of matches and the first page, loaded,
    with snippets). It finds only the exact spelling, not the other case forms."""
    total, ids = naive_lookup(query)
    # The rest of the page is the same work as the archive's: load the page, cut snippets.
    parsed = parse_query(query)
    page = db.session.execute(
        sa.select(Meeting).where(Meeting.id.in_(ids)).options(*LIST_LOADING)
    ).unique().scalars()
    people = attendee_lines(ids)
    return total, [snippets(m, people[m.id], parsed) for m in page]


def timed(fn, repeat: int) -> list[float]:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
        db.session.rollback()
    return times


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--meetings", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--naive-repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--reuse", action="store_true",
                        help="Keep the data already in --database-url (no drop, no generation).")
    args = parser.parse_args()

    url = args.database_url
    if url is None:
        url = f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench.db'}"
    elif args.reuse:
        pass
    elif url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
    else:
        engine = sa.create_engine(url.rsplit("/", 1)[0] + "/postgres",
                                  isolation_level="AUTOCOMMIT")
        name = url.rsplit("/", 1)[1]
        with engine.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}"'))
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
        engine.dispose()
    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": secrets.token_hex(32), "TESTING": True}
    )
    with app.test_request_context():
        if not args.reuse:
            upgrade()
            print(f"{db.engine.dialect.name}: generating {args.meetings} meetings …")
            started = time.perf_counter()
            generate(args.meetings, args.seed)
            print(f"  done in {time.perf_counter() - started:.0f} s")
            db.session.execute(sa.text("ANALYZE"))
            db.session.commit()
        size = db.session.execute(sa.text("SELECT avg(length(discussion)) FROM meetings")).scalar()
        count = db.session.execute(sa.text("SELECT count(*) FROM meetings")).scalar()
        print(f"{count} meetings; average discussion {size:.0f} characters "
              "(+ agenda, decisions, attendees)")
        print("page = the archive's answer (count, ranked page of 20, loaded, with snippets);")
        print("step = the search step alone (count and the page's ids), index vs LIKE scan")
        print(f"{'query':<26} {'hits':>6} {'page ms':>8} {'p95':>6} {'LIKE page':>10} "
              f"{'×':>4} {'step ms':>8} {'LIKE step':>10} {'×':>5}")
        ratios, step_ratios, all_times = [], [], []
        for q in QUERIES:
            result = search_archive(ArchiveFilters(q=q))
            times = timed(lambda q=q: search_archive(ArchiveFilters(q=q)), args.repeat)
            steps = timed(lambda q=q: index_lookup(q), args.repeat)
            naive = timed(lambda q=q: naive_scan(q), args.naive_repeat)
            naive_steps = timed(lambda q=q: naive_lookup(q), args.naive_repeat)
            median, naive_median = statistics.median(times), statistics.median(naive)
            step, naive_step = statistics.median(steps), statistics.median(naive_steps)
            all_times += times
            ratios.append(naive_median / median)
            step_ratios.append(naive_step / step)
            print(f"{q[:26]:<26} {result.total:>6} {median:>8.1f} {p95(times):>6.1f} "
                  f"{naive_median:>10.0f} {naive_median / median:>4.0f} {step:>8.1f} "
                  f"{naive_step:>10.0f} {naive_step / step:>5.0f}")
        print(f"archive page: median {statistics.median(all_times):.1f} ms, "
              f"p95 {p95(all_times):.1f} ms; faster than a LIKE-backed page: median "
              f"{statistics.median(ratios):.0f}×, lowest {min(ratios):.0f}×")
        print(f"search step: faster than the LIKE scan: median "
              f"{statistics.median(step_ratios):.0f}×, lowest {min(step_ratios):.0f}×")


if __name__ == "__main__":
    main()
