"""The rules of the framework's rows: known indicators only, an accreditation never ends before it
starts (in French, in the form and in the database), its state at a date, the version in force."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from ..enums import AccreditationState, Section
from ..models import Commitment, months_later
from .factories import AccreditationFactory, VersionFactory

pytestmark = pytest.mark.django_db


def test_unknown_or_repeated_indicator_keys_are_refused_in_french():
    version = VersionFactory()
    commitment = Commitment(version=version, section=Section.MISSIONS, text="Qualifier.", indicators=["sessions"])
    commitment.full_clean()
    for indicators, message in [
        (["sessions", "budget"], "Indicateur inconnu : budget."),
        (["sessions", "sessions"], "Un même indicateur est donné deux fois."),
        ("sessions", "Les indicateurs forment une liste de clés."),
    ]:
        commitment.indicators = indicators
        with pytest.raises(ValidationError) as refused:
            commitment.full_clean()
        assert message in refused.value.message_dict["indicators"][0]


def test_an_accreditation_ending_before_it_starts_is_refused():
    accreditation = AccreditationFactory.build(
        granted_on=datetime.date(2024, 1, 1), valid_until=datetime.date(2023, 1, 1)
    )
    with pytest.raises(ValidationError) as refused:
        accreditation.full_clean()
    assert "Un agrément ne peut pas prendre fin avant d'avoir été accordé." in refused.value.messages
    with pytest.raises(IntegrityError), transaction.atomic():
        accreditation.save()


@pytest.mark.parametrize(
    ("valid_until", "state"),
    [
        (None, AccreditationState.CURRENT),
        (datetime.date(2025, 12, 31), AccreditationState.CURRENT),
        (datetime.date(2025, 11, 30), AccreditationState.EXPIRING),
        (datetime.date(2025, 6, 1), AccreditationState.EXPIRING),
        (datetime.date(2025, 5, 31), AccreditationState.EXPIRED),
    ],
    ids=["no-end", "in-seven-months", "in-under-six-months", "last-day", "ended-yesterday"],
)
def test_the_state_of_an_accreditation_at_a_date(valid_until, state):
    accreditation = AccreditationFactory.build(granted_on=datetime.date(2021, 1, 1), valid_until=valid_until)
    assert accreditation.state_on(datetime.date(2025, 6, 1)) == state


def test_an_accreditation_granted_for_later_is_upcoming():
    accreditation = AccreditationFactory.build(granted_on=datetime.date(2026, 1, 1), valid_until=None)
    assert accreditation.state_on(datetime.date(2025, 6, 1)) == AccreditationState.UPCOMING


def test_six_months_later_keeps_the_day_or_takes_the_months_last():
    assert months_later(datetime.date(2025, 6, 1), 6) == datetime.date(2025, 12, 1)
    assert months_later(datetime.date(2025, 8, 31), 6) == datetime.date(2026, 2, 28)


def test_the_current_version_is_the_latest_in_force():
    old = VersionFactory(label="2017", in_force_from=datetime.date(2017, 3, 16))
    new = VersionFactory(document=old.document, label="2025", in_force_from=datetime.date(2025, 1, 1))
    later = VersionFactory(document=old.document, label="2030", in_force_from=datetime.date(2030, 1, 1))
    document = old.document
    assert document.version_in_force(datetime.date(2020, 1, 1)) == old
    assert document.version_in_force(datetime.date(2026, 1, 1)) == new
    assert document.version_in_force(datetime.date(2016, 1, 1)) is None
    old.in_force_until = datetime.date(2016, 1, 1)
    with pytest.raises(ValidationError) as refused:
        old.full_clean()
    assert "La fin de validité ne peut pas précéder" in refused.value.messages[0]
    assert not later.is_current
