"""Experience sheets in the network search: published sheets only, read in bulk."""

from django.utils import timezone

from passerelles.search_index.engine import IndexDocument, day_number, timestamp
from passerelles.search_index.registry import SearchMapping, register, stable_number

from .models import ExperienceSheet, Partner

BODY_FIELDS = (
    "publics_description",
    "working_methods",
    "actions",
    "results",
    "lessons",
    "carrying_structure",
    "other_schemes",
    "contact_organisation",
)
CHUNK = 2000


@register
class ExperienceSheetSearch(SearchMapping):
    type = "experience"
    label = "Fiche expérience"
    label_plural = "Fiches expérience"
    date_label = "publiée le"
    model = ExperienceSheet

    def public_queryset(self):
        return ExperienceSheet.objects.published()

    def watched_m2m(self):
        return [ExperienceSheet.themes, ExperienceSheet.schemes, ExperienceSheet.publics, ExperienceSheet.territories]

    def related(self):
        return {Partner: lambda partner: [partner.sheet_id]}

    def documents(self, queryset):
        rows = queryset.values(
            "pk", "slug", "title", "summary", "published_at", "start_date", "centre__slug", "is_demo", *BODY_FIELDS
        )
        chunk = []
        for row in rows.iterator(chunk_size=CHUNK):
            chunk.append(row)
            if len(chunk) == CHUNK:
                yield from self._chunk_documents(chunk)
                chunk = []
        yield from self._chunk_documents(chunk)

    def _chunk_documents(self, rows):
        if not rows:
            return
        ids = [row["pk"] for row in rows]
        links = {
            name: _links(getattr(ExperienceSheet, name).through, ids, *values)
            for name, values in (
                ("themes", ["concept__notation"]),
                ("schemes", ["concept__notation"]),
                ("publics", ["concept__notation"]),
                ("territories", ["territory__kind", "territory__code"]),
            )
        }
        partners = {}
        for sheet_id, name in Partner.objects.filter(sheet_id__in=ids).values_list("sheet_id", "name"):
            partners.setdefault(sheet_id, []).append(name)
        today = timezone.localdate()
        for row in rows:
            pk = row["pk"]
            published = timezone.localdate(row["published_at"]) if row["published_at"] else today
            body = "\n".join([*(row[name] for name in BODY_FIELDS if row[name]), *partners.get(pk, [])])
            yield IndexDocument(
                key=self.key(pk),
                type=self.type,
                url=ExperienceSheet(slug=row["slug"]).get_absolute_url(),
                title=row["title"],
                summary=row["summary"],
                body=body,
                day=day_number(published),
                stable=stable_number(row["slug"]),
                keywords={
                    "theme": links["themes"].get(pk, []),
                    "scheme": links["schemes"].get(pk, []),
                    "public": links["publics"].get(pk, []),
                    "centre": [row["centre__slug"]],
                    # The year the action started (else of publication): one value, cheap to count.
                    "year": [str((row["start_date"] or published).year)],
                },
                territories=links["territories"].get(pk, []),
                demo=row["is_demo"],
                published=timestamp(row["published_at"]),
            )


def _links(through, sheet_ids, *values):
    """{sheet id: ["value" or "value:value"]} of one many-to-many relation (one query)."""
    result = {}
    rows = through.objects.filter(experiencesheet_id__in=sheet_ids).order_by("pk")
    for sheet_id, *items in rows.values_list("experiencesheet_id", *values):
        result.setdefault(sheet_id, []).append(":".join(items))
    return result
