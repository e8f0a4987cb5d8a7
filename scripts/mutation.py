"""Mutation testing of ``src/tether`` with mutmut, the unit tests as the judge.

One command, from a fresh clone, with nothing but a bare Python 3.11:

    python3 scripts/mutation.py                    # every module, 2 workers
    python3 scripts/mutation.py routing websockets # only these modules
    python3 scripts/mutation.py --fresh            # forget every earlier verdict
    python3 scripts/mutation.py show NAME          # the diff of one mutant

It creates ``.venv`` like ``scripts/dev.py`` does, adds the ``mutation`` dependency
group, and runs ``mutmut run`` (configured under ``[tool.mutmut]`` in
``pyproject.toml``) inside ``mutation/work/``: a copy of the library, the unit tests
and the few files they read. The working tree is never mutated, so others can build
the docs from ``src/`` during a run. mutmut keeps its verdicts per function between
runs; a function whose code changed is tested again, and so is every mutant that
survived before (the tests may have changed since).

The report, ``mutation/report.md``, gives per module the mutants killed out of the
non-equivalent ones (a timeout counts as killed: the tests noticed), and lists the
survivors. Mutants proven equivalent are listed, one line each with the reason, in
``mutation/equivalent.md`` and left out of the score. The command exits non-zero when
the score of the modules run is under ``--fail-under`` percent (90 by default).
"""

from __future__ import annotations

import argparse
import filecmp
import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from dev import BIN, ROOT, ensure_venv, say

HERE = ROOT / "mutation"
WORK = HERE / "work"
REPORT = HERE / "report.md"
EQUIVALENT = HERE / "equivalent.md"
# What the unit tests need besides themselves: tether, the shared test helpers, and the
# few repository files some of them read.
COPIED = (
    "pyproject.toml",
    "README.md",
    "src/tether",
    "tests/conftest.py",
    "tests/chat_app.py",
    "tests/chat_scenarios.py",
    "tests/unit",
    "docs_src",
    "docs/en/reference",
)
IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc", ".hypothesis", ".pytest_cache")
# mutmut's exit codes for one mutant, as its stats module reads them.
KILLED = {1, 3, 24, -24, 36, 152, 255}
SURVIVED = {0}
NO_TESTS = {5, 33}
RETRIED = {None, 0, 5, 33, 35, 2, 34, 37, -9, -11}
EQUIVALENT_LINE = re.compile(r"^- `(?P<name>[\w.ǁ]+__mutmut_\d+)`: (?P<reason>\S.*)$")


@dataclass
class ModuleScore:
    """The verdicts of one module's mutants."""

    module: str
    killed: int = 0
    survived: list[str] = field(default_factory=list)
    untested: list[str] = field(default_factory=list)
    other: list[str] = field(default_factory=list)
    equivalent: int = 0

    @property
    def counted(self) -> int:
        """The non-equivalent mutants: the denominator of the score."""
        return self.killed + len(self.survived) + len(self.untested) + len(self.other)

    @property
    def percent(self) -> float:
        """Killed out of counted, in percent (100 for a module without mutants)."""
        return 100.0 * self.killed / self.counted if self.counted else 100.0


def sync(source: Path, target: Path) -> None:
    """Make ``target`` an exact copy of ``source``, touching only what differs.

    Unchanged files keep their modification time, so mutmut sees which source files
    changed since its last run and keeps the verdicts of the others.
    """
    if source.is_file():
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists() or not filecmp.cmp(source, target, shallow=False):
            shutil.copy2(source, target)
        return
    target.mkdir(parents=True, exist_ok=True)
    ignored = IGNORED(str(source), [p.name for p in source.iterdir()])
    wanted = {p.name for p in source.iterdir()} - ignored
    for stale in {p.name for p in target.iterdir()} - wanted - {"__pycache__"}:
        stale_path = target / stale
        if stale_path.is_dir():
            shutil.rmtree(stale_path)
        else:
            stale_path.unlink()
    for name in sorted(wanted):
        sync(source / name, target / name)


def prepare_work(fresh: bool) -> None:
    """Copy what the run needs into ``mutation/work``; drop old verdicts if ``fresh``."""
    if fresh and WORK.exists():
        shutil.rmtree(WORK)
    for relative in COPIED:
        sync(ROOT / relative, WORK / relative)
    # mutmut copies its tests once and then only refreshes them: give it the current ones.
    for relative in ("tests", "README.md", "docs_src", "docs"):
        shutil.rmtree(WORK / "mutants" / relative, ignore_errors=True)
    retry_doubtful_verdicts()


def meta_files() -> list[Path]:
    """The per-module verdict files mutmut keeps, one per mutated source file."""
    return sorted((WORK / "mutants" / "src" / "tether").glob("*.py.meta"))


def retry_doubtful_verdicts() -> None:
    """Forget every verdict but killed, so new tests get their chance at survivors."""
    for meta_path in meta_files():
        meta = json.loads(meta_path.read_text())
        codes = meta["exit_code_by_key"]
        for key, code in codes.items():
            if code in RETRIED:
                codes[key] = None
        meta_path.write_text(json.dumps(meta, indent=4))


