"""The network's annual report: the validated reports of the centres for a year, added up, with
the network's coverage computed for the network as a whole, each centre's totals and highlights,
and the centres whose report is missing or not validated yet."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from passerelles.centres.models import Centre
from passerelles.core import collation
from passerelles.indicators.services.coverage import network_coverage
from passerelles.indicators.services.dashboard import CONTENT, CONTENT_LABELS, COUNT_LABELS, COUNTS

from ..enums import Status
from ..models import Report
from . import exports
from .figures import described, network_figures


@dataclass
class NetworkReport:
    year: int
    validated: list[Report]
    others: list[tuple[Centre, Report | None]]
    figures: dict[str, Any]

    @property
    def centre_rows(self) -> list[list]:
        return [
            [report.centre.name, *(report.figures.get("totals", {}).get(name, 0) for name in (*COUNTS, *CONTENT))]
            for report in self.validated
        ]


CENTRE_HEADER = ("Centre", *COUNT_LABELS, *CONTENT_LABELS)


def network_report(year: int) -> NetworkReport:
    validated = collation.sorted_by(
        Report.objects.filter(year=year, status=Status.VALIDATED).select_related("centre"),
        key=lambda report: report.centre.name,
    )
    reports = {report.centre_id: report for report in Report.objects.filter(year=year)}
    others = [
        (centre, reports.get(centre.pk))
        for centre in collation.sorted_by(
            Centre.objects.exclude(pk__in=[report.centre_id for report in validated]), key="name"
        )
    ]
    figures = network_figures(validated)
    on_date = min(datetime.date(year, 12, 31), timezone.localdate())
    covered = network_coverage(on_date)
    figures["coverage"] = described(covered.network, on_date, covered.qpv_list)
    return NetworkReport(year, validated, others, figures)


def sheets(found: NetworkReport, with_highlights: bool = True) -> list:
    parts = exports.sheets(found.figures, people_summed=True)
    parts.insert(1, ("Centres", CENTRE_HEADER, found.centre_rows))
    highlights = [[report.centre.name, report.highlights] for report in found.validated if report.highlights]
    if highlights and with_highlights:
        parts.append(("Faits marquants", ("Centre", "Faits marquants"), highlights))
    return parts
