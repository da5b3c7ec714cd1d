"""Qualification and exchange sessions of the centres, cycles of sessions sold as one unit, and the
registrations to them (personal data: seen by the organising centre only, erased after a while)."""

import secrets

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from passerelles.centres.models import Centre
from passerelles.core.slugs import ReservedSlugValidator
from passerelles.territories.models import Territory
from passerelles.thesaurus.enums import Scheme
from passerelles.thesaurus.models import Concept

from .enums import (
    ACTIVITY_OF_KIND,
    CLOSED_STATUSES,
    Activity,
    Format,
    Openness,
    RegistrationStatus,
    SessionKind,
    SessionStatus,
    SpeakerKind,
)
from .querysets import CycleQuerySet, RegistrationQuerySet, SessionQuerySet
from .seating import CycleSeating, SessionSeating

RESERVED_SLUGS = {"espace", "inscription", "cycles", "sessions", "centre", "agenda"}


validate_slug_free = ReservedSlugValidator(RESERVED_SLUGS)


class Audience(models.Model):
    """Who a session or a cycle is for: functions, themes and territories from the reference data."""

    functions = models.ManyToManyField(
        Concept,
        verbose_name="fonctions visées",
        related_name="+",
        blank=True,
        limit_choices_to={"scheme": Scheme.FUNCTIONS},
    )
    themes = models.ManyToManyField(
        Concept, verbose_name="thèmes", related_name="+", blank=True, limit_choices_to={"scheme": Scheme.THEMES}
    )
    territories = models.ManyToManyField(Territory, verbose_name="territoires concernés", related_name="+", blank=True)

    class Meta:
        abstract = True


class Registrable(models.Model):
    """What people register to: a capacity (empty: no limit) and a registration window."""

    capacity = models.PositiveIntegerField("places", null=True, blank=True, help_text="Laisser vide : sans limite.")
    registration_opens = models.DateTimeField("ouverture des inscriptions", null=True, blank=True)
    registration_closes = models.DateTimeField("clôture des inscriptions", null=True, blank=True)
    openness = models.CharField("ouverte à", max_length=20, choices=Openness.choices, default=Openness.PUBLIC)
    is_published = models.BooleanField("publiée dans l'agenda", default=False)
    is_demo = models.BooleanField("démonstration", default=False)
    created_at = models.DateTimeField("créée le", auto_now_add=True)
    updated_at = models.DateTimeField("modifiée le", auto_now=True)

    class Meta:
        abstract = True


