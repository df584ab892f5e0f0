"""The six roles of PRODUCT.md and what each may do in general.

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
    COORDINATOR = "coordinator", _l("National coordinator")


ROLE_LABELS = Role.labels()

# Held across the instance, not in one municipality: the administrator manages everything,
# the national coordinator reads every municipality and writes nowhere.
INSTANCE_ROLES = (Role.ADMIN, Role.COORDINATOR)
# Held per municipality (chair in one, observer in another).
MUNICIPAL_ROLES = (Role.CHAIR, Role.SECRETARY, Role.MEMBER, Role.OBSERVER)
# Roles that read and comment but change nothing, whatever they are named.
READ_ONLY_ROLES = frozenset({Role.OBSERVER, Role.COORDINATOR})

# Roles that steer the group: approve transitions and edit any item.
MANAGERS = frozenset({Role.ADMIN, Role.CHAIR})

LANGUAGES = {"ka": "ქართული", "en": "English"}
