from django.db import models


class DemoDataset(models.Model):
    """A set of demo data loaded in this database: while one exists, every page says so."""

    name = models.CharField("nom", max_length=100, unique=True)
    loaded_at = models.DateTimeField("chargé le", auto_now_add=True)

    class Meta:
        verbose_name = "jeu de données de démonstration"
        verbose_name_plural = "jeux de données de démonstration"

    def __str__(self):
        return self.name
