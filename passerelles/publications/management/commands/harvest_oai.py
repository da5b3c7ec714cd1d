import datetime

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from passerelles.centres.models import Centre

from ...services import harvest

SHOWN_SKIPPED = 20


def parse_from(value):
    """A forced start date: AAAA-MM-JJ, or AAAA-MM-JJThh:mm:ssZ (UTC)."""
    for fmt in ("%Y-%m-%d", "%Y-%m-%dT%H:%M:%SZ"):
        try:
            return datetime.datetime.strptime(value, fmt).replace(tzinfo=datetime.UTC)
        except ValueError:
            continue
    raise CommandError(f"La date « {value} » n'est pas valide : écrivez AAAA-MM-JJ ou AAAA-MM-JJThh:mm:ssZ.")


class Command(BaseCommand):
    help = (
        "Moissonne en OAI-PMH (Dublin Core) le catalogue documentaire d'un centre : reprend une moisson "
        "interrompue, sinon demande ce qui a changé depuis la dernière moisson complète."
    )

    def add_arguments(self, parser):
        parser.add_argument("url", help="Adresse OAI-PMH du catalogue (par exemple https://pmb.exemple.fr/ws/oai).")
        parser.add_argument("--centre", required=True, help="Identifiant d'adresse du centre (par exemple labo-cites).")
        parser.add_argument("--set", dest="set_spec", default="", help="Ne moissonner que cet ensemble (setSpec).")
        parser.add_argument(
            "--from", dest="from_date", help="Moissonner depuis cette date (AAAA-MM-JJ), en recommençant du début."
        )

    def handle(self, *args, url, centre, set_spec, from_date, **options):
        from_date = parse_from(from_date) if from_date else None
        found = Centre.objects.filter(slug=centre).first()
        if found is None:
            raise CommandError(f"Aucun centre n'a l'identifiant « {centre} » : vérifiez-le dans l'annuaire.")
        try:
            source = harvest.source_for(found, url, set_spec)
            if source.resumption_token and from_date is None:
                self.stdout.write("Reprise de la moisson interrompue.")
            with tqdm(unit="notice", desc="Moisson", disable=options["verbosity"] == 0) as bar:

                def progress(page):
                    if page.complete_list_size and not bar.total:
                        bar.total = page.complete_list_size
                    bar.update(page.records)

                result = harvest.harvest(source, from_date=from_date, progress=progress)
        except harvest.HarvestError as error:
            raise CommandError(str(error)) from error
        for identifier, reason in result.skipped[:SHOWN_SKIPPED]:
            self.stderr.write(self.style.WARNING(f"Notice {identifier} ignorée : {reason}."))
        if len(result.skipped) > SHOWN_SKIPPED:
            self.stderr.write(self.style.WARNING(f"… et {len(result.skipped) - SHOWN_SKIPPED} autre(s) notice(s)."))
        self.stdout.write(
            f"Moisson terminée pour {found.display_name} : {result.created} notice(s) ajoutée(s), "
            f"{result.updated} mise(s) à jour, {result.deleted} retirée(s), {len(result.skipped)} ignorée(s) "
            f"({result.pages} page(s))."
        )
