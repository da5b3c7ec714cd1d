"""The online link of a session (its connection link): given to the people whose seat is confirmed,
in their e-mails, on their personal page and in their personal calendar file, and to the organising
centre's staff in their workspace; never on a public page, in the JSON-LD, a public feed or the
search index (anyone could join the meeting)."""

from ...models import Cycle, Registration, Session


def connection_link(registration: Registration, session: Session | Cycle) -> str:
    """The link `registration` gives to `session` (the session itself or one of its cycle), or "":
    a cycle has none of its own."""
    if not isinstance(session, Session) or not registration.is_confirmed or not session.shows_online_url:
        return ""
    return session.online_url
