"""The forms' select template (options written inline) renders what Django's own renders."""

from django import forms

from ..forms import SELECT_TEMPLATE, BaseForm

CHOICES = [
    ("", "Tous"),
    ("Quartiers", [("qpv", "Quartier prioritaire"), ("z&u", "Zone « urbaine » <sensible>")]),
    ("1", "Un"),
    ("2", "Deux"),
]


class Choosing(BaseForm):
    one = forms.ChoiceField(choices=CHOICES, required=False)
    many = forms.MultipleChoiceField(choices=CHOICES, required=False)
    typed = forms.TypedChoiceField(choices=CHOICES, coerce=str, required=False, disabled=True)


def test_the_inline_select_template_renders_django_s_markup():
    form = Choosing({"one": "z&u", "many": ["qpv", "2"], "typed": "1"})
    ours = {}
    for name in ("one", "many", "typed"):
        widget = form.fields[name].widget
        assert widget.template_name == SELECT_TEMPLATE
        ours[name] = str(form[name].as_widget())
        widget.template_name = forms.Select.template_name
        assert ours[name] == str(form[name].as_widget()), name
    assert '<option value="z&amp;u" selected>Zone « urbaine » &lt;sensible&gt;</option>' in ours["one"]
    assert "multiple" in ours["many"] and ours["many"].count(" selected>") == 2