class Cycle(CycleSeating, Audience, Registrable):
    """Several sessions sold as one unit: a registration to the cycle holds a seat in each session."""

    centre = models.ForeignKey(
        Centre, verbose_name="centre organisateur", on_delete=models.PROTECT, related_name="cycles"
    )
    title = models.CharField("titre", max_length=200)
    slug = models.SlugField("identifiant d'adresse", max_length=220, unique=True, validators=[validate_slug_free])
    description = models.TextField("présentation")

    objects = CycleQuerySet.as_manager()

    class Meta:
        verbose_name = "cycle"
        verbose_name_plural = "cycles"
        ordering = ["title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("events:cycle", args=[self.slug])


class Session(SessionSeating, Audience, Registrable):
    """A time of qualification or exchange: a day, a workshop, a site visit, a webinar…"""

    centre = models.ForeignKey(
        Centre, verbose_name="centre organisateur", on_delete=models.PROTECT, related_name="sessions"
    )
    co_organisers = models.ManyToManyField(
        Centre, verbose_name="centres co-organisateurs", related_name="+", blank=True
    )
    partners = models.TextField("partenaires", blank=True, help_text="Un par ligne.")
    cycle = models.ForeignKey(
        Cycle, verbose_name="cycle", on_delete=models.PROTECT, related_name="sessions", null=True, blank=True
    )
    title = models.CharField("titre", max_length=200)
    slug = models.SlugField("identifiant d'adresse", max_length=220, unique=True, validators=[validate_slug_free])
    description = models.TextField("présentation")
    kind = models.CharField("type", max_length=30, choices=SessionKind.choices, default=SessionKind.DAY)
    format = models.CharField("format", max_length=20, choices=Format.choices, default=Format.IN_PERSON)
    venue = models.CharField("lieu", max_length=200, blank=True, help_text="Nom du lieu ou de la salle.")
    address = models.CharField("adresse", max_length=300, blank=True)
    commune = models.ForeignKey(
        Territory, verbose_name="commune", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    online_url = models.URLField("lien de connexion", max_length=500, blank=True)
    starts_at = models.DateTimeField("début")
    ends_at = models.DateTimeField("fin")
    half_days = models.PositiveSmallIntegerField("demi-journées", default=1)
    accessibility = models.TextField(
        "accessibilité", blank=True, help_text="Accès, aménagements possibles, personne à contacter."
    )
    status = models.CharField("état", max_length=20, choices=SessionStatus.choices, default=SessionStatus.PLANNED)
    # The SEQUENCE of its iCalendar event: raised when the date, the place or the state changes.
    sequence = models.PositiveIntegerField("révision", default=0, editable=False)

    objects = SessionQuerySet.as_manager()
    page_url = None  # set by the views where the page needs its invitation key (views.with_pages)
    seats_held = None  # set by SessionQuerySet.with_registrations

    class Meta:
        verbose_name = "session"
        verbose_name_plural = "sessions"
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["is_published", "starts_at"], name="session_published_start")]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="session_ends_after_start")
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("events:session", args=[self.slug])

    @property
    def activity(self):
        return ACTIVITY_OF_KIND.get(self.kind, Activity.QUALIFICATION)

    @property
    def is_full(self):
        """Marked full by its organisers, or every seat held (when the list counted them)."""
        if self.status == SessionStatus.FULL:
            return True
        return self.capacity is not None and self.seats_held is not None and self.seats_held >= self.capacity

    @property
    def is_over(self):
        return self.ends_at < timezone.now()

    @property
    def has_taken_place(self):
        """Over, and held: a cancelled or postponed session did not take place at its date."""
        return self.is_over and not self.is_closed

    @property
    def took_place(self):
        """What every page, list and feed says of a session that took place (French), or ""."""
        if not self.has_taken_place:
            return ""
        first, last = timezone.localtime(self.starts_at), timezone.localtime(self.ends_at)
        if first.date() == last.date():
            return f"a eu lieu le {date_format(first, 'l j F Y')}"
        return f"a eu lieu du {date_format(first, 'l j F Y')} au {date_format(last, 'l j F Y')}"

    @property
    def is_cancelled(self):
        return self.status == SessionStatus.CANCELLED

    @property
    def is_postponed(self):
        return self.status == SessionStatus.POSTPONED

    @property
    def is_moved_online(self):
        return self.status == SessionStatus.MOVED_ONLINE

    @property
    def is_marked_full(self):
        return self.status == SessionStatus.FULL

    @property
    def is_online(self):
        """Followed at a distance: online by its format, or moved online."""
        return self.format == Format.ONLINE or self.is_moved_online

    @property
    def is_in_person(self):
        return self.format == Format.IN_PERSON

    @property
    def is_mixed(self):
        return self.format == Format.MIXED

    @property
    def shows_online_url(self):
        """Whether it has a connection link to give (a session at a distance, mixed, or moved online):
        given to its confirmed registrants only (services.registrations.connection_link), never public."""
        return bool(self.online_url) and (not self.is_in_person or self.is_moved_online)

    @property
    def is_closed(self):
        """Cancelled or postponed: no seat can be taken in it."""
        return self.status in CLOSED_STATUSES

    def clean(self):
        super().clean()
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": "La fin doit suivre le début."})
        if self.format in (Format.ONLINE, Format.MIXED) and not self.online_url:
            raise ValidationError({"online_url": "Une session à distance ou mixte a besoin de son lien de connexion."})
        if self.status == SessionStatus.MOVED_ONLINE and not self.online_url:
            raise ValidationError({"online_url": "Une session passée à distance a besoin de son lien de connexion."})
        if self.format in (Format.IN_PERSON, Format.MIXED) and not (self.address or self.commune_id):
            raise ValidationError({"address": "Indiquez où a lieu la session (adresse ou commune)."})


class Speaker(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="speakers")
    name = models.CharField("nom", max_length=200)
    kind = models.CharField("qualité", max_length=20, choices=SpeakerKind.choices, default=SpeakerKind.PRACTITIONER)
    affiliation = models.CharField("structure ou fonction", max_length=200, blank=True)

    class Meta:
        verbose_name = "intervenant"
        verbose_name_plural = "intervenants"
        ordering = ["pk"]

    def __str__(self):
        return self.name


