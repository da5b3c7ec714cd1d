"""What a feed gives, read and checked, before anything is stored: events and news items keyed as
the source knows them, and the entries left out with the reason why."""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

UNTITLED = "(sans titre)"
# A feed giving more than this is refused whole: no centre's website publishes that many.
MAX_ENTRIES = 30_000
URL_MAX = 1000


@dataclass(frozen=True)
class EventEntry:
    uid: str
    recurrence_id: str
    title: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    all_day: bool
    location: str
    description: str
    url: str

    @property
    def key(self) -> tuple[str, str]:
        return (self.uid, self.recurrence_id)


@dataclass(frozen=True)
class NewsEntry:
    guid: str
    title: str
    summary: str
    published_at: datetime.datetime | None
    url: str

    @property
    def key(self) -> str:
        return self.guid


@dataclass
class Reading:
    """A feed read whole: its entries by key; `kept` are keys of entries left out whose stored rows
    must stay as they are (a broken entry is not a removed one); `skipped` says why, in French."""

    entries: dict = field(default_factory=dict)
    kept: set = field(default_factory=set)
    skipped: list = field(default_factory=list)
    steps: int = 0  # occurrences of recurring events gone through (services.calendar)


def http_link(value: object) -> str:
    """`value` if it is an http(s) address the database can hold, else ""."""
    text = str(value or "").strip()
    if not text or len(text) > URL_MAX:
        return ""
    try:
        URLValidator(schemes=["http", "https"])(text)
    except ValidationError:
        return ""
    return text
