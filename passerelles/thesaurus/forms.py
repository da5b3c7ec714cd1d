from django import forms

from passerelles.core.forms import BaseForm


class SkosUploadForm(BaseForm):
    file = forms.FileField(label="Fichier SKOS", help_text="Turtle (.ttl) ou RDF/XML (.rdf, .xml), 10 Mo au plus.")