def new_token():
    return secrets.token_urlsafe(24)


class Registration(models.Model):
    """A person's registration to a session or to a whole cycle. Personal data: only the organising
    centre sees it, and it is erased a configured time after the session (counts are kept)."""

    session = models.ForeignKey(
        Session, verbose_name="session", on_delete=models.CASCADE, related_name="registrations", null=True, blank=True
    )
    cycle = models.ForeignKey(
        Cycle, verbose_name="cycle", on_delete=models.CASCADE, related_name="registrations", null=True, blank=True
    )
    first_name = models.CharField("prénom", max_length=100)
    last_name = models.CharField("nom", max_length=100)
    email = models.EmailField("adresse électronique")
    function = models.ForeignKey(
        Concept,
        verbose_name="fonction",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"scheme": Scheme.FUNCTIONS},
    )
    organisation = models.CharField("structure", max_length=200)
    territory = models.ForeignKey(
        Territory,
        verbose_name="territoire d'intervention",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    consent = models.BooleanField("accord pour le traitement des données", default=False)
    status = models.CharField(
        "état", max_length=20, choices=RegistrationStatus.choices, default=RegistrationStatus.PENDING
    )
    token = models.CharField("jeton du lien personnel", max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField("inscrite le", auto_now_add=True)
    confirmed_at = models.DateTimeField("confirmée le", null=True, blank=True, db_index=True)
    cancelled_at = models.DateTimeField("annulée le", null=True, blank=True)
    reminder_sent_at = models.DateTimeField("rappel envoyé le", null=True, blank=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = "inscription"
        verbose_name_plural = "inscriptions"
        ordering = ["confirmed_at", "created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(session__isnull=False, cycle__isnull=True) | Q(session__isnull=True, cycle__isnull=False),
                name="registration_session_or_cycle",
            ),
            models.UniqueConstraint(
                Lower("email"),
                "session",
                condition=~Q(status=RegistrationStatus.CANCELLED),
                name="registration_once_per_session",
            ),
            models.UniqueConstraint(
                Lower("email"),
                "cycle",
                condition=~Q(status=RegistrationStatus.CANCELLED),
                name="registration_once_per_cycle",
            ),
        ]

    def __str__(self):
        return f"{self.first_name} {self.last_name}"

    def get_absolute_url(self):
        return reverse("events:registration", args=[self.token])

    @property
    def target(self):
        return self.session or self.cycle

    @property
    def centre(self):
        """The organising centre: who may see this registration (accounts.permissions)."""
        return self.target.centre

    @property
    def is_pending(self):
        return self.status == RegistrationStatus.PENDING

    @property
    def is_confirmed(self):
        return self.status == RegistrationStatus.CONFIRMED

    @property
    def is_waiting(self):
        return self.status == RegistrationStatus.WAITING


class Attendance(models.Model):
    """Whether a person holding a seat came to a session: a registration to the session has one, a
    registration to a cycle one per session of the cycle. The certificate is sent per session."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="attendances")
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendances")
    present = models.BooleanField("présente")
    certificate_sent_at = models.DateTimeField("attestation envoyée le", null=True, blank=True)

    class Meta:
        verbose_name = "présence"
        verbose_name_plural = "présences"
        constraints = [models.UniqueConstraint(fields=["registration", "session"], name="attendance_once_per_session")]

    def __str__(self):
        return f"{self.registration} : {'présente' if self.present else 'absente'} ({self.session})"


class Tally(models.Model):
    """Anonymous counts kept for reporting when a session's registrations are erased."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="tallies")
    function = models.ForeignKey(Concept, on_delete=models.SET_NULL, null=True, related_name="+")
    territory = models.ForeignKey(
        Territory,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        help_text="Département du territoire d'intervention.",
    )
    registrants = models.PositiveIntegerField("inscrits")
    attendees = models.PositiveIntegerField("présents")

    class Meta:
        verbose_name = "décompte anonyme"
        verbose_name_plural = "décomptes anonymes"

    def __str__(self):
        return f"{self.session} : {self.registrants} inscrits, {self.attendees} présents"
