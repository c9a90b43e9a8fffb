"""What each staff role of an organiser may do beyond one model's permissions.

The admin (backoffice/scoping.py) grants these per organiser; the export catalogue
names the ability each report needs.
"""

from .models import Membership

ADMIN = Membership.Role.ADMIN
DOOR = Membership.Role.DOOR

EXPORT = "export"  # every export, invoice basis included
DOOR_LIST = "door_list"  # the door list PDF
CHECK_IN = "checkin"
STAFF = "staff"  # invite, change and remove the organiser's own staff
PRIVACY = "privacy"  # a person's access and erasure requests
STATISTICS = "statistics"  # figures across an organiser's events
ABILITIES = {
    STAFF: frozenset({ADMIN}),
    PRIVACY: frozenset({ADMIN}),
    EXPORT: frozenset({ADMIN}),
    DOOR_LIST: frozenset({ADMIN, DOOR}),
    CHECK_IN: frozenset({ADMIN, DOOR}),
    STATISTICS: frozenset({ADMIN}),
}
