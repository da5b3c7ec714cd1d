#!/usr/bin/env python3
"""Copy the State's chart components (@gouvfr/dsfr-chart, MIT, Service d'information du
Gouvernement) from the pinned npm package into the indicators app's static files, so that the site
serves them without Node.js at run time. The suite checks the copy equals the package.

    npm ci && python scripts/build_charts.py
"""

import json
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "node_modules" / "@gouvfr" / "dsfr-chart"
OUTPUT = ROOT / "passerelles" / "indicators" / "static" / "indicators" / "dsfr-chart"
FILES = ("DSFRChart.js", "DSFRChart.css")


def main():
    OUTPUT.mkdir(parents=True, exist_ok=True)
    for name in FILES:
        shutil.copyfile(PACKAGE / "dist" / "DSFRChart" / name, OUTPUT / name)
    package = json.loads((PACKAGE / "package.json").read_text())
    (OUTPUT / "SOURCE.txt").write_text(
        f"{package['name']} {package['version']} (registre npm), licence {package['license']}.\n"
        "Copié par scripts/build_charts.py ; ne pas modifier à la main.\n",
        encoding="utf-8",
    )


if __name__ == "__main__":
    main()
