"""The « Erreur – » that starts the title of a page whose form failed validation: a
screen reader announces the title first, so the person knows at once the submission was refused."""

from django import template
from django.forms import BaseForm
from django.forms.formsets import BaseFormSet

register = template.Library()

ERROR_PREFIX = "Erreur – "


def refused(value):
    """Whether `value` is a submitted form or formset that failed validation. Its type is read with
    type(), not isinstance(), which would evaluate a lazy object (the context's `csrf_token` would
    then set a cookie on every page, `user` cost a query)."""
    kind = type(value)
    if issubclass(kind, BaseForm):
        return value.is_bound and bool(value.errors)
    if issubclass(kind, BaseFormSet):
        return value.is_bound and bool(value.total_error_count())
    return False


def has_refused_form(context):
    """Any form or formset of the page that was submitted and refused, whatever its name in the
    context (`form`, `code_form`, a dict of formsets…)."""
    for value in context.flatten().values():
        if any(refused(part) for part in (value.values() if issubclass(type(value), dict) else (value,))):
            return True
    return False


@register.simple_tag(takes_context=True)
def error_title_prefix(context):
    return ERROR_PREFIX if has_refused_form(context) else ""
