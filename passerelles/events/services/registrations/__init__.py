"""Registration to a session or a cycle, with double opt-in, capacity and a waiting list, by concern:
`seats` (counts and the lock order of ADR 0007), `opening` (whether registration is open),
`invitations`, `steps` (register, confirm, cancel, promote), `waiting` (the line and its ranks),
`notices` (the e-mails), `connection` (who is given the online link) and `cancellation` (the
organiser cancels a session). The names used elsewhere are importable from here."""

from ...enums import CLOSED_STATUSES
from ...errors import AlreadyRegistered, RegistrationRefused
from .cancellation import cancel_session, check_cancellable
from .connection import connection_link
from .invitations import absolute, for_invited, invitation_key, invitation_url, is_invited
from .notices import SUBJECTS, notify, tell_changes
from .opening import begun, closed, refusal
from .seats import (
    concerning,
    has_seat,
    held_in_session,
    in_session,
    lock,
    lock_target,
    registered_to,
    seats_left,
    session_has_seat,
)
from .steps import by_token, cancel, confirm, enrol, overlapping, promote, register
from .waiting import competing, waiting_line, waiting_rank

__all__ = [
    "CLOSED_STATUSES",
    "AlreadyRegistered",
    "RegistrationRefused",
    "cancel_session",
    "check_cancellable",
    "connection_link",
    "absolute",
    "for_invited",
    "invitation_key",
    "invitation_url",
    "is_invited",
    "SUBJECTS",
    "notify",
    "tell_changes",
    "begun",
    "closed",
    "refusal",
    "concerning",
    "has_seat",
    "held_in_session",
    "in_session",
    "lock",
    "lock_target",
    "registered_to",
    "seats_left",
    "session_has_seat",
    "by_token",
    "cancel",
    "confirm",
    "enrol",
    "overlapping",
    "promote",
    "register",
    "competing",
    "waiting_line",
    "waiting_rank",
]
