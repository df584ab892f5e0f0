"""The preferences form, shared by the page and nothing else (the API reads, it does not
set preferences): a channel for each kind, and immediate e-mail or a weekly digest."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import RadioField
from wtforms.fields.choices import SelectChoice

from ..forms import TrackerForm
from .kinds import Channel, Kind
from .models import NotificationPreferences

DELIVERY = [SelectChoice("immediate", _l("Each message as it happens")),
            SelectChoice("digest", _l("One weekly digest instead (Monday morning)"))]


def _channels(kind: Kind) -> list[SelectChoice]:
    if kind == Kind.DIGEST:  # a digest is e-mail or nothing
        return [SelectChoice(Channel.EMAIL.value, _l("By e-mail")),
                SelectChoice(Channel.OFF.value, Channel.OFF.label)]
    return [SelectChoice(channel.value, channel.label) for channel in Channel]


class PreferencesForm(TrackerForm):
    delivery = RadioField(_l("E-mail"), choices=DELIVERY, default="immediate")

    @classmethod
    def of(cls, preferences: NotificationPreferences, **kwargs: Any) -> PreferencesForm:
        data = {f"kind_{k.value}": preferences.channel(k).value for k in Kind}
        data["delivery"] = "digest" if preferences.digest else "immediate"
        return cls(data=data, **kwargs)

    def channels(self) -> dict[str, str]:
        return {k.value: getattr(self, f"kind_{k.value}").data for k in Kind}

    def kind_fields(self) -> list[Any]:
        return [getattr(self, f"kind_{k.value}") for k in Kind]


for _kind in Kind:
    setattr(PreferencesForm, f"kind_{_kind.value}",
            RadioField(_kind.label, choices=_channels(_kind), default=Channel.EMAIL.value))
