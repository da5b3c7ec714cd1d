"""Cells starting like a formula are written as text in every CSV the product writes."""

import csv
import io
from decimal import Decimal
from pathlib import Path

import pytest

from ..csv_cells import RowWriter, neutralised, spreadsheet_text, unneutralised

PRODUCT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("typed", ["=1+1", "+33 1 02", "-2+3", "@SUM(A1)", "\t=1", "\r=1"])
def test_a_cell_starting_like_a_formula_is_text(typed):
    assert neutralised(typed).startswith("'")
    assert unneutralised(neutralised(typed)) == neutralised(typed)[1:]


@pytest.mark.parametrize("typed", ["Claire", "1+1", "a=b", "'quoted", "", None, 12])
def test_other_cells_are_left_as_they_are(typed):
    assert neutralised(typed) == ("" if typed is None else str(typed))
    assert unneutralised("'quoted") == "'quoted"


def test_the_header_and_every_row_are_neutralised_and_excel_reads_utf8():
    text = spreadsheet_text(["=titre", "b", "c"], [['=HYPERLINK("http://x")', "é", -1200], ("@a", None, "-1")])
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:]), delimiter=";"))
    # a negative number stays a number (a gap in euros); typed text that starts so does not
    assert rows == [["'=titre", "b", "c"], ['\'=HYPERLINK("http://x")', "é", "-1200"], ["'@a", "", "'-1"]]


def test_the_product_writes_csv_only_through_spreadsheet_text():
    """A new export cannot forget the neutralisation: no other module builds a CSV writer."""
    writers = [
        path.relative_to(PRODUCT).as_posix()
        for path in PRODUCT.rglob("*.py")
        if "/tests/" not in path.as_posix() and ("csv.writer(" in path.read_text() or "DictWriter(" in path.read_text())
    ]
    assert writers == ["core/csv_cells.py"]


def test_a_large_csv_written_row_by_row_is_neutralised_and_keeps_its_numbers():
    buffer = io.StringIO()
    writer = RowWriter(buffer, delimiter=",")
    writer.writerow(["=SOMME(A1)", -12, Decimal("-3.50"), True, None, "-1"])
    assert list(csv.reader(io.StringIO(buffer.getvalue()))) == [["'=SOMME(A1)", "-12", "-3.50", "True", "", "'-1"]]
