"""Set up a development environment from scratch and run one task in it.

This is the only entry point the README needs. It uses nothing but the
standard library, so it runs on a fresh machine with a bare Python 3.11:

    python3 scripts/dev.py serve   # build and serve the three-language site
    python3 scripts/dev.py test    # run the whole test suite

Each call creates ``.venv`` if needed, installs the project and its
development dependency groups into it when ``pyproject.toml`` changed, makes
sure the system packages the browser tests need are present, then runs the
task inside the environment.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
STAMP = VENV / ".tether-installed"
CHROMIUM = Path("/usr/bin/chromium")
SYSTEM_PACKAGES = ["chromium", "fonts-noto-cjk"]


def say(message: str) -> None:
    """Print one progress line, flushed so it shows under CI too."""
    print(f"[dev] {message}", flush=True)


def run(*command: str | Path) -> None:
    """Run a command, stopping this script with its exit code if it fails."""
    completed = subprocess.run([str(part) for part in command], cwd=ROOT, check=False)
    if completed.returncode != 0:
        sys.exit(completed.returncode)


def ensure_venv() -> None:
    """Create ``.venv`` and install the project with every dependency group, and the pipeline."""
    if not (BIN / "python").exists():
        say("creating .venv")
        venv.create(VENV, with_pip=True)
    manifests = (ROOT / "pyproject.toml", ROOT / "scripts" / "pyproject.toml")
    fingerprint = hashlib.sha256(b"".join(path.read_bytes() for path in manifests)).hexdigest()
    if STAMP.exists() and STAMP.read_text() == fingerprint:
        compile_pipeline()
        return
    say("installing tether and its development dependencies into .venv")
    run(BIN / "python", "-m", "pip", "install", "--quiet", "--upgrade", "pip>=25.1")
    run(BIN / "python", "-m", "pip", "install", "--quiet", "-e", ".", "--group", "dev")
    # The docs pipeline, a distribution of its own: mkdocs.yml names its plugin.
    run(BIN / "python", "-m", "pip", "install", "--quiet", "-e", "./scripts")
    STAMP.write_text(fingerprint)
    compile_pipeline()


def compile_pipeline() -> None:
    """Compile the pipeline's modules to bytecode, as pip does for the packages it installs.

    An editable install leaves that to the first import, which never writes it where
    ``PYTHONDONTWRITEBYTECODE`` is set: every build's processes would compile the ~100
    modules again. Only modules changed since are compiled.
    """
    run(BIN / "python", "-m", "compileall", "-q", ROOT / "scripts" / "i18ndocs")


def ensure_browser() -> None:
    """Install what the browser tests need if missing: Chromium, CJK fonts and npm.

    npm installs the pinned axe-core the accessibility tests run (tests/browser/conftest.py
    does that once, into .cache/browser).
    """
    missing = []
    if not (CHROMIUM.exists() and Path("/usr/share/fonts/opentype/noto").exists()):
        missing += SYSTEM_PACKAGES
    if shutil.which("npm") is None:
        missing.append("npm")
    if not missing:
        return
    if shutil.which("apt-get") is None or os.geteuid() != 0:
        sys.exit(
            f"[dev] the browser tests need Debian's {', '.join(missing)} packages; "
            f"install them as root: apt-get install -y {' '.join(missing)}"
        )
    say(f"installing {', '.join(missing)} with apt-get")
    run("apt-get", "update", "-qq")
    run("apt-get", "install", "-y", "-qq", *missing)


def main(argv: list[str]) -> None:
    """Dispatch ``serve`` or ``test``; extra arguments go to the task."""
    if not argv or argv[0] not in {"serve", "test"}:
        sys.exit("usage: python3 scripts/dev.py {serve|test} [extra arguments]")
    task, extra = argv[0], argv[1:]
    ensure_venv()
    if task == "serve":
        run(BIN / "python", "scripts/docs.py", "serve", *extra)
    else:
        ensure_browser()
        run(BIN / "python", "-m", "pytest", *extra)


if __name__ == "__main__":
    main(sys.argv[1:])
