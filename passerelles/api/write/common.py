"""What the write operations share (ADR 0016): the JSON of a request becomes the data the pages'
own form would post, so the same forms validate it and the same services save it, after the same
permission checks. `Writer` is one kind of content; each module (sheets, publications, sessions)
declares only what differs.

A JSON field left out keeps its stored value (PATCH) or the form's default (creation); a list of
repeated parts given replaces the stored ones. Identifiers the site shows (slugs, concept notations,
territory keys) stand for the rows the forms choose by primary key."""

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.datastructures import MultiValueDict
from ninja import Field, Schema, Status

from passerelles.accounts.permissions import Action, can
from passerelles.centres.models import Centre
from passerelles.core.changes import changes_of
from passerelles.core.errors import DomainError
from passerelles.core.slugs import unique_slug
from passerelles.core.text import clean_text

from ..problems import Problem

NOT_YOUR_CENTRE = "Ce jeton n'agit que pour le centre « {centre} » : il ne peut rien y écrire d'autre."


class TransitionIn(Schema):
    transition: str = Field(description="L'étape à franchir (voir les valeurs permises ci-dessus).")
    comment: str = Field(
        "", max_length=2000, description="Commentaire ; obligatoire pour renvoyer un contenu à son auteur."
    )


def as_posted(value: Any) -> Any:
    """A value as a browser would post it: text (a list for several), a ticked box as « on »."""
    if value is None or value is False:
        return ""
    if value is True:
        return "on"
    if isinstance(value, list | tuple):
        return [as_posted(item) for item in value]
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal | int):
        return str(value)
    return str(value)


