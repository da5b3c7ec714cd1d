"""The chart components the site serves are the pinned npm package's own files (scripts/build_charts.py)."""

import json

from django.conf import settings

PACKAGE = settings.BASE_DIR / "node_modules" / "@gouvfr" / "dsfr-chart"
SERVED = settings.BASE_DIR / "passerelles" / "indicators" / "static" / "indicators" / "dsfr-chart"


def test_the_served_chart_components_are_the_pinned_package():
    pinned = json.loads((settings.BASE_DIR / "package.json").read_text())["devDependencies"]["@gouvfr/dsfr-chart"]
    assert json.loads((PACKAGE / "package.json").read_text())["version"] == pinned
    for name in ("DSFRChart.js", "DSFRChart.css"):
        assert (SERVED / name).read_bytes() == (PACKAGE / "dist" / "DSFRChart" / name).read_bytes(), name
    assert f"@gouvfr/dsfr-chart {pinned}" in (SERVED / "SOURCE.txt").read_text()
