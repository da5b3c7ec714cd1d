#!/usr/bin/env python3
"""Regenerate data/geography/cog.csv.gz from Etalab's @etalab/decoupage-administratif npm package.

    npm ci                       # installs the pinned package into node_modules/
    python scripts/build_geography.py

One row per région, département, current commune, municipal arrondissement and EPCI. A commune's
EPCI comes from inverting the EPCI member lists. The product loads this file offline.
"""

import csv
import gzip
import io
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "node_modules" / "@etalab" / "decoupage-administratif"
OUTPUT = ROOT / "data" / "geography" / "cog.csv.gz"
METADATA = ROOT / "data" / "geography" / "cog.json"
COLUMNS = ["kind", "code", "name", "zone", "parent", "region", "epci", "population", "postcodes"]


def load(name):
    return json.loads((PACKAGE / "data" / f"{name}.json").read_text(encoding="utf-8"))


def rows():
    for region in load("regions"):
        yield {"kind": "region", "code": region["code"], "name": region["nom"], "zone": region["zone"]}
    for dep in load("departements"):
        yield {
            "kind": "departement",
            "code": dep["code"],
            "name": dep["nom"],
            "zone": dep["zone"],
            "parent": dep["region"],
            "region": dep["region"],
        }
    epcis = load("epci")
    epci_of = {member["code"]: epci["code"] for epci in epcis for member in epci["membres"]}
    for epci in epcis:
        yield {"kind": "epci", "code": epci["code"], "name": epci["nom"], "population": epci.get("populationTotale")}
    for commune in load("communes"):
        kind = {"commune-actuelle": "commune", "arrondissement-municipal": "arrondissement"}.get(commune["type"])
        if kind is None:  # communes déléguées and associées are not current communes
            continue
        yield {
            "kind": kind,
            "code": commune["code"],
            "name": commune["nom"],
            "zone": commune["zone"],
            "parent": commune["commune"] if kind == "arrondissement" else commune["departement"],
            "region": commune["region"],
            "epci": epci_of.get(commune["code"], "") if kind == "commune" else "",
            "population": commune.get("population"),
            "postcodes": " ".join(commune.get("codesPostaux", [])),
        }


def main():
    package = json.loads((PACKAGE / "package.json").read_text())
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    count = 0
    for row in rows():
        writer.writerow({column: row.get(column) if row.get(column) is not None else "" for column in COLUMNS})
        count += 1
    # mtime=0 keeps the file byte-identical between runs on the same input.
    with OUTPUT.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz:
        gz.write(buffer.getvalue().encode("utf-8"))
    METADATA.write_text(
        json.dumps(
            {
                "cog_year": int(sys.argv[1]) if len(sys.argv) > 1 else 2026,
                "source": f"{package['name']} {package['version']} (registre npm)",
                "licence": "Licence Ouverte 2.0 (Etalab) pour les données du COG ; code du paquet sous licence MIT",
            },
            ensure_ascii=False,
            indent=2,
        )
        + "\n"
    )
    print(f"{count} territories written to {OUTPUT.relative_to(ROOT)} ({OUTPUT.stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    main()
