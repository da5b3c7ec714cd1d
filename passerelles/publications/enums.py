from django.db import models


class Kind(models.TextChoices):
    PERIODICAL = "periodical", "périodique"
    NEWSLETTER = "newsletter", "lettre d'information"
    PROCEEDINGS = "proceedings", "actes"
    GUIDE = "guide", "guide"
    STUDY = "study", "étude"
    REPORT = "report", "rapport"
    OTHER = "other", "autre"


class Frequency(models.TextChoices):
    WEEKLY = "weekly", "hebdomadaire"
    MONTHLY = "monthly", "mensuelle"
    BIMONTHLY = "bimonthly", "bimestrielle"
    QUARTERLY = "quarterly", "trimestrielle"
    THREE_A_YEAR = "three_a_year", "trois numéros par an"
    SEMIANNUAL = "semiannual", "semestrielle"
    ANNUAL = "annual", "annuelle"
    IRREGULAR = "irregular", "irrégulière"


class ContributorKind(models.TextChoices):
    PERSON = "person", "personne"
    ORGANISATION = "organisation", "organisation"


class ContributorRole(models.TextChoices):
    AUTHOR = "author", "auteur ou autrice"
    CONTRIBUTOR = "contributor", "contribution"
    EDITOR = "editor", "coordination ou direction"


class Language(models.TextChoices):
    # ISO 639 codes, as Dublin Core expects them.
    FRENCH = "fr", "français"
    ENGLISH = "en", "anglais"
    SPANISH = "es", "espagnol"
    GERMAN = "de", "allemand"
    ITALIAN = "it", "italien"
    PORTUGUESE = "pt", "portugais"
    ARABIC = "ar", "arabe"
    REUNION_CREOLE = "rcf", "créole réunionnais"
    GUADELOUPE_CREOLE = "gcf", "créole guadeloupéen ou martiniquais"
