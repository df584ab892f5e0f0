"""The five roles of PRODUCT.md and what each may do in general.

Object-level rules ("may this user edit *this* commitment?") live on the models; this module
holds only the role vocabulary and its labels.
"""

from __future__ import annotations

from enum import StrEnum

from flask_babel import lazy_gettext as _l


class Role(StrEnum):
    ADMIN = "admin"
    CHAIR = "chair"
    SECRETARY = "secretary"
    MEMBER = "member"
    OBSERVER = "observer"


ROLE_LABELS = {
    Role.ADMIN: _l("Administrator"),
    Role.CHAIR: _l("Chair"),
    Role.SECRETARY: _l("Secretary"),
    Role.MEMBER: _l("Member"),
    Role.OBSERVER: _l("Observer"),
}

# Roles that steer the group: approve transitions and edit any item.
MANAGERS = frozenset({Role.ADMIN, Role.CHAIR})

LANGUAGES = {"ka": "ქართული", "en": "English"}
