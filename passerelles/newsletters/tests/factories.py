from datetime import UTC, datetime

from passerelles.contacts.enums import Purpose
from passerelles.contacts.models import ConsentRecord
from passerelles.contacts.tests.factories import ContactFactory, GroupFactory

from ..models import Issue


def group_of(centre, count, consent=True, prefix="contact", name=None):
    """A static group of `count` contacts of `centre` who agreed (or not) to receive the newsletter."""
    group = GroupFactory(centre=centre, **({"name": name} if name else {}))
    contacts = [ContactFactory(centre=centre, email=f"{prefix}{n}@example.org") for n in range(count)]
    group.contacts.add(*contacts)
    ConsentRecord.objects.bulk_create(
        ConsentRecord(contact=contact, purpose=Purpose.NEWSLETTER, given=consent, source="test", recorded_at=NOW)
        for contact in contacts
    )
    return group


NOW = datetime(2026, 1, 1, tzinfo=UTC)


def issue_of(centre, title="La lettre de janvier", editorial="Bonjour à **toutes et tous**."):
    return Issue.objects.create(centre=centre, title=title, editorial=editorial)
