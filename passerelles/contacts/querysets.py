"""How contacts are found: a centre's, filtered for its list, matched by a group's rule, idle."""

from functools import reduce
from operator import or_

from django.db import models
from django.db.models import Exists, F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

from passerelles.core.bulk import chunks, insert_rows
from passerelles.territories.models import Territory
from passerelles.territories.text import fold

from .enums import Purpose

# The contact's column that holds whether its latest record for a purpose is an agreement.
AGREEMENT_FIELDS: dict[str, str] = {
    Purpose.NEWSLETTER: "agrees_newsletter",
    Purpose.EVENTS: "agrees_events",
    Purpose.NETWORK: "agrees_network",
}
# Words of a query looked up at most (each is one indexed range).
SEARCH_WORDS = 8


def search_words(text):
    """The words of a search, folded as the contacts' words are."""
    return fold(text or "").split()[:SEARCH_WORDS]


class ContactQuerySet(models.QuerySet):
    def of_centre(self, centre):
        return self.filter(centre=centre)

    def with_function(self, functions):
        """Contacts whose function is one of `functions` (concepts or a queryset of them)."""
        return self.filter(function__in=functions)

    def with_theme(self, themes):
        """Contacts tagged with at least one of `themes` (each contact once): a semi-join from the
        tags of those themes, rather than a lookup for each contact of the centre."""
        link = self.model.themes.through
        return self.filter(pk__in=link.objects.filter(concept__in=themes).values("contact"))

    def in_territory(self, territories):
        """Contacts whose territory is one of `territories` or lies inside one of them (a commune of a
        département, a QPV of a commune…)."""
        inside = Territory.ancestors.through.objects.filter(
            from_territory=OuterRef("territory_id"), to_territory__in=territories
        )
        return self.filter(Q(territory__in=territories) | Exists(inside))

    def searched(self, text, centre):
        """Contacts of `centre` having, for each word of `text`, a word that begins with it in their
        names, address or organisation (« dup ann » finds Anne Dupont, « grandlyon » her address)."""
        from .models import ContactWord

        contacts = self
        for word in search_words(text):
            contacts = contacts.filter(pk__in=ContactWord.objects.of_centre(centre).beginning(word).values("contact"))
        return contacts

    def idle_since(self, moment):
        return self.filter(last_activity_at__lt=moment)

    def consenting(self, purpose):
        """Contacts whose latest consent record for `purpose` is an agreement."""
        return self.filter(**{AGREEMENT_FIELDS[purpose]: True})

    def refresh_agreements(self):
        """Set each contact's agreement columns again from its latest record of each purpose; only
        the rows that change are written (an import that set them already rewrites none)."""
        from .models import ConsentRecord

        def latest(purpose):
            records = ConsentRecord.objects.filter(contact=OuterRef("pk"), purpose=purpose)
            return Coalesce(Subquery(records.order_by("-recorded_at", "-pk").values("given")[:1]), Value(False))

        values = {field: latest(purpose) for purpose, field in AGREEMENT_FIELDS.items()}
        stale = self.alias(**{f"latest_{field}": value for field, value in values.items()}).filter(
            reduce(or_, (~Q(**{field: F(f"latest_{field}")}) for field in values))
        )
        return self.model.objects.filter(pk__in=stale.values("pk")).update(**values)


class ContactWordQuerySet(models.QuerySet):
    def of_centre(self, centre):
        return self.filter(centre=centre)

    def beginning(self, prefix):
        """Words that begin with `prefix` (folded: letters and digits), as a range on the index: the
        bounds hold only letters and digits, which every collation orders alike."""
        words = self.filter(word__gte=prefix)
        end = prefix.rstrip("z")
        if not end:
            return words
        last = end[-1]
        return words.filter(word__lt=end[:-1] + ("a" if last == "9" else chr(ord(last) + 1)))

    def write_for(self, contacts, fresh=False):
        """Replace the words of `contacts` (saved; `fresh`: just created, with no words yet) by what
        they hold now, as plain rows: an import writes about eight per contact."""
        from .models import words_of

        for chunk in chunks(contacts, 500):
            if not fresh:
                self.filter(contact__in=[contact.pk for contact in chunk]).delete()
            insert_rows(
                self.model._meta.db_table,
                ("contact_id", "centre_id", "word", "sort_name"),
                [
                    (contact.pk, contact.centre_id, word, contact.sort_name)
                    for contact in chunk
                    for word in sorted(words_of(contact))
                ],
            )
