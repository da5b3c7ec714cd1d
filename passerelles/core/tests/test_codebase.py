"""Meta-tests: they read the source, not the product, and keep the habits of issue 13 (run by the
pre-commit hook `meta-tests` too: `pytest -m meta`)."""

import re
from pathlib import Path

import pytest

from passerelles.config.settings import base

pytestmark = pytest.mark.meta

PACKAGE = Path(__file__).resolve().parents[2]
MAX_LINES = 400


def production_modules():
    """Every Python module of the product, tests left out."""
    return sorted(path for path in PACKAGE.rglob("*.py") if "tests" not in path.relative_to(PACKAGE).parts)


def where(pattern):
    """`path:line` of each line of production code matching `pattern`."""
    found = []
    for path in production_modules():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if re.search(pattern, line):
                found.append(f"{path.relative_to(PACKAGE.parent)}:{number}")
    return found


def test_no_production_module_is_over_400_lines():
    long = {}
    for path in production_modules():
        count = len(path.read_text(encoding="utf-8").splitlines())
        if count > MAX_LINES:
            long[str(path.relative_to(PACKAGE.parent))] = count
    assert not long, f"split these modules by concern: {long}"


def test_the_day_is_the_local_date():
    # date.today() and datetime.now() read the server's clock zone, not the site's (Europe/Paris).
    assert not where(r"\bdate\.today\(|\bdatetime\.now\(|\bnow\(\)\.date\("), "use timezone.localdate()"


def test_passerelles_settings_have_their_defaults_in_one_place():
    # Defaults live in config/settings/base.py; code reads PASSERELLES["NAME"], never .get(name, default).
    assert not where(r"PASSERELLES\.get\("), 'read settings.PASSERELLES["NAME"]: its default is in base.py'
    read = set()
    for path in production_modules():
        read |= set(re.findall(r"PASSERELLES\[[\"'](\w+)[\"']\]", path.read_text(encoding="utf-8")))
    assert read - set(base.PASSERELLES) == set(), "give these settings their default in base.py"


def test_the_formatter_is_never_switched_off():
    # Code the formatter makes ugly is reshaped, not exempted (tests and bench included).
    markers = ["fmt: " + word for word in ("skip", "off")]  # built so that this file does not match itself
    sources = [*PACKAGE.rglob("*.py"), *(PACKAGE.parent / "bench").rglob("*.py")]
    found = [str(path) for path in sources if any(marker in path.read_text(encoding="utf-8") for marker in markers)]
    assert not found, f"reshape the code instead of switching the formatter off: {found}"
