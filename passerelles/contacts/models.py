"""A centre's contacts (personal data: seen by that centre's staff only; the national animation
sees counts), their consent records, the groups a centre sends to, the imports waiting for
confirmation and the trace of every export and erasure."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone

from passerelles.centres.models import Centre
from passerelles.territories.models import Territory
from passerelles.territories.text import fold
from passerelles.thesaurus.enums import Scheme
from passerelles.thesaurus.models import Concept, PersonOfTheNetwork

from .enums import AuditAction, GroupKind, ImportState, OnDuplicate, Purpose
from .querysets import ContactQuerySet, ContactWordQuerySet


class ContactManager(models.Manager.from_queryset(ContactQuerySet)):  # type: ignore[misc]
    def bulk_create(self, objs, *args, **kwargs):
        """As Django's, and the contacts' words written for the search (as `save` does)."""
        created = super().bulk_create(objs, *args, **kwargs)
        ContactWord.objects.write_for([contact for contact in created if contact.pk], fresh=True)
        return created


class Contact(PersonOfTheNetwork):
    """A person a centre works with: chef de projet, délégué du préfet, association, élu…"""

    centre = models.ForeignKey(Centre, verbose_name="centre", on_delete=models.PROTECT, related_name="contacts")
    first_name = models.CharField("prénom", max_length=100, blank=True)
    last_name = models.CharField("nom", max_length=100)
    email = models.EmailField("adresse électronique", max_length=254)
    notes = models.TextField("notes", blank=True)
    # Folded « nom prénom »: the list's order and its search by name, on one index.
    sort_name = models.CharField("nom normalisé", max_length=201, editable=False)
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    updated_at = models.DateTimeField("modifié le", auto_now=True)
    # What the purge of inactive contacts reads: moved by an edit, an import, a merge, a consent.
    last_activity_at = models.DateTimeField("dernière activité", default=timezone.now)
    # The latest consent record of each purpose (AGREEMENT_FIELDS), kept by ConsentRecord's save,
    # delete and bulk_create: what the list's filter and the sending read, on the contact's own row.
    agrees_newsletter = models.BooleanField("accepte la lettre d'information", default=False, editable=False)
    agrees_events = models.BooleanField("accepte les invitations", default=False, editable=False)
    agrees_network = models.BooleanField("accepte la mise en relation", default=False, editable=False)

    objects = ContactManager()

    class Meta:
        verbose_name = "contact"
        verbose_name_plural = "contacts"
        ordering = ["sort_name", "pk"]
        constraints = [
            models.UniqueConstraint("centre", Lower("email"), name="contact_unique_email_per_centre"),
        ]
        indexes = [
            models.Index(fields=["centre", "sort_name", "id"], name="contact_centre_name"),
            models.Index(
                fields=["centre", "agrees_newsletter", "agrees_events", "agrees_network"], name="contact_agreements"
            ),
            models.Index(fields=["centre", "function"], name="contact_centre_function"),
            models.Index(fields=["centre", "territory"], name="contact_centre_territory"),
            models.Index(fields=["centre", "last_activity_at"], name="contact_centre_activity"),
            # The counts of filtered lists read from indexes alone: a set of keys (a theme's, a search's)
            # met against this one, with the consents, rather than against every row of the centre.
            models.Index(
                fields=["centre", "id", "agrees_newsletter", "agrees_events", "agrees_network"],
                name="contact_centre_keys",
            ),
        ]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        self.email = self.email.strip().lower()
        self.sort_name = sort_name(self.last_name, self.first_name)
        super().save(*args, **kwargs)
        ContactWord.objects.write_for([self])

    def get_absolute_url(self):
        return reverse("contacts:edit", args=[self.pk])

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}".strip()


def sort_name(last_name, first_name):
    return fold(f"{last_name} {first_name}")[:201]


def words_of(contact):
    """The folded words a contact is found by: its names, the parts of its address, its organisation."""
    text = f"{contact.first_name} {contact.last_name} {contact.email} {contact.organisation}"
    return {word[: ContactWord.WORD_LENGTH] for word in fold(text).split()}


class ContactWord(models.Model):
    """A word of a contact (words_of), with the contact's place in the list (its sort_name): the
    list's search by the beginning of words answered from one index (centre, word, sort_name),
    matches in the list's order included, rather than from every contact of the centre."""

    WORD_LENGTH = 100

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="+")
    centre = models.ForeignKey(Centre, on_delete=models.CASCADE, related_name="+", db_index=False)
    word = models.CharField(max_length=WORD_LENGTH)
    sort_name = models.CharField(max_length=201)

    objects = ContactWordQuerySet.as_manager()

    class Meta:
        verbose_name = "mot d'un contact"
        verbose_name_plural = "mots des contacts"
        indexes = [models.Index(fields=["centre", "word", "sort_name", "contact"], name="contact_word")]

    def __str__(self):
        return self.word


class ConsentRecordManager(models.Manager):
    def bulk_create(self, objs, *args, **kwargs):
        """As Django's, and the contacts' agreement columns set again (as `save` does)."""
        objs = list(objs)
        created = super().bulk_create(objs, *args, **kwargs)
        ids = sorted({record.contact_id for record in objs})
        for start in range(0, len(ids), 500):
            Contact.objects.filter(pk__in=ids[start : start + 500]).refresh_agreements()
        return created


