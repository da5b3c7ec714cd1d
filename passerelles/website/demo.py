"""Demo data for `make run`: accounts with roles, a sample of quartiers prioritaires and demo
experience sheets (data/demo/experiences.json), series and publications with their PDFs
(data/demo/publications.json).

Everything created here is marked as demo (is_demo, DemoDataset), and the site shows a banner
while any demo data is present. A content app adds its demo content with a `load_demo(actor)` method
on its AppConfig, writing it through its services as `actor` (the national animation's demo account).
"""

from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from passerelles.accounts.enums import Role
from passerelles.accounts.models import Membership, User
from passerelles.centres.models import Centre
from passerelles.territories.services.contracts import import_contracts
from passerelles.territories.services.qpv import import_qpv

from .context_processors import DEMO_CACHE_KEY
from .models import DemoDataset

DEMO_PASSWORD = "demo-passerelles"  # noqa: S105 — published in the README and on the sign-in page
# Each part of the demo, recorded once loaded; a later capability adds its name here.
DATASETS = ["socle", "publications", "events", "national"]


@dataclass(frozen=True)
class DemoAccount:
    email: str
    first_name: str
    last_name: str
    centre_slug: str = ""
    role: str = ""
    national: bool = False


DEMO_ACCOUNTS = [
    DemoAccount("animation@demo.passerelles.fr", "Camille", "Animation (démo)", national=True),
    DemoAccount("redaction@demo.passerelles.fr", "Yann", "Rédaction (démo)", "reso-villes", Role.EDITOR),
    DemoAccount("relecture@demo.passerelles.fr", "Nadia", "Relecture (démo)", "reso-villes", Role.REVIEWER),
    DemoAccount("admin-centre@demo.passerelles.fr", "Sam", "Administration (démo)", "pb", Role.CENTRE_ADMIN),
]


@transaction.atomic
def load_demo():
    """Idempotent: a second call changes nothing."""
    for account in DEMO_ACCOUNTS:
        user, created = User.objects.get_or_create(
            email=account.email,
            defaults={
                "first_name": account.first_name,
                "last_name": account.last_name,
                "is_national_animator": account.national,
                "is_staff": account.national,
                "is_demo": True,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        if account.centre_slug and (centre := Centre.objects.filter(slug=account.centre_slug).first()):
            Membership.objects.get_or_create(user=user, centre=centre, role=account.role)
    import_qpv(settings.PASSERELLES["QPV_SAMPLE_FILE"].read_bytes(), is_demo=True)
    import_contracts(settings.PASSERELLES["CONTRACTS_SAMPLE_FILE"].read_bytes(), is_demo=True)
    # The content goes through the apps' services, written as the national animation would.
    animator = User.objects.get(email=next(a.email for a in DEMO_ACCOUNTS if a.national))
    for config in apps.get_app_configs():  # content apps offer theirs (INSTALLED_APPS order)
        if hasattr(config, "load_demo"):
            config.load_demo(animator)
    for name in DATASETS:
        DemoDataset.objects.get_or_create(name=name)
    cache.delete(DEMO_CACHE_KEY)
    return DEMO_ACCOUNTS