def run_mutmut(modules: list[str], jobs: int) -> int:
    """Run ``mutmut run`` in the work folder over ``modules`` (all when empty)."""
    patterns = [f"tether.{module}.*" for module in modules]
    # The editable install puts the original src/ on sys.path; mutmut only removes a
    # src/ under its own working folder, so drop ours before it starts.
    original = str(ROOT / "src")
    bootstrap = (
        "import sys; from pathlib import Path; "
        f"sys.path[:] = [p for p in sys.path if Path(p or '.').resolve() != Path({original!r})]; "
        "from mutmut.__main__ import cli; cli()"
    )
    command = [str(BIN / "python"), "-c", bootstrap, "run", "--max-children", str(jobs), *patterns]
    environment = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run(command, cwd=WORK, env=environment, check=False).returncode


def read_equivalent() -> dict[str, str]:
    """The mutants proven equivalent, by name, with the reason given for each."""
    found: dict[str, str] = {}
    for line in EQUIVALENT.read_text(encoding="utf-8").splitlines():
        match = EQUIVALENT_LINE.match(line)
        if match:
            found[match["name"]] = match["reason"]
    return found


def score(modules: list[str]) -> list[ModuleScore]:
    """Count every module's verdicts, leaving the equivalent mutants out."""
    equivalent = read_equivalent()
    scores = []
    for meta_path in meta_files():
        module = meta_path.name.removesuffix(".py.meta")
        if modules and module not in modules:
            continue
        codes: dict[str, int | None] = json.loads(meta_path.read_text())["exit_code_by_key"]
        result = ModuleScore(module)
        for name, code in sorted(codes.items()):
            if name in equivalent:
                result.equivalent += 1
            elif code in KILLED:
                result.killed += 1
            elif code in SURVIVED:
                result.survived.append(name)
            elif code in NO_TESTS:
                result.untested.append(name)
            else:
                result.other.append(f"{name} ({code})")
        scores.append(result)
    return scores


def write_report(scores: list[ModuleScore]) -> float:
    """Write ``mutation/report.md`` and print its table; return the overall percent."""
    total = ModuleScore("all")
    for result in scores:
        total.killed += result.killed
        total.survived += result.survived
        total.untested += result.untested
        total.other += result.other
        total.equivalent += result.equivalent
    head = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    lines = [
        "# Mutation testing report",
        "",
        f"mutmut over `src/tether` at commit {head or 'unknown'}, judged by `tests/unit`. "
        "Written by `python3 scripts/mutation.py`; equivalent mutants are listed in "
        "`mutation/equivalent.md` and left out of the score.",
        "",
        "| module | killed / counted | score | survived | no tests | other | equivalent |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for result in [*scores, total]:
        name = f"`{result.module}`" if result is not total else "**total**"
        lines.append(
            f"| {name} | {result.killed} / {result.counted} | {result.percent:.1f}% | "
            f"{len(result.survived)} | {len(result.untested)} | {len(result.other)} | "
            f"{result.equivalent} |"
        )
    for result in scores:
        alive = result.survived + [f"{n} (no tests)" for n in result.untested] + result.other
        if alive:
            lines += ["", f"## Alive in `{result.module}`", ""]
            lines += [f"- `{name}`" for name in alive]
    REPORT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines[6 : 8 + len(scores)]))
    say(f"report written to {REPORT.relative_to(ROOT)}")
    return total.percent


def show(name: str) -> int:
    """Print the diff of one mutant, as ``mutmut show`` does."""
    bootstrap = "from mutmut.__main__ import cli; cli()"
    command = [str(BIN / "python"), "-c", bootstrap, "show", name]
    return subprocess.run(command, cwd=WORK, check=False).returncode


def ensure_mutmut() -> None:
    """Install the ``mutation`` dependency group into ``.venv`` when mutmut is missing."""
    ensure_venv()
    probe = subprocess.run([str(BIN / "python"), "-c", "import mutmut"], capture_output=True)
    if probe.returncode != 0:
        say("installing the mutation dependency group into .venv")
        subprocess.run(
            [str(BIN / "python"), "-m", "pip", "install", "--quiet", "--group", "mutation"],
            cwd=ROOT,
            check=True,
        )


def main(argv: list[str]) -> int:
    """Parse the command line, run mutmut and report; return the exit code."""
    if argv[:1] == ["show"] and len(argv) == 2:
        return show(argv[1])
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("modules", nargs="*", help="module names under tether (default: all)")
    parser.add_argument("--jobs", type=int, default=2, help="parallel workers (default: 2)")
    parser.add_argument("--fresh", action="store_true", help="forget every earlier verdict")
    parser.add_argument("--fail-under", type=float, default=90.0, help="minimum score, percent")
    parser.add_argument("--report-only", action="store_true", help="only rewrite the report")
    arguments = parser.parse_args(argv)
    modules = [module.removeprefix("tether.").removesuffix(".py") for module in arguments.modules]
    ensure_mutmut()
    if not arguments.report_only:
        prepare_work(arguments.fresh)
        code = run_mutmut(modules, arguments.jobs)
        if code != 0:
            say(f"mutmut stopped with exit code {code}")
            return code
    scores = score(modules)
    if not scores:
        say("no verdicts yet: run without --report-only first")
        return 1
    percent = write_report(scores)
    if percent < arguments.fail_under:
        say(f"score {percent:.1f}% is under {arguments.fail_under:g}%")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
