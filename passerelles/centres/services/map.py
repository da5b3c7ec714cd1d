"""The coverage map: the metropolitan départements from the shipped SVG paths, the DROM as insets."""

import json
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.conf import settings

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


@cache
def _shipped_map() -> dict[str, Any]:
    return json.loads(MAP_FILE.read_text(encoding="utf-8"))


def france_map(national: NationalCoverage) -> dict[str, Any]:
    shipped = _shipped_map()
    x0, y0, width, height = (int(float(v)) for v in shipped["viewBox"].split())
    shapes: list[Shape] = []
    insets: list[Shape] = []
    for cover in national.departements:
        dep = cover.departement
        names = ", ".join(c.short_name or c.name for c in cover.centres) or "aucun centre"
        shape = Shape(dep.code, dep.name, cover.state, f"{dep.name} ({dep.code}) : {names}")
        if dep.code in shipped["departements"]:
            shape.path = shipped["departements"][dep.code]
            shapes.append(shape)
        else:
            shape.x = 30 + len(insets) * (INSET_SIZE + INSET_GAP)
            shape.y = INSET_TOP
            insets.append(shape)
    zx, zy, zw, zh = ZOOM["box"]
    return {
        "viewbox": f"{x0} {y0} {width} {INSET_TOP + INSET_SIZE + 30}",
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