def cleaned(value: Any) -> Any:
    """`value` with the characters no form keeps removed from every text (core.text), before it is
    looked up or posted: a NUL byte or a lone surrogate never reaches the database."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, list):
        return [cleaned(item) for item in value]
    if isinstance(value, dict):
        return {name: cleaned(item) for name, item in value.items()}
    return value


def posted(values: Mapping[str, Any]) -> MultiValueDict:
    """Form data holding `values`; a null is a field left empty (no value at all, as for a list)."""
    data = MultiValueDict()
    for name, value in values.items():
        value = as_posted(value)
        data.setlist(name, value if isinstance(value, list) else [value] if value != "" else [])
    return data


def current_values(form) -> dict[str, Any]:
    """What the unbound `form` shows of its stored row: what its page would post back unchanged."""
    values = {}
    for name, field in form.fields.items():
        if not field.disabled:
            value = form[name].value()
            many = getattr(field.widget, "allow_multiple_selected", False)
            values[name] = [] if many and value is None else value
    return values


def parts_values(formset, replacement: list[dict] | None) -> dict[str, Any]:
    """The posted data of an inline formset: its stored rows as they are, or, given `replacement`,
    the stored rows deleted and the new ones added."""
    rows = []
    for form in formset.initial_forms:
        row = current_values(form)
        row.pop(formset.fk.name, None)
        if replacement is not None:
            row["DELETE"] = True
        rows.append(row)
    rows += replacement or []
    values: dict[str, Any] = {
        f"{formset.prefix}-TOTAL_FORMS": len(rows),
        f"{formset.prefix}-INITIAL_FORMS": len(formset.initial_forms),
        f"{formset.prefix}-MIN_NUM_FORMS": 0,
        f"{formset.prefix}-MAX_NUM_FORMS": 1000,
    }
    for i, row in enumerate(rows):
        values |= {f"{formset.prefix}-{i}-{name}": value for name, value in row.items()}
    return values


def error(loc: list, message: str, kind: str = "invalid") -> dict[str, Any]:
    return {"loc": loc, "msg": str(message), "type": kind}


class Lookup:
    """A field given as the identifiers the site shows (`to_field`) of rows of `queryset`, posted as
    their primary keys; an unknown identifier is a field error."""

    def __init__(self, queryset, to_field: str, unknown: str) -> None:
        self.queryset, self.to_field, self.unknown = queryset, to_field, unknown

    def resolve(self, value: Any, loc: list, errors: list) -> Any:
        many = isinstance(value, list)
        wanted = [item for item in (value if many else [value]) if item not in (None, "")]
        found = dict(self.queryset.filter(**{f"{self.to_field}__in": wanted}).values_list(self.to_field, "pk"))
        for item in wanted:
            if item not in found:
                errors.append(error(loc, self.unknown.format(value=str(item)[:80])))
        pks = [found[item] for item in wanted if item in found]
        return pks if many else (pks[0] if pks else "")


class Writer:
    """One kind of content written through the API."""

    model: type[models.Model]
    reserved_slugs: Iterable[str] = ()
    slug_fallback = "contenu"
    form_fields: Mapping[str, str] = {}  # JSON name -> form field name, where they differ
    lookups: Mapping[str, Lookup] = {}  # JSON name -> how its identifiers are found
    parts: Mapping[str, str] = {}  # JSON name of repeated parts -> formset prefix
    on_create: Mapping[str, Any] = {}  # form values the API posts for a new row (a session unpublished)

    # What each kind declares.

    def form(self, data, instance, centres):
        raise NotImplementedError

    def formsets(self, data, instance) -> dict:
        return {}

    def may_create(self, identity, centre) -> bool:
        raise NotImplementedError

    def may_edit(self, identity, content) -> bool:
        raise NotImplementedError

    def save(self, request: HttpRequest, changes, created: bool):
        raise NotImplementedError

    def public(self) -> models.QuerySet:
        """What anyone may read on the site."""
        return self.model.objects.published()  # type: ignore[attr-defined]

    def owned(self, slug: str, token, queryset: models.QuerySet | None = None):
        """The token's centre's content of that slug. Another centre's is refused if the public sees
        it, and otherwise answered as if it did not exist: a 403 would tell that the draft is there."""
        content = get_object_or_404(self.model.objects.all() if queryset is None else queryset, slug=slug)
        if content.centre_id != token.centre_id:
            if not self.public().filter(pk=content.pk).exists():
                raise Http404
            raise PermissionDenied(NOT_YOUR_CENTRE.format(centre=token.centre.display_name))
        return content

    def present(self, content, identity) -> dict[str, Any]:
        raise NotImplementedError

    def refused_fields(self, refusal) -> list[dict] | None:
        """Field errors of a refusal the service raised after validation (a session's seats), or None."""
        return None

    # The operations.

    def create(self, request: HttpRequest, payload: Schema) -> Status:
        token, identity = request.auth, request.identity  # type: ignore[attr-defined]
        given = cleaned(payload.model_dump(exclude_unset=True))
        check_centre(given.pop("centre", None), token)
        if not self.may_create(identity, token.centre):
            raise PermissionDenied(
                f"Votre rôle dans ce centre ({token.get_role_display()}) ne permet pas de créer ce contenu."
            )
        saved = self.write(request, None, given)
        return Status(201, self.present(saved, identity))

    def update(self, request: HttpRequest, slug: str, payload: Schema) -> dict:
        token, identity = request.auth, request.identity  # type: ignore[attr-defined]
        content = self.owned(slug, token)
        given = cleaned(payload.model_dump(exclude_unset=True))
        check_centre(given.pop("centre", None), token)
        if not self.may_edit(identity, content):
            raise PermissionDenied("Votre rôle ne permet pas de modifier ce contenu dans son état actuel.")
        return self.present(self.write(request, content, given), identity)

    def listing(self, request: HttpRequest, **filters: Any) -> models.QuerySet:
        """The token's centre's content, drafts included (what its staff see in their « espace »)."""
        token, identity = request.auth, request.identity  # type: ignore[attr-defined]
        if not can(identity, Action.VIEW_PRIVATE, token.centre):
            raise PermissionDenied
        wanted = {name: value for name, value in filters.items() if value is not None}
        return self.model.objects.filter(centre_id=token.centre_id, **wanted)

    def read(self, request: HttpRequest, slug: str) -> dict:
        identity = request.identity  # type: ignore[attr-defined]
        content = self.owned(slug, request.auth)  # type: ignore[attr-defined]
        if not can(identity, Action.VIEW_PRIVATE, content):
            raise PermissionDenied(NOT_YOUR_CENTRE.format(centre=request.auth.centre.display_name))  # type: ignore[attr-defined]
        return self.present(content, identity)

    def write(self, request: HttpRequest, content, given: dict):
        """Validate `given` with the pages' forms, then save it with the pages' service; a 422
        problem with every field error otherwise, and nothing is written."""
        token = request.auth  # type: ignore[attr-defined]
        centres = Centre.objects.filter(pk=token.centre_id)
        errors: list[dict] = []
        values: dict[str, Any] = {}
        replacements: dict[str, list[dict] | None] = {}
        for name, value in given.items():
            if name in self.parts:
                replacements[self.parts[name]] = [dict(row) for row in value or []]
                continue
            if name in self.lookups and value is not None:
                value = self.lookups[name].resolve(value, ["body", name], errors)
            values[self.form_fields.get(name, name)] = value
        # What the page would post unchanged: the stored values, or a new row's defaults.
        base = current_values(self.form(None, content, centres))
        if content is None:
            base |= {"centre": token.centre_id, **self.on_create}
        data = posted(base | values)
        for formset in self.formsets(None, content).values():
            data.update(posted(parts_values(formset, replacements.get(formset.prefix))))
        form = self.form(data, content, centres)
        formsets = self.formsets(data, form.instance)
        valid = [form.is_valid(), *(formset.is_valid() for formset in formsets.values())]
        if not all(valid) or errors:
            raise Problem(422, errors=errors + self.form_errors(form, formsets, replacements))
        if content is None:
            form.instance.slug = unique_slug(
                self.model, form.cleaned_data["title"], self.reserved_slugs, self.slug_fallback
            )
        try:
            return self.save(request, changes_of(form, *formsets.values()), created=content is None)
        except DomainError as refusal:
            fields = self.refused_fields(refusal)
            if fields is None:
                raise Problem(409, detail=refusal.message) from refusal
            raise Problem(422, errors=fields) from refusal

    def form_errors(self, form, formsets, replacements) -> list[dict]:
        names = {form_name: name for name, form_name in self.form_fields.items()}
        said = []
        for field, messages in form.errors.items():
            loc = ["body"] if field == "__all__" else ["body", names.get(field, field)]
            said += [error(loc, message) for message in messages]
        prefixes = {prefix: name for name, prefix in self.parts.items()}
        for prefix, formset in formsets.items():
            name = prefixes.get(formset.prefix, prefix)
            said += [error(["body", name], message) for message in formset.non_form_errors()]
            offset = len(formset.initial_forms) if replacements.get(formset.prefix) is not None else 0
            for i, part in enumerate(formset.forms):
                if formset.can_delete and formset._should_delete_form(part):
                    continue
                for field, messages in part.errors.items():
                    loc = ["body", name, i - offset] + ([] if field == "__all__" else [field])
                    said += [error(loc, message) for message in messages]
        return said


def check_centre(slug: str | None, token) -> None:
    """A centre named in the request must be the token's: a 403 otherwise, whatever the rest says."""
    if slug is not None and slug != token.centre.slug:
        raise PermissionDenied(NOT_YOUR_CENTRE.format(centre=token.centre.display_name))


def notations(concepts) -> list[str]:
    return sorted(concept.notation for concept in concepts.all())


def territory_keys(territories) -> list[str]:
    return sorted(territory.key for territory in territories.all())


class StateOut(Schema):
    """Where the content stands, for the token that asked."""

    slug: str = Field(description="Son identifiant d'adresse : il désigne le contenu dans l'API.")
    centre: str = Field(description="Identifiant d'adresse du centre.")
    status: str = Field(description="Son état (code stable).")
    status_label: str = Field(description="Son état, en français.")
    transitions: list[str] = Field(description="Les étapes que ce jeton peut lui faire franchir maintenant.")
    url: str = Field(description="Sa page publique (introuvable tant qu'il n'est pas publié).")
    updated_at: datetime = Field(description="Dernière modification.")
    message: str = Field("", description="Ce que l'opération a fait, en français.")


class CentreContentSummary(Schema):
    """One content of the centre, in a list."""

    slug: str = Field(description="Son identifiant d'adresse.")
    title: str = Field(description="Son titre.")
    status: str = Field(description="Son état (code stable).")
    status_label: str = Field(description="Son état, en français.")
    updated_at: datetime = Field(description="Dernière modification.")

    @staticmethod
    def resolve_status_label(content) -> str:
        return content.get_status_display()
