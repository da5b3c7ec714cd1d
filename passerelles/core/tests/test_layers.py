"""Dependencies run one way (docs/adr/0009-layers.md): the import-linter contracts of pyproject.toml
are kept. A failure names the contract and the chain of imports that breaks it."""

import subprocess
import sys
from pathlib import Path

from django.conf import settings


def test_every_import_follows_the_layers():
    lint_imports = Path(sys.executable).with_name("lint-imports")
    done = subprocess.run(
        [str(lint_imports), "--no-cache", "--no-logo"],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, (
        "An import goes against the layers of docs/adr/0009-layers.md (an app imports only from the "
        "layers below it; move the code down, or ask through a lower layer):\n" + done.stdout + done.stderr
    )
