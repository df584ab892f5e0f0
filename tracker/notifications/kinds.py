"""What the tracker tells people: one vocabulary of notification kinds, each with its label
and what a person may choose for it (:class:`Channel`)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from ..labels import Labelled


class Kind(Labelled):
    """A kind of notification: what preferences and unsubscribe links name."""

    DUE_SOON = "due_soon", _l("A deadline of yours is approaching")
    OVERDUE = "overdue", _l("A deadline of yours has passed")
    ESCALATION = "escalation", _l("An item is long overdue (to the chair)")
    ASSIGNED = "assigned", _l("You became the owner of something")
    STATE_CHANGED = "state_changed", _l("A commitment you own changed state")
    MINUTES_TO_SIGN = "minutes_to_sign", _l("Minutes are ready for your signature")
    MINUTES_APPROVED = "minutes_approved", _l("Minutes of a meeting you attended are approved")
    MINUTES_PENDING = "minutes_pending", _l("Minutes of a held meeting are not yet approved")
    DIGEST = "digest", _l("The weekly digest")


class Channel(Labelled):
    """Where one kind goes: e-mail (and the bell), the bell only, or nowhere."""

    EMAIL = "email", _l("E-mail and in the app")
    APP = "app", _l("In the app only")
    OFF = "off", _l("Off")


#: The kinds whose single messages a person may receive (the digest is a delivery, not one).
SINGLE_KINDS: tuple[Kind, ...] = tuple(k for k in Kind if k != Kind.DIGEST)


class EmailState(Labelled):
    """Where a notification's e-mail stands."""

    NONE = "none", _l("In the app only")
    DIGEST = "digest", _l("In the weekly digest")
    PENDING = "pending", _l("Waiting to be sent")
    SENDING = "sending", _l("Being sent")
    SENT = "sent", _l("Sent")
    FAILED = "failed", _l("Failed")
