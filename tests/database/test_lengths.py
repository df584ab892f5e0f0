"""Text longer than its column is refused with the field named, on both databases and by
every path (here the operations themselves, under any form), and nothing is stored."""

from __future__ import annotations

import pytest

from tracker.accounts.models import User
from tracker.errors import ValidationFailed
from tracker.extensions import db
from tracker.meetings import operations as meeting_ops
from tracker.meetings.models import Meeting


def test_an_operation_given_text_longer_than_its_column_is_refused(app_ctx, users) -> None:
    chair = db.session.get(User, users["chair"].id)
    limit = Meeting.__table__.c.place.type.length
    with pytest.raises(ValidationFailed) as refused:
        meeting_ops.create_meeting(chair, {"place": "ა" * (limit + 1)})
        db.session.flush()
    assert list(refused.value.fields) == ["place"]
    db.session.rollback()
    assert db.session.query(Meeting).count() == 0


def test_text_at_its_columns_limit_is_stored(app_ctx, users) -> None:
    chair = db.session.get(User, users["chair"].id)
    limit = Meeting.__table__.c.place.type.length
    meeting = meeting_ops.create_meeting(chair, {"place": "ა" * limit})
    db.session.commit()
    assert len(db.session.get(Meeting, meeting.id).place) == limit


def test_an_edit_beyond_the_column_is_refused_over_the_api(api, users, make_meeting) -> None:
    meeting = make_meeting()
    limit = Meeting.__table__.c.place.type.length
    response = api(users["secretary"]).patch(
        f"/meetings/{meeting.id}", json={"place": "ბ" * (limit + 1), "version": meeting.version}
    )
    assert response.status_code == 422
    assert "place" in response.get_json()["error"]["fields"]
