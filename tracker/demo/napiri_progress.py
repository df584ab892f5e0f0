"""Napiri's progress reports (on track, delayed with its reason, at risk), a request for a
report still open, and one IRM assessment: what the commitment pages, the reports list
and the self-assessment report show."""

from __future__ import annotations

from datetime import date, timedelta

from ..accounts.models import User
from ..commitments.models import Commitment, OgpValue
from ..progress import operations as progress_ops
from ..progress.evidence import Upload

EVIDENCE = ("პეტიციის წესის პროექტი — საჯარო განხილვის შეჯამება.\n"
            "შემოვიდა 14 შენიშვნა, გათვალისწინებულია 9.\n").encode()


def load_progress(today: date, users: dict[str, User], created: list[Commitment]) -> None:
    chair = users["chair@napiri.example"]
    petitions, open_data, budget = created[0], created[1], created[2]
    owner = users["member@napiri.example"]
    progress_ops.file_report(petitions, owner, {
        "reported_on": today - timedelta(days=28),
        "text": "პეტიციის წესის პროექტი მომზადდა და საჯარო განხილვაზე გამოქვეყნდა. "
                "შემოსული შენიშვნები დამუშავებულია.",
        "status": "on_track", "reason": "",
        "links": ["https://napiri.example/petitions/rule"],
        "milestone_ids": [petitions.milestones[0].id],
    }, [Upload("განხილვის_შეჯამება.txt", EVIDENCE)])
    progress_ops.file_report(open_data, users["member2@napiri.example"], {
        "reported_on": today - timedelta(days=6),
        "text": "მონაცემთა ნაკრებების ნუსხა დამტკიცდა; გამოქვეყნებულია 4 ნაკრები 10-დან.",
        "status": "delayed",
        "reason": "სამსახურებმა მონაცემები დაგვიანებით მოგვაწოდეს; საჭიროა ფორმატის "
                  "გასწორება.",
        "links": [], "milestone_ids": [],
    })
    progress_ops.file_report(budget, owner, {
        "reported_on": today - timedelta(days=3),
        "text": "გზამკვლევის მონახაზი მზადაა, დიზაინი ჯერ არ დაწყებულა.",
        "status": "at_risk",
        "reason": "დიზაინისა და ბეჭდვის თანხა ბიუჯეტში არ არის გათვალისწინებული.",
        "links": [], "milestone_ids": [],
    })
    progress_ops.request_report(petitions, chair, {
        "deadline": today + timedelta(days=5),
        "note": "გთხოვთ, მოგვაწოდოთ ინფორმაცია სატესტო ვერსიის შესახებ.",
    })
    progress_ops.record_assessment(open_data, chair, {
        "verifiable": True,
        "relevance": [OgpValue.ACCESS_TO_INFORMATION.value,
                      OgpValue.TECHNOLOGY_AND_INNOVATION.value],
        "potential": "substantial", "completion": "limited",
        "opened_government": None,
        "source": "IRM-ის შუალედური ანგარიში",
        "assessed_on": today - timedelta(days=20),
    })
