"""Wall time of a single-language docs build against the full three-language build.

Both are run the way a person runs them, ``python scripts/docs.py build [--lang en]``, each
in a fresh interpreter, alternately, after one warm-up build (bytecode, template and jieba
caches). The full build runs every language in its own process; on a 2-core machine the
target is a full build taking at most 1.5 times the single-language one. The ratio uses
each build's best run (like ``timeit``), the least disturbed by other work on the machine;
medians are printed too.

    python benchmarks/docs_build.py [--rounds 3]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_RATIO = 1.5


def timed_build(site_dir: Path, *languages: str) -> float:
    """Run one CLI build into ``site_dir`` and return its wall time in seconds."""
    command = [sys.executable, str(ROOT / "scripts" / "docs.py"), "build", "--site-dir"]
    command.append(str(site_dir))
    for code in languages:
        command += ["--lang", code]
    start = time.perf_counter()
    completed = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if completed.returncode != 0:
        sys.exit(f"build failed:\n{completed.stdout}{completed.stderr}")
    return elapsed


def main() -> None:
    """Measure, print the figures and exit non-zero when the ratio misses the target."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="measurements of each build")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="tether-docs-bench-") as folder:
        single_dir, full_dir = Path(folder) / "single", Path(folder) / "full"
        timed_build(full_dir)  # warm-up
        single: list[float] = []
        full: list[float] = []
        for _ in range(args.rounds):
            single.append(timed_build(single_dir, "en"))
            full.append(timed_build(full_dir))
    ratio = min(full) / min(single)
    for label, runs in (("single-language build (en)", single), ("full build (en, es, zh)", full)):
        print(
            f"{label + ':':28} best {min(runs):.2f}s  median {statistics.median(runs):.2f}s"
            f"  runs {_runs(runs)}"
        )
    verdict = "meets" if ratio <= TARGET_RATIO else "misses"
    print(f"full / single: {ratio:.2f} ({verdict} the target of {TARGET_RATIO})")
    if ratio > TARGET_RATIO:
        sys.exit(1)


def _runs(values: list[float]) -> str:
    """Format the individual measurements."""
    return ", ".join(f"{value:.2f}s" for value in values)


if __name__ == "__main__":
    main()
