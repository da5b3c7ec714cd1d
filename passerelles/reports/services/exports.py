"""A report's figures as a spreadsheet: CSV in long form (one figure per line: section, label,
measure, value), and ODS with one sheet per table (odfpy); both of the same parts (`sheets`, or for
the network report network.sheets with its centres and their highlights)."""

import io
from collections.abc import Iterable, Sequence
from typing import Any

from odf.opendocument import OpenDocumentSpreadsheet
from odf.table import Table, TableCell, TableRow
from odf.text import P

from passerelles.core.csv_cells import spreadsheet_text
from passerelles.core.text import clean_text
from passerelles.indicators.services.dashboard import labelled_totals

from .figures import COVERAGE

CSV_HEADER = ("Rubrique", "Libellé", "Mesure", "Valeur")


def sheets(
    figures: dict[str, Any], highlights: str = "", people_summed: bool = False
) -> list[tuple[str, Sequence[str], list[list]]]:
    """(name, header, rows) of each part of the report; `people_summed`: its people reached add up
    several centres' (the network report), and their label says so."""
    totals = labelled_totals(figures.get("totals", {}), people_summed)
    summary = [["Activité", label, value] for label, value in totals]
    covered = figures.get("coverage")
    if covered:
        summary += [["Couverture", label, covered.get(name, 0)] for name, label in COVERAGE]
    funding = figures.get("funding", {})
    summary += [["Cofinancement (€)", funder, amount] for funder, amount in funding.get("lines", [])]
    summary += [
        ["Cofinancement (€)", "Total", funding.get("total", 0)],
        ["Cofinancement (€)", "État", funding.get("state", 0)],
    ]
    found: list[tuple[str, Sequence[str], list[list]]] = [("Synthèse", ("Rubrique", "Libellé", "Valeur"), summary)]
    found += [(table["title"], table["columns"], table["rows"]) for table in figures.get("tables", [])]
    if highlights:
        found.append(
            (
                "Faits marquants",
                ("Faits marquants",),
                [[paragraph] for paragraph in highlights.splitlines() if paragraph.strip()],
            )
        )
    return found


def as_csv(figures: dict[str, Any], highlights: str = "") -> str:
    return parts_as_csv(sheets(figures, highlights))


def parts_as_csv(parts: Iterable[tuple[str, Sequence[str], list[list]]]) -> str:
    """The CSV of every part, in long form; a part of one column (a centre's highlights) as values
    only, any other as one line per figure (the first column its label)."""
    rows = []
    for name, header, table in parts:
        for row in table:
            if name == "Synthèse":
                rows.append([row[0], row[1], "", row[2]])
            elif len(header) == 1:
                rows.append([name, "", "", row[0]])
            else:
                rows += [[name, row[0], column, value] for column, value in zip(header[1:], row[1:], strict=True)]
    return spreadsheet_text(CSV_HEADER, rows)


def as_ods(parts: Iterable[tuple[str, Sequence[str], list[list]]]) -> bytes:
    document = OpenDocumentSpreadsheet()
    used: set[str] = set()
    for name, header, rows in parts:
        title = _sheet_name(name, used)
        table = Table(name=title)
        for row in [list(header), *rows]:
            line = TableRow()
            for value in row:
                line.addElement(_cell(value))
            table.addElement(line)
        document.spreadsheet.addElement(table)
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


def _cell(value) -> TableCell:
    if isinstance(value, int | float) and not isinstance(value, bool):
        cell = TableCell(valuetype="float", value=value)
        cell.addElement(P(text=str(value)))
        return cell
    cell = TableCell(valuetype="string")
    cell.addElement(P(text=clean_text(str(value))))  # a string cell: never evaluated
    return cell


def _sheet_name(name: str, used: set[str]) -> str:
    """A sheet name spreadsheets accept: no []*?/\\:, at most 31 characters, unique."""
    cleaned = "".join(" " if c in "[]*?/\\:" else c for c in name)[:28].strip() or "Feuille"
    title, number = cleaned, 2
    while title in used:
        title, number = f"{cleaned} {number}", number + 1
    used.add(title)
    return title
