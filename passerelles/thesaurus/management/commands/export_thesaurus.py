from django.core.management.base import BaseCommand

from ...services.skos import export_skos


class Command(BaseCommand):
    help = "Exporte le thésaurus en SKOS (Turtle ou RDF/XML) sur la sortie standard ou dans un fichier."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["turtle", "xml"], default="turtle")
        parser.add_argument("-o", "--output", help="Fichier de sortie.")

    def handle(self, *args, format="turtle", output=None, **options):
        data = export_skos(format)
        if output:
            with open(output, "wb") as handle:
                handle.write(data)
        else:
            self.stdout.write(data.decode("utf-8"))
