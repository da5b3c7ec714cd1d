"""Every dataset of the open-data dumps, in the order of the page « Données ouvertes »."""

from .agenda import CYCLES, SESSIONS
from .content import PUBLICATIONS, RECORDS, SHEETS
from .directory import CENTRES, CONCEPTS
from .fields import FORMATS, Dataset, table_schema

DATASETS: dict[str, Dataset] = {
    dataset.name: dataset for dataset in (CENTRES, SHEETS, PUBLICATIONS, SESSIONS, CYCLES, RECORDS, CONCEPTS)
}

__all__ = ["DATASETS", "FORMATS", "Dataset", "table_schema"]
