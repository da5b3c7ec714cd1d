"""What the public pages of the reference framework show, read in a fixed number of queries."""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Prefetch

from passerelles.centres.enums import COVERING_STATUSES
from passerelles.centres.models import Centre
from passerelles.core import collation

from ..enums import COVERAGE_INDICATORS, AccreditationState, Section
from ..models import Accreditation, Commitment, Document, Version
from .figures import NetworkFigures, network_figures

BADGES = {
    AccreditationState.UPCOMING: "info",
    AccreditationState.CURRENT: "success",
    AccreditationState.EXPIRING: "warning",
    AccreditationState.EXPIRED: "error",
}


@dataclass
class ShownIndicator:
    key: str
    label: str
    value: int | None  # None: no published figure yet
    is_coverage: bool


@dataclass
class ShownCommitment:
    commitment: Commitment
    indicators: list[ShownIndicator]


@dataclass
class Overview:
    documents: list[Document]
    sections: list[tuple[str, list[ShownCommitment]]]  # (section label, its commitments), in order
    figures: NetworkFigures


def overview(on_date: datetime.date) -> Overview:
    """Every document with its versions and signatories; the commitments of the versions in force
    on `on_date`, by section, each with its indicators and the network's values."""
    versions = Version.objects.prefetch_related("signatories")
    documents = list(Document.objects.prefetch_related(Prefetch("versions", queryset=versions)))
    in_force = [version.pk for document in documents if (version := document.version_in_force(on_date))]
    commitments = list(Commitment.objects.filter(version__in=in_force).order_by("version__document", "ordering", "pk"))
    figures = network_figures(key for commitment in commitments for key in commitment.indicators)
    by_section: dict[str, list[ShownCommitment]] = {section: [] for section in Section}
    for commitment in commitments:
        shown = [
            ShownIndicator(key, label, figures.values.get(key), key in COVERAGE_INDICATORS)
            for key, label in commitment.indicator_labels
        ]
        by_section[commitment.section].append(ShownCommitment(commitment, shown))
    sections = [(Section(section).label, shown) for section, shown in by_section.items() if shown]
    return Overview(documents, sections, figures)


@dataclass
class AccreditationRow:
    accreditation: Accreditation
    state: AccreditationState

    @property
    def badge(self) -> str:
        """The DSFR badge of its state."""
        return BADGES[self.state]


@dataclass
class Accreditations:
    rows: list[AccreditationRow]
    counts: list[tuple[str, int]] = field(default_factory=list)  # (state label, how many), states met only
    without: list[Centre] = field(default_factory=list)  # active centres with none recorded


def accreditations(on_date: datetime.date) -> Accreditations:
    rows = [
        AccreditationRow(accreditation, accreditation.state_on(on_date))
        for accreditation in collation.sorted_by(
            Accreditation.objects.select_related("centre").order_by("-granted_on"), key=lambda one: one.centre.name
        )
    ]
    found = Counter(row.state for row in rows)
    counts = [(state.label, found[state]) for state in AccreditationState if found[state]]
    without = collation.sorted_by(
        Centre.objects.filter(status__in=COVERING_STATUSES, accreditations__isnull=True), key="name"
    )
    return Accreditations(rows, counts, without)
