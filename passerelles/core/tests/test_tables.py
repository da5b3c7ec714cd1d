"""Every table of the site scrolls inside the DSFR container when it is wider than the screen, and
that container is reachable by keyboard (RGAA 7.3, 12.8): tabindex="0"; where it is declared a region,
it is named by the table's caption."""

import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[2]
CONTAINER = re.compile(r'<div class="fr-table__container"([^>]*)>')


def templates_with_tables():
    return [path for path in TEMPLATES.rglob("*.html") if 'class="fr-table' in path.read_text()]


def test_every_table_scrolls_in_the_dsfr_container():
    assert templates_with_tables()
    assert [path.name for path in templates_with_tables() if "fr-table__container" not in path.read_text()] == []


def test_every_scrolling_container_is_reachable_and_a_region_is_named_by_its_caption():
    for path in templates_with_tables():
        text = path.read_text()
        for attributes in CONTAINER.findall(text):
            assert 'tabindex="0"' in attributes, path
            if 'role="region"' in attributes:
                label = re.search(r'aria-labelledby="([^"]+)"', attributes)
                assert label and f'<caption id="{label[1]}"' in text, path
