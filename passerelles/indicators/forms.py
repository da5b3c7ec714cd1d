from django import forms

from passerelles.core.forms import BaseForm
from passerelles.events.enums import Activity
from passerelles.territories.enums import Kind
from passerelles.territories.models import Territory


class DashboardFilters(BaseForm):
    """The filters of a dashboard, read from the address: year among `years`, région, activity."""

    year = forms.TypedChoiceField(label="Année", coerce=int)
    region = forms.ModelChoiceField(
        label="Région",
        queryset=Territory.objects.filter(kind=Kind.REGION).order_by("name"),
        required=False,
        empty_label="Toutes les régions",
    )
    activity = forms.ChoiceField(
        label="Activité", choices=[("", "Toutes les activités"), *Activity.choices], required=False
    )

    def __init__(self, data, years, with_region=True):
        years = list(years)
        if data is not None and not data.get("year") and years:
            data = data.copy()
            data["year"] = str(years[-1])
        super().__init__(data)
        self.fields["year"].choices = [(year, str(year)) for year in reversed(years)]
        if not with_region:
            del self.fields["region"]
