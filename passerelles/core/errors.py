"""The one root of the product's domain errors: a service refuses what its rules forbid by raising a
DomainError whose message is for the person, in French; the view shows it as it is (a django
message, a form error or the page's notice). Permission refusals stay PermissionDenied (a 403)."""


class DomainError(Exception):
    """A rule of the product refused the action; `message` (French) says why."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
