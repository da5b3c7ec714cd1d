from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from passerelles.accounts.enums import Role
from passerelles.accounts.tests.factories import MembershipFactory, UserFactory
from passerelles.centres.models import Centre
from passerelles.territories.models import Territory

from ..enums import Status, Transition
from ..models import ExperienceSheet
from ..services.revisions import diff
from ..services.workflow import (
    WorkflowError,
    apply_transition,
    check_can_create,
    check_can_edit,
    confirm_still_valid,
    delete_sheet,
)
from .factories import ExperienceSheetFactory

pytestmark = pytest.mark.django_db
OWN, OTHER = "reso-villes", "pb"


def person(kind):
    if kind == "animator":
        return UserFactory(is_national_animator=True)
    if kind == "outsider":
        return UserFactory()
    return MembershipFactory(centre=Centre.objects.get(slug=OWN), role=kind).user


# For each person and action: allowed on their own centre's sheet (another centre's: never,
# except for the national animator, who may do everything).
MATRIX = {
    #                create  edit   submit publish archive delete
    Role.EDITOR: (True, True, True, False, False, True),
    Role.REVIEWER: (True, True, True, True, True, True),
    Role.CENTRE_ADMIN: (True, True, True, True, True, True),
    "animator": (True, True, True, True, True, True),
    "outsider": (False, False, False, False, False, False),
}
ACTIONS = ["create", "edit", "submit", "publish", "archive", "delete"]


def attempt(action, user, sheet):
    """Do `action`; return whether it was allowed (a refusal raises PermissionDenied)."""
    try:
        if action == "create":
            check_can_create(user, sheet.centre)
        elif action == "edit":
            check_can_edit(user, sheet)
        elif action == "submit":
            apply_transition(sheet, Transition.SUBMIT, user)
        elif action == "publish":
            apply_transition(sheet, Transition.PUBLISH, user)
        elif action == "archive":
            apply_transition(sheet, Transition.ARCHIVE, user)
        elif action == "delete":
            delete_sheet(sheet, user)
    except PermissionDenied:
        return False
    return True


def sheet_in_state(centre_slug, action):
    status = {"publish": Status.SUBMITTED, "archive": Status.PUBLISHED}.get(action, Status.DRAFT)
    return ExperienceSheetFactory(centre=Centre.objects.get(slug=centre_slug), status=status)


def state(sheet):
    row = ExperienceSheet.objects.filter(pk=sheet.pk).values("status", "title", "published_at").first()
    return row, sheet.revisions.count() if row else None


@pytest.mark.parametrize("kind", list(MATRIX))
@pytest.mark.parametrize("action", ACTIONS)
def test_permission_matrix(kind, action):
    user = person(kind)
    expected_own = MATRIX[kind][ACTIONS.index(action)]
    own = sheet_in_state(OWN, action)
    assert attempt(action, user, own) == expected_own
    other = sheet_in_state(OTHER, action)
    before = state(other)
    allowed_on_other = attempt(action, user, other)
    assert allowed_on_other == (kind == "animator")
    if not allowed_on_other:
        assert state(other) == before  # a refusal changes nothing


def test_the_whole_workflow_keeps_revisions():
    editor = person(Role.EDITOR)
    reviewer = MembershipFactory(centre=Centre.objects.get(slug=OWN), role=Role.REVIEWER).user
    sheet = ExperienceSheetFactory(centre=Centre.objects.get(slug=OWN))
    apply_transition(sheet, Transition.SUBMIT, editor)
    with pytest.raises(WorkflowError, match="commentaire est obligatoire"):
        apply_transition(sheet, Transition.RETURN, reviewer, comment="  ")
    apply_transition(sheet, Transition.RETURN, reviewer, comment="Préciser le budget par financeur.")
    sheet.refresh_from_db()
    assert sheet.status == Status.DRAFT and sheet.review_comment == "Préciser le budget par financeur."
    sheet.budget_amount = 120000
    sheet.save()
    sheet.budget_lines.create(funder="État", amount=60000)
    apply_transition(sheet, Transition.SUBMIT, editor, comment="Budget complété.")
    apply_transition(sheet, Transition.PUBLISH, reviewer, today=date(2026, 1, 15))
    sheet.refresh_from_db()
    assert sheet.status == Status.PUBLISHED and sheet.published_at and sheet.last_reviewed_on == date(2026, 1, 15)
    with pytest.raises(WorkflowError, match="publiée"):
        apply_transition(sheet, Transition.PUBLISH, reviewer)
    apply_transition(sheet, Transition.ARCHIVE, reviewer)
    revisions = list(sheet.revisions.order_by("number"))
    assert [r.status for r in revisions] == [
        Status.SUBMITTED,
        Status.DRAFT,
        Status.SUBMITTED,
        Status.PUBLISHED,
        Status.ARCHIVED,
    ]
    assert revisions[0].author == editor and revisions[1].comment == "Préciser le budget par financeur."
    changes = {label: (removed, added) for label, removed, added in diff(revisions[1], revisions[2])}
    assert changes["budget global (€)"] == ([], ["120000.00"])
    assert changes["budget par financeur"] == ([], ["État : 60000.00 €"])
    # A published sheet cannot be deleted: it is archived.
    with pytest.raises(PermissionDenied):
        delete_sheet(sheet, reviewer)


def test_an_editor_cannot_change_a_published_sheet():
    editor = person(Role.EDITOR)
    sheet = ExperienceSheetFactory(centre=Centre.objects.get(slug=OWN), status=Status.PUBLISHED)
    with pytest.raises(PermissionDenied):
        check_can_edit(editor, sheet)


def test_freshness_flag():
    reviewer = MembershipFactory(centre=Centre.objects.get(slug=OWN), role=Role.REVIEWER).user
    sheet = ExperienceSheetFactory(
        centre=Centre.objects.get(slug=OWN), status=Status.PUBLISHED, last_reviewed_on=date(2024, 1, 10)
    )
    today = date(2026, 11, 22)
    assert sheet.is_stale(today)
    assert list(ExperienceSheet.objects.stale(today)) == [sheet]
    fresh = ExperienceSheetFactory(
        centre=Centre.objects.get(slug=OWN), status=Status.PUBLISHED, last_reviewed_on=date(2025, 7, 1)
    )
    assert not fresh.is_stale(today)
    confirm_still_valid(sheet, reviewer, today=today)
    sheet.refresh_from_db()
    assert not sheet.is_stale(today) and not ExperienceSheet.objects.stale(today).exists()


def test_a_region_finds_a_sheet_tied_only_to_one_of_its_communes():
    sheet = ExperienceSheetFactory(territories=[Territory.objects.get(kind="commune", code="29019")])
    bretagne = Territory.objects.get(kind="region", code="53")
    finistere = Territory.objects.get(kind="departement", code="29")
    normandie = Territory.objects.get(kind="region", code="28")
    assert list(ExperienceSheet.objects.in_territory(bretagne)) == [sheet]
    assert list(ExperienceSheet.objects.in_territory(finistere)) == [sheet]
    assert not ExperienceSheet.objects.in_territory(normandie).exists()


def test_a_sheet_cannot_take_an_address_the_site_keeps():
    sheet = ExperienceSheetFactory(slug="comparer")
    with pytest.raises(ValidationError) as refused:
        sheet.full_clean()
    assert refused.value.message_dict["slug"] == ["Cette adresse est réservée par le site : choisissez-en une autre."]
