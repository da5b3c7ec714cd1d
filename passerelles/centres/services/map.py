"""The coverage map: the metropolitan départements from the shipped SVG paths, the DROM as insets."""

import json
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.conf import settings

from passerelles.territories.enums import Kind, Zone
from passerelles.territories.models import Territory

from ..enums import Coverage, Status
from ..models import Centre
from .coverage import NationalCoverage

MAP_FILE = settings.DATA_DIR / "maps" / "departements.json"
INSET_SIZE = 56
INSET_GAP = 60
INSET_TOP = 600
# Paris and the petite couronne are too small at the national scale: drawn again, enlarged.
ZOOM: dict[str, Any] = {
    "codes": ["75", "77", "78", "91", "92", "93", "94", "95"],
    "box": (301, 131, 24, 24),
    "scale": 4,
}


@dataclass
class Shape:
    code: str
    name: str
    state: str
    title: str
    path: str = ""
    x: int = 0
    y: int = 0

    @property
    def fill(self) -> str:
        """Its colour as a presentation attribute: a map served as an image gets no page stylesheet
        (the same colours as .pa-map in core/passerelles.css)."""
        return FILLS[self.state]


FILLS: dict[str, str] = {Coverage.COVERED: "#000091", Coverage.UNCONFIRMED: "#b34000", Coverage.UNCOVERED: "#dddddd"}


@cache
def _shipped_map() -> dict[str, Any]:
    return json.loads(MAP_FILE.read_text(encoding="utf-8"))


def france_map(national: NationalCoverage) -> dict[str, Any]:
    shapes = []
    for cover in national.departements:
        dep = cover.departement
        names = ", ".join(c.short_name or c.name for c in cover.centres) or "aucun centre"
        shapes.append(Shape(dep.code, dep.name, cover.state, f"{dep.name} ({dep.code}) : {names}"))
    return _drawn(shapes)


def perimeter_map(centre: Centre) -> dict[str, Any]:
    """The départements of a centre's perimeter on the national map (one query: the départements;
    the perimeter is the centre's, prefetched or not)."""
    perimeter = {territory.pk for territory in centre.perimeter.all()}
    inside_state = Coverage.COVERED if centre.status == Status.ACTIVE else Coverage.UNCONFIRMED
    shapes = []
    departements = Territory.objects.filter(kind=Kind.DEPARTEMENT, zone__in=[Zone.METRO, Zone.DROM]).order_by("code")
    for dep in departements.only("code", "name", "parent_id"):
        inside = dep.pk in perimeter or dep.parent_id in perimeter
        where = "dans le périmètre du centre" if inside else "hors du périmètre du centre"
        shapes.append(
            Shape(
                dep.code, dep.name, inside_state if inside else Coverage.UNCOVERED, f"{dep.name} ({dep.code}) : {where}"
            )
        )
    return _drawn(shapes)


def _drawn(departements: list[Shape]) -> dict[str, Any]:
    """The shapes of the départements placed on the map: the metropolitan ones from the shipped
    paths, the others as insets."""
    shipped = _shipped_map()
    x0, y0, width, height = (int(float(v)) for v in shipped["viewBox"].split())
    shapes: list[Shape] = []
    insets: list[Shape] = []
    for shape in departements:
        if shape.code in shipped["departements"]:
            shape.path = shipped["departements"][shape.code]
            shapes.append(shape)
        else:
            shape.x = 30 + len(insets) * (INSET_SIZE + INSET_GAP)
            shape.y = INSET_TOP
            insets.append(shape)
    zx, zy, zw, zh = ZOOM["box"]
    return {
        "viewbox": f"{x0} {y0} {width} {INSET_TOP + INSET_SIZE + 30}",
        "width": width,
        "height": INSET_TOP + INSET_SIZE + 30,
        "shapes": shapes,
        "zoom": {
            "shapes": [shape for shape in shapes if shape.code in ZOOM["codes"]],
            "x": zx,
            "y": zy,
            "width": zw,
            "height": zh,
            "transform": f"translate(10 10) scale({ZOOM['scale']}) translate({-zx} {-zy})",
            "size": zw * ZOOM["scale"],
        },
        "insets": insets,
        "inset_size": INSET_SIZE,
        "source": shipped["source"],
        "licence": shipped["licence"],
    }