class ConsentRecord(models.Model):
    """A person's agreement (or its withdrawal) to be contacted for a purpose, with its proof."""

    contact = models.ForeignKey(Contact, verbose_name="contact", on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField("finalité", max_length=20, choices=Purpose.choices)
    given = models.BooleanField("accord", default=True, help_text="Décocher pour enregistrer un retrait.")
    recorded_at = models.DateTimeField("date", default=timezone.now)
    source = models.CharField("source", max_length=200, help_text="Formulaire, courriel, import, rencontre…")
    proof = models.TextField("preuve", blank=True, help_text="Texte de la preuve : message reçu, case cochée…")

    objects = ConsentRecordManager()

    class Meta:
        verbose_name = "consentement"
        verbose_name_plural = "consentements"
        ordering = ["-recorded_at", "-pk"]
        indexes = [models.Index(fields=["contact", "purpose", "-recorded_at"], name="consent_latest")]

    def __str__(self):
        return f"{self.get_purpose_display()} : {'accord' if self.given else 'retrait'}"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        Contact.objects.filter(pk=self.contact_id).refresh_agreements()

    def delete(self, *args, **kwargs):
        deleted = super().delete(*args, **kwargs)
        Contact.objects.filter(pk=self.contact_id).refresh_agreements()
        return deleted


class Group(models.Model):
    """Whom a centre writes to: a list of chosen contacts, or a saved rule (function × theme ×
    territory, each empty criterion matching everyone) evaluated each time it is used."""

    centre = models.ForeignKey(Centre, verbose_name="centre", on_delete=models.PROTECT, related_name="contact_groups")
    name = models.CharField("nom", max_length=200)
    kind = models.CharField("type", max_length=20, choices=GroupKind.choices, default=GroupKind.STATIC)
    contacts = models.ManyToManyField(Contact, verbose_name="contacts", related_name="groups", blank=True)
    functions = models.ManyToManyField(
        Concept, verbose_name="fonctions", related_name="+", blank=True, limit_choices_to={"scheme": Scheme.FUNCTIONS}
    )
    themes = models.ManyToManyField(
        Concept, verbose_name="thèmes", related_name="+", blank=True, limit_choices_to={"scheme": Scheme.THEMES}
    )
    territories = models.ManyToManyField(Territory, verbose_name="territoires", related_name="+", blank=True)
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    updated_at = models.DateTimeField("modifié le", auto_now=True)

    class Meta:
        verbose_name = "groupe de contacts"
        verbose_name_plural = "groupes de contacts"
        ordering = ["name", "pk"]
        constraints = [models.UniqueConstraint("centre", Lower("name"), name="group_unique_name_per_centre")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("contacts:group", args=[self.pk])

    @property
    def is_rule(self):
        return self.kind == GroupKind.RULE

    def members(self):
        """The contacts of the group, as a queryset of the centre's contacts: a rule is read now and
        the queryset runs when it is used, so it finds the contacts of that moment."""
        contacts = Contact.objects.of_centre(self.centre_id)
        if not self.is_rule:
            return contacts.filter(groups=self)
        if self.functions.exists():
            contacts = contacts.with_function(self.functions.all())
        if self.themes.exists():
            contacts = contacts.with_theme(self.themes.all())
        if self.territories.exists():
            contacts = contacts.in_territory(self.territories.all())
        return contacts


class AuditEntry(models.Model):
    """Who exported or erased what, and when (kept when the person who did it leaves)."""

    centre = models.ForeignKey(Centre, verbose_name="centre", on_delete=models.PROTECT, related_name="+")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="personne", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    actor_label = models.CharField("adresse de la personne", max_length=254, blank=True)
    action = models.CharField("action", max_length=20, choices=AuditAction.choices)
    count = models.PositiveIntegerField("contacts concernés", default=0)
    detail = models.TextField("quoi", blank=True)
    at = models.DateTimeField("le", default=timezone.now)

    class Meta:
        verbose_name = "trace d'export ou d'effacement"
        verbose_name_plural = "traces d'exports et d'effacements"
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["centre", "-at"], name="audit_centre_at")]

    def __str__(self):
        return f"{self.get_action_display()} — {self.actor_label or 'tâche planifiée'}"


class ContactImport(models.Model):
    """A CSV file sent by a centre, kept from its check to its confirmation (then its content is
    dropped: only the counts stay)."""

    centre = models.ForeignKey(Centre, verbose_name="centre", on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="envoyé par", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField("envoyé le", auto_now_add=True)
    filename = models.CharField("fichier", max_length=255)
    content = models.BinaryField("contenu", blank=True)
    on_duplicate = models.CharField(
        "adresse déjà connue", max_length=20, choices=OnDuplicate.choices, default=OnDuplicate.MERGE
    )
    state = models.CharField("état", max_length=20, choices=ImportState.choices, default=ImportState.CHECKING)
    report = models.JSONField("compte rendu", default=dict, blank=True)

    class Meta:
        verbose_name = "import de contacts"
        verbose_name_plural = "imports de contacts"
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.filename

    def get_absolute_url(self):
        return reverse("contacts:import", args=[self.pk])
