from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models.functions import Lower

from .enums import Role


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("L'adresse électronique est obligatoire.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)


class User(AbstractUser):
    """A person who signs in with an e-mail address and a password."""

    username = None
    email = models.EmailField("adresse électronique", unique=True)
    is_national_animator = models.BooleanField(
        "animation nationale",
        default=False,
        help_text="Lit tout et gère l'annuaire, le cofinancement et le cadre de référence.",
    )
    is_demo = models.BooleanField("compte de démonstration", default=False)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        verbose_name = "personne"
        verbose_name_plural = "personnes"
        ordering = ["email"]
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_unique_any_case")]

    def __str__(self):
        return self.get_full_name() or self.email

    def clean(self):
        super().clean()
        self.email = self.email.strip().lower()

    def save(self, *args, **kwargs):
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)


class Membership(models.Model):
    """A person's role in one centre. A person may belong to several centres."""

    user = models.ForeignKey(User, verbose_name="personne", on_delete=models.CASCADE, related_name="memberships")
    centre = models.ForeignKey(
        "centres.Centre", verbose_name="centre", on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField("rôle", max_length=20, choices=Role.choices)
    created_at = models.DateTimeField("depuis le", auto_now_add=True)

    class Meta:
        verbose_name = "rôle dans un centre"
        verbose_name_plural = "rôles dans les centres"
        constraints = [models.UniqueConstraint(fields=["user", "centre", "role"], name="membership_unique")]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()} — {self.centre}"
