"""Every CSV the product writes goes through `spreadsheet_text`: each cell cleaned and, when it starts
like a formula (=, +, -, @, tab, carriage return), written as text with a leading apostrophe, so that
a spreadsheet never runs what someone typed (CSV injection). Imports take the apostrophe off again
(`unneutralised`), so that a file exported then imported keeps its values."""

import csv
import io
from collections.abc import Iterable
from decimal import Decimal
from typing import TextIO

from .text import clean_text

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value):
    """A number as it is (a negative one stays a number); anything else neutralised."""
    return value if is_number(value) else neutralised(value)


def neutralised(value) -> str:
    """The cell as text a spreadsheet shows and never evaluates."""
    text = "" if value is None else clean_text(str(value))
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def unneutralised(text: str) -> str:
    """A cell read from a CSV, without the apostrophe `neutralised` put before a formula."""
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_STARTS) else text


def spreadsheet_text(header: Iterable, rows: Iterable[Iterable], delimiter: str = ";") -> str:
    """The CSV of `header` and `rows`, every text cell neutralised and numbers kept as numbers, with a
    byte-order mark so that Excel reads it as UTF-8 (semicolons: what French spreadsheets expect)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow([neutralised(value) for value in header])
    writer.writerows([cell(value) for value in row] for row in rows)
    return "\ufeff" + buffer.getvalue()


class RowWriter:
    """A large CSV written row by row into `file` (the open-data dumps): every text cell
    neutralised as in `spreadsheet_text`; numbers are written as they are (a negative one stays a
    number)."""

    def __init__(self, file: TextIO, delimiter: str = ";", lineterminator: str = "\r\n") -> None:
        self._writer = csv.writer(file, delimiter=delimiter, lineterminator=lineterminator)

    def writerow(self, row: Iterable) -> None:
        self._writer.writerow([cell(value) for value in row])


def is_number(value) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)
