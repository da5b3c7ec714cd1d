"""What the events' lists ask of their rows (published, with their registrations counted)."""

from django.apps import apps
from django.db import models
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce

from .enums import RegistrationStatus


class CycleQuerySet(models.QuerySet):
    def public(self):
        return self.filter(is_published=True)


class SessionQuerySet(models.QuerySet):
    def public(self):
        return self.filter(is_published=True)

    def for_list(self):
        return self.select_related("centre", "commune__parent", "cycle")

    def with_registrations(self, **statuses):
        """Each session with, under each name, its registrations in that status: its own and its
        cycle's (a cycle registration holds a seat, or waits for one, in each of its sessions),
        counted in the list's one query. `with_registrations(seats_held=CONFIRMED)`."""

        def count(status, link, outer):
            rows = (
                apps.get_model("events", "Registration")
                .objects.filter(status=status, **{link: OuterRef(outer)})
                .order_by()
                .values(link)
            )
            rows = rows.annotate(n=Count("pk")).values("n")
            return Coalesce(Subquery(rows, output_field=models.IntegerField()), 0)

        return self.annotate(
            **{
                name: count(status, "session", "pk") + count(status, "cycle", "cycle")
                for name, status in statuses.items()
            }
        )


class RegistrationQuerySet(models.QuerySet):
    def active(self):
        return self.exclude(status=RegistrationStatus.CANCELLED)

    def holding_seats(self):
        return self.filter(status=RegistrationStatus.CONFIRMED)
