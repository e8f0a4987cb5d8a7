"""This repository's entry to the i18ndocs command line (`i18ndocs.cli.app`).

    python scripts/docs.py build [--lang es]... [--strict]
    python scripts/docs.py serve [--lang es]... [--dev-addr 127.0.0.1:8000]
    python scripts/docs.py new-lang fr
    python scripts/docs.py status
    python scripts/docs.py mark-updated es guide/websockets.md
    python scripts/docs.py lint [docs/es/index.md]...

The project is the current folder when it has an ``mkdocs.yml``, else this repository.
"""

from __future__ import annotations

import sys
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parent
# Only when run: every build process runs this script again (multiprocessing's fixup of
# __main__), and needs none of the command line.
if __name__ == "__main__":
    try:
        from i18ndocs.builder.forkserver import start_early
    except ModuleNotFoundError:
        pass  # said below
    else:
        start_early(sys.argv)
    try:
        from i18ndocs.cli.app import main
    except ModuleNotFoundError as missing:  # run outside the environment that has the pipeline
        sys.exit(
            f"error: {missing.name} is not installed; install the pipeline first: "
            f"pip install -e {SCRIPTS} (python3 scripts/dev.py does it for this project)"
        )
    main(default_root=SCRIPTS.parent)
