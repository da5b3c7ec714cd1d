"""What every importer raises when it refuses a file: the list of problems, in French, line by line.
Importers validate everything before writing, inside one transaction, so a refusal writes nothing."""

import csv
import io
from collections.abc import Iterable

# Problems listed; a file wrong on every one of its 30,000 lines gets a readable report.
MAX_LISTED = 100


class ImportRejected(Exception):
    """`errors`: the first MAX_LISTED problems, then one line saying how many more; `count`: all of them."""

    def __init__(self, errors: Iterable[str]) -> None:
        errors = list(errors)
        self.count = len(errors)
        self.errors = errors[:MAX_LISTED]
        if self.count > MAX_LISTED:
            more = self.count - MAX_LISTED
            self.errors.append(
                f"… et {more} autre{'s' if more > 1 else ''} problème{'s' if more > 1 else ''} "
                f"({self.count} en tout), non détaillé{'s' if more > 1 else ''} ici."
            )
        super().__init__("\n".join(self.errors))


MAX_FILE_SIZE = 20 * 1024 * 1024  # a reference list (QPV, contrats de ville): a few MB at most


def csv_rows(raw: bytes, rejected: type[ImportRejected] = ImportRejected) -> csv.DictReader:
    """A reference file read as CSV, or `rejected` saying why not: at most 20 MB, text, UTF-8 or
    Windows-1252, not empty; its separator (`;`, `,` or tab) the one its header uses most."""
    if len(raw) > MAX_FILE_SIZE:
        raise rejected([f"Le fichier dépasse la taille maximale de {MAX_FILE_SIZE // (1024 * 1024)} Mo."])
    if b"\x00" in raw[:4096]:
        raise rejected(["Le fichier n'est pas un fichier texte CSV (contenu binaire détecté)."])
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise rejected(["L'encodage du fichier n'est pas reconnu (UTF-8 ou Windows-1252 attendu)."])
    if not text.strip():
        raise rejected(["Le fichier est vide."])
    delimiter = max(";,\t", key=text.splitlines()[0].count)
    return csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
