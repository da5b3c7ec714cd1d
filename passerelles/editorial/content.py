"""What every piece of a centre's editorial content has (experience sheets, publications): its
place in the review workflow (editorial.workflow) and its tags from the thesaurus."""

from django.conf import settings
from django.db import models

from passerelles.thesaurus.enums import Scheme
from passerelles.thesaurus.models import Concept

from .workflow import Status


class ThesaurusTagged(models.Model):
    themes = models.ManyToManyField(
        Concept, verbose_name="thèmes", related_name="+", blank=True, limit_choices_to={"scheme": Scheme.THEMES}
    )
    schemes = models.ManyToManyField(
        Concept, verbose_name="dispositifs", related_name="+", blank=True, limit_choices_to={"scheme": Scheme.SCHEMES}
    )
    publics = models.ManyToManyField(
        Concept, verbose_name="publics visés", related_name="+", blank=True, limit_choices_to={"scheme": Scheme.PUBLICS}
    )

    class Meta:
        abstract = True


class Reviewed(models.Model):
    """Content written by a centre's editors and published by its reviewers."""

    status = models.CharField("état", max_length=20, choices=Status.choices, default=Status.DRAFT)
    review_comment = models.TextField("dernier commentaire de relecture", blank=True)
    published_at = models.DateTimeField("publiée le", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="créée par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        abstract = True

    @property
    def is_draft(self):
        return self.status == Status.DRAFT

    @property
    def is_published(self):
        return self.status == Status.PUBLISHED
