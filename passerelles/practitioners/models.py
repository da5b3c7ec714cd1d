"""The practitioners of the network (chefs de projet, délégués du préfet, associations…): a profile
linked to the person's account, what they work on and where, and what the « annuaire du réseau »
may show of them (each field chosen by the person; nothing unless they opted in)."""

from django.conf import settings
from django.db import models

from passerelles.thesaurus.models import PersonOfTheNetwork

# The profile's fields the directory may show, each only if the person ticked it.
DIRECTORY_FIELDS = ("name", "email", "function", "organisation", "territory", "themes")


class Profile(PersonOfTheNetwork):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name="personne", on_delete=models.CASCADE, related_name="practitioner"
    )
    confirmed_at = models.DateTimeField("adresse confirmée le", null=True, blank=True)
    in_directory = models.BooleanField("figurer dans l'annuaire du réseau", default=False)
    show_name = models.BooleanField("nom", default=True)
    show_email = models.BooleanField("adresse électronique", default=False)
    show_function = models.BooleanField("fonction", default=True)
    show_organisation = models.BooleanField("structure", default=True)
    show_territory = models.BooleanField("territoire", default=True)
    show_themes = models.BooleanField("thèmes", default=True)
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    updated_at = models.DateTimeField("modifié le", auto_now=True)

    class Meta:
        verbose_name = "profil de praticien"
        verbose_name_plural = "profils de praticiens"
        indexes = [models.Index(fields=["in_directory", "territory"], name="profile_directory_territory")]

    def __str__(self):
        return str(self.user)

    def shown(self, name):
        return getattr(self, f"show_{name}")
