"""What every importer raises when it refuses a file: the list of problems, in French, line by line.
Importers validate everything before writing, inside one transaction, so a refusal writes nothing."""

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
