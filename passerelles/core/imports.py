"""What every importer raises when it refuses a file: the list of problems, in French, line by line.
Importers validate everything before writing, inside one transaction, so a refusal writes nothing."""


class ImportRejected(Exception):
    def __init__(self, errors):
        self.errors = list(errors)
        super().__init__("\n".join(self.errors))
