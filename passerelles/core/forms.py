from dsfr.forms import DsfrBaseForm


class BaseForm(DsfrBaseForm):
    """DSFR forms whose widgets carry every attribute the DSFR field templates read."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if not hasattr(field.widget, "group_class"):
                field.widget.group_class = ""
