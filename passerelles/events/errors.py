"""What the event services refuse, each with its French message (core.errors.DomainError)."""

from passerelles.core.errors import DomainError


class EventError(DomainError):
    """A session, cycle or registration rule refused the action."""


class RegistrationRefused(EventError):
    """The registration cannot be taken, confirmed or cancelled now."""


class AlreadyRegistered(EventError):
    """The address already asks for a seat in this session or cycle. Whoever typed it is told no more
    than for a new registration (the public form must not reveal who is registered): what it is
    registered to, and its personal link, go to the address itself by e-mail. `registration`: the one
    found (None when another request took the same address at the same instant)."""

    def __init__(self, registration=None) -> None:
        super().__init__("Cette adresse électronique est déjà inscrite à cette session ou à ce cycle.")
        self.registration = registration


class ChangeRefused(EventError):
    """A change to a session or cycle breaks one of its rules: `errors` says which field and why,
    for the form to show again. Nothing is saved."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(" ".join(errors.values()))
        self.errors = errors


class SeatsTaken(ChangeRefused):
    """The change would leave fewer seats than registrations already hold (capacity, cycle)."""


class AlreadyCancelled(EventError):
    def __init__(self) -> None:
        super().__init__("Cette session est déjà annulée.")


class AlreadyTookPlace(EventError):
    """Its attendance and counts stand: it cannot be cancelled any more."""

    def __init__(self) -> None:
        super().__init__("Cette session a déjà eu lieu : elle ne peut plus être annulée.")


class AttendanceRefused(EventError):
    """Attendance cannot be marked (nor certificates sent) for the session in its state."""
