"""The five roles of PRODUCT.md and what each may do in general.

Object-level rules ("may this user edit *this* commitment?") live on the models; this module
holds only the role vocabulary and its labels.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from ..labels import Labelled


class Role(Labelled):
    ADMIN = "admin", _l("Administrator")
    CHAIR = "chair", _l("Chair")
    SECRETARY = "secretary", _l("Secretary")
    MEMBER = "member", _l("Member")
    OBSERVER = "observer", _l("Observer")


ROLE_LABELS = Role.labels()

# Roles that steer the group: approve transitions and edit any item.
MANAGERS = frozenset({Role.ADMIN, Role.CHAIR})

LANGUAGES = {"ka": "ქართული", "en": "English"}
