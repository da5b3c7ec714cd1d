from django.db import models


class GroupKind(models.TextChoices):
    STATIC = "static", "liste de contacts choisis"
    RULE = "rule", "règle (fonction × thème × territoire)"


class Purpose(models.TextChoices):
    """What a person agreed to be contacted for."""

    NEWSLETTER = "newsletter", "lettre d'information du centre"
    EVENTS = "events", "invitations aux temps d'échanges"
    NETWORK = "network", "mise en relation avec le réseau"


class AuditAction(models.TextChoices):
    IMPORT = "import", "import de contacts"
    MERGE = "merge", "fusion de deux contacts"
    EXPORT_CSV = "export_csv", "export CSV"
    EXPORT_VCARD = "export_vcard", "export vCard"
    EXPORT_PERSON = "export_person", "copie des données d'une personne (JSON)"
    ERASURE = "erasure", "effacement à la demande"
    PURGE = "purge", "purge des contacts inactifs"


class ImportState(models.TextChoices):
    CHECKING = "checking", "vérification en cours"
    READY = "ready", "prêt à importer"
    REFUSED = "refused", "refusé"
    IMPORTING = "importing", "import en cours"
    DONE = "done", "importé"
    CANCELLED = "cancelled", "abandonné"


class OnDuplicate(models.TextChoices):
    MERGE = "merge", "compléter le contact existant"
    REPORT = "report", "signaler l'adresse comme une erreur"
