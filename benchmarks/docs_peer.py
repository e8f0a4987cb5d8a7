"""The three-language docs build against two other ways of building the same site.

The same content (``docs/en``, ``docs/es``, ``docs/zh`` and the ``src/`` package the
reference pages document) is built three ways, each as a person runs it, in a fresh
interpreter:

* ours: ``python scripts/docs.py build`` (every language in its own worker process), run in
  a temporary copy of the project (``mkdocs.yml``, ``docs/``, ``docs_src/``, ``scripts/``,
  ``src/``), so that its cache folder is the copy's and the repository's own is untouched;
* mkdocs-static-i18n (the ``bench`` dependency group) with ``docs_structure: folder`` over a
  temporary docs folder holding copies of ``en/``, ``es/`` and ``zh/``: one ``mkdocs build``
  that builds the languages one after another in one process;
* FastAPI's way: one plain ``mkdocs build`` per language, each with its own configuration,
  run sequentially.

The peers get ``mkdocs.yml``'s theme, features, mkdocstrings handler options, Markdown
extensions, validation settings and nav, without the ``i18ndocs`` plugin, and with the
catalogs folders excluded. Pages using what only our plugin provides may warn in the peers;
they build non-strict, and each build's output is checked for every language's pages.

Each way is built once as a warm-up (bytecode, template and jieba caches), then ``--rounds``
times, the three in turns (the order rotating each round) so a slow moment hurts all alike.
Per build, the wall time is measured around the command, and the CPU time (user + system)
of its whole process tree from ``getrusage(RUSAGE_CHILDREN)`` deltas. Our build's workers
are forked by a multiprocessing fork server that the build does not wait for, so their time
would never reach this process; the benchmark therefore makes itself a child subreaper
(Linux ``PR_SET_CHILD_SUBREAPER``): the orphaned fork server is reparented to it and reaped
after each build, bringing in its own and its workers' time. The warm-up of ours checks this
once against ``/proc/<pid>/stat`` samples of every process of the tree.

With ``--cold``, every measured build starts without the caches a CI deploy would not have:
ours' cache folder (``extra.i18n.cache_dir`` of the copy, ``.cache/docs`` by default) is
emptied before each of its builds. The peers keep nothing of the kind, except jieba's:
Material's search segments Chinese with jieba, which keeps its dictionary, loaded and
pickled, in the temporary folder (``jieba.cache``; ours keeps its own in the cache folder).
So each way runs with a private temporary folder (``TMPDIR``), which ``--cold`` empties
before each build too. Neither MkDocs, Material's search, mkdocstrings, griffe nor
mkdocs-static-i18n keeps another cache on disk (MkDocs gives Jinja no bytecode cache), and
Python's bytecode of the installed packages is kept for all ways, as a CI installation
compiles it.

Targets, from each way's best run (like ``timeit``): ours takes at most 0.4 times
static-i18n's wall time and at most 0.6 times its CPU time; with ``--cold``, at most 0.5
times and 0.8 times. Medians, and the ratios of the medians, are printed too.

    .venv/bin/python benchmarks/docs_peer.py [--cold] [--rounds 5]

Linux only (``/proc`` and ``prctl``).
"""

from __future__ import annotations

import argparse
import copy
import html
import importlib.util
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml  # type: ignore[import-untyped, unused-ignore]
from process_tree import CpuWatch, TreeWatch, become_subreaper, children_cpu, reap_orphans

from i18ndocs.project.language_config import site_root_url, theme_language
from i18ndocs.project.languages import source_language
from i18ndocs.project.settings import load_settings

ROOT = Path(__file__).resolve().parent.parent
TARGETS = {False: (0.4, 0.6), True: (0.5, 0.8)}
"""Per ``--cold``: the highest ratios of ours to static-i18n, wall time and CPU time."""
PROJECT_PARTS = ("mkdocs.yml", "docs", "docs_src", "scripts", "src")
"""What ours' build reads of the project, copied for it."""
PROBE_PAGE = "reference/websockets"
"""A page every language has; its built HTML must carry the language's own description."""
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}  # Material's notice, silenced for all


@dataclass(frozen=True)
class Way:
    """One way of building the whole site.

    Attributes:
        label: How the figures name it.
        commands: The commands of one build, run one after another from ``cwd``.
        site_dir: The folder the site is built into.
        page_dirs: For each language code, the folder of its pages inside ``site_dir``.
        cwd: The folder the commands run from.
        env: The commands' environment; its ``TMPDIR`` is the way's own temporary folder.
        caches: The folders that keep what one build leaves for the next; ``--cold``
            empties them before every measured build.
    """

    label: str
    commands: tuple[tuple[str, ...], ...]
    site_dir: Path
    page_dirs: dict[str, Path]
    cwd: Path
    env: dict[str, str]
    caches: tuple[Path, ...]


@dataclass(frozen=True)
class Sample:
    """One build's cost: wall time and CPU time of its whole process tree, in seconds."""

    wall: float
    cpu: float


@dataclass(frozen=True)
class Completed:
    """One command's outcome."""

    returncode: int
    stdout: str
    stderr: str


@dataclass(frozen=True)
class Watched:
    """A command run under a `TreeWatch`.

    Attributes:
        completed: Its outcome.
        watch: The stopped watch.
        cpu_unreaped: The CPU seconds ``RUSAGE_CHILDREN`` gained when the command ended,
            before its orphans were reaped (what a plain ``subprocess.run`` would see).
        cpu: The CPU seconds it gained once they were reaped too.
    """

    completed: Completed
    watch: TreeWatch
    cpu_unreaped: float
    cpu: float


def run_watched(
    way: Way, command: Sequence[str], watch: type[TreeWatch], **options: Any
) -> Watched:
    """Run a command while a `TreeWatch` samples its process tree; reap its orphans after.

    Args:
        way: The way the command belongs to (its folder and environment).
        command: The command.
        watch: The kind of watch.
        options: Passed to the watch's constructor.

    Returns:
        The outcome, the stopped watch and the command's CPU time.
    """
    before = children_cpu()
    with subprocess.Popen(
        command, cwd=way.cwd, env=way.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as process:
        watcher = watch(process.pid, **options)
        watcher.start()
        stdout, stderr = process.communicate()
        unreaped = children_cpu() - before
        # The tree's other processes may outlive the command; keep sampling until reaped.
        reap_orphans()
        watcher.stop()
    completed = Completed(process.returncode, stdout, stderr)
    return Watched(completed, watcher, unreaped, children_cpu() - before)


def run(way: Way, command: Sequence[str]) -> tuple[Completed, Sample]:
    """Run one of a way's commands and measure it.

    The wall time ends when the command does; the CPU time also counts its orphans, which
    are reaped after it.

    Args:
        way: The way the command belongs to (its folder and environment).
        command: The command.

    Returns:
        The outcome and the cost.
    """
    before = children_cpu()
    start = time.perf_counter()
    completed = subprocess.run(
        command, cwd=way.cwd, env=way.env, capture_output=True, text=True, check=False
    )
    wall = time.perf_counter() - start
    reap_orphans()
    result = Completed(completed.returncode, completed.stdout, completed.stderr)
    return result, Sample(wall, children_cpu() - before)


def build(way: Way) -> tuple[Sample, list[str]]:
    """Build the site one way and return its cost and the warnings it printed."""
    wall = cpu = 0.0
    warnings: list[str] = []
    for command in way.commands:
        completed, sample = run(way, command)
        if completed.returncode != 0:
            sys.exit(
                f"{way.label}: build failed ({' '.join(command)}):\n"
                f"{completed.stdout}{completed.stderr}"
            )
        wall += sample.wall
        cpu += sample.cpu
        warnings += warning_lines(completed.stderr)
    return Sample(wall, cpu), warnings


def empty_caches(way: Way) -> None:
    """Empty the folders where a way keeps what one build leaves for the next."""
    for folder in way.caches:
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)


def warning_lines(output: str) -> list[str]:
    """The warning lines of a build's output (MkDocs' ``WARNING -`` and our one-liners)."""
    return [line for line in output.splitlines() if "WARNING" in line or "warning" in line]


# --- the configurations ---------------------------------------------------------------------


def read_site_config() -> dict[str, Any]:
    """``mkdocs.yml`` as plain data."""
    with (ROOT / "mkdocs.yml").open(encoding="utf-8") as file:
        data = yaml.safe_load(file)
    if not isinstance(data, dict):
        sys.exit("mkdocs.yml is not a mapping")
    return data


def _plugin_name(entry: Any) -> str:
    return entry if isinstance(entry, str) else next(iter(entry))


def peer_config(raw: dict[str, Any]) -> dict[str, Any]:
    """``mkdocs.yml`` without our plugin and its settings, with absolute paths.

    The peers' configurations are written to a temporary folder, so every path becomes
    absolute; the catalogs folders are excluded from the pages.
    """
    config = copy.deepcopy(raw)
    config.pop("watch", None)
    extra = dict(config.get("extra") or {})
    extra.pop("i18n", None)
    config["extra"] = extra
    plugins = []
    for entry in config.get("plugins") or []:
        name = _plugin_name(entry)
        if name == "i18ndocs":
            continue
        if name == "mkdocstrings":
            python = entry[name]["handlers"]["python"]
            python["paths"] = [str(ROOT / path) for path in python.get("paths", [])]
        plugins.append(entry)
    config["plugins"] = plugins
    extensions = []
    for entry in config.get("markdown_extensions") or []:
        if isinstance(entry, dict) and "pymdownx.snippets" in entry:
            options = entry["pymdownx.snippets"]
            bases = options.get("base_path", ["."])
            bases = [bases] if isinstance(bases, str) else bases
            options["base_path"] = [str(ROOT / base) for base in bases]
        extensions.append(entry)
    config["markdown_extensions"] = extensions
    config["exclude_docs"] = "catalogs/\n"
    config["strict"] = False
    return config


def write_config(path: Path, config: dict[str, Any]) -> Path:
    """Write a configuration as YAML and return its path."""
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), "utf-8")
    return path


def mkdocs_build(config: Path, site_dir: Path) -> tuple[str, ...]:
    """The command of one plain ``mkdocs build``."""
    return (sys.executable, "-m", "mkdocs", "build", "-f", str(config), "-d", str(site_dir))


def private_env(folder: Path) -> dict[str, str]:
    """The commands' environment, with ``folder`` (created) as their temporary folder."""
    folder.mkdir(parents=True, exist_ok=True)
    return {**ENV, "TMPDIR": str(folder)}


def project_copy(folder: Path) -> Path:
    """A copy of what ours' build reads of the project, inside ``folder``."""
    folder.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in PROJECT_PARTS:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, folder / name, symlinks=True, ignore=ignore)
        else:
            shutil.copy2(ROOT / name, folder / name)
    return folder


def ways(work: Path) -> list[Way]:
    """Prepare the three ways of building the site under a temporary folder."""
    raw = read_site_config()
    languages = load_settings(ROOT).languages
    source = source_language(languages)
    url = site_root_url(raw.get("site_url"), source)
    base = peer_config(raw)

    ours_site = work / "ours"
    project = project_copy(work / "ours-project")
    ours_tmp = work / "ours-tmp"
    ours = Way(
        "ours (scripts/docs.py build)",
        (
            (
                sys.executable,
                str(ROOT / "scripts" / "docs.py"),
                "build",
                "--site-dir",
                str(ours_site),
            ),
        ),
        ours_site,
        {language.code: ours_site / language.code for language in languages},
        project,
        private_env(ours_tmp),
        (load_settings(project).cache_dir, ours_tmp),
    )

    if importlib.util.find_spec("mkdocs_static_i18n") is None:
        sys.exit("mkdocs-static-i18n is not installed: .venv/bin/pip install --group bench -e .")
    docs = work / "static-i18n-docs"
    for language in languages:
        shutil.copytree(ROOT / "docs" / language.code, docs / language.code, symlinks=True)
    static_config = copy.deepcopy(base)
    static_config["docs_dir"] = str(docs)
    static_config["site_url"] = url
    static_config["plugins"].append(
        {
            "i18n": {
                "docs_structure": "folder",
                "languages": [
                    {
                        "locale": language.code,
                        "name": language.name,
                        "default": language.source,
                        "build": True,
                    }
                    for language in languages
                ],
            }
        }
    )
    static_site = work / "static-i18n"
    static_tmp = work / "static-i18n-tmp"
    static = Way(
        "mkdocs-static-i18n",
        (mkdocs_build(write_config(work / "static-i18n.yml", static_config), static_site),),
        static_site,
        {
            language.code: static_site if language.source else static_site / language.code
            for language in languages
        },
        ROOT,
        private_env(static_tmp),
        (static_tmp,),
    )

    fastapi_site = work / "fastapi"
    commands = []
    alternate = [
        {"name": language.name, "link": f"/{language.code}/", "lang": language.code}
        for language in languages
    ]
    for language in languages:
        config = copy.deepcopy(base)
        config["docs_dir"] = str(ROOT / "docs" / language.code)
        config["site_url"] = f"{url}{language.code}/"
        config["theme"]["language"] = theme_language(language.code)
        config["extra"]["alternate"] = alternate
        path = write_config(work / f"fastapi-{language.code}.yml", config)
        commands.append(mkdocs_build(path, fastapi_site / language.code))
    fastapi_tmp = work / "fastapi-tmp"
    fastapi = Way(
        "FastAPI's way (mkdocs per language)",
        tuple(commands),
        fastapi_site,
        {language.code: fastapi_site / language.code for language in languages},
        ROOT,
        private_env(fastapi_tmp),
        (fastapi_tmp,),
    )
    return [ours, static, fastapi]


def check_output(way: Way) -> None:
    """Abort unless every language's probe page was built, in its own language."""
    for code, folder in way.page_dirs.items():
        page = folder / PROBE_PAGE / "index.html"
        if not page.is_file():
            sys.exit(f"{way.label}: {page} was not built; the comparison would be unfair")
        source = (ROOT / "docs" / code / f"{PROBE_PAGE}.md").read_text("utf-8")
        front = yaml.safe_load(source.split("---", 2)[1]) if source.startswith("---") else {}
        description = str((front or {}).get("description", ""))
        text = page.read_text("utf-8")
        if description and html.escape(description, quote=True) not in text:
            sys.exit(f"{way.label}: {page} does not carry the {code} page's description")


def check_cpu_capture(way: Way) -> None:
    """Build once while sampling /proc and compare its CPU time with getrusage's.

    Run with our build, whose workers are grandchildren of this process. Exits when
    ``RUSAGE_CHILDREN`` accounts for less than 90 % of what /proc saw.
    """
    (command,) = way.commands
    watched = run_watched(way, command, CpuWatch)
    completed, watch = watched.completed, watched.watch
    if completed.returncode != 0:
        sys.exit(f"{way.label}: build failed:\n{completed.stdout}{completed.stderr}")
    assert isinstance(watch, CpuWatch)
    print(
        f"CPU check ({way.label}): getrusage(RUSAGE_CHILDREN) {watched.cpu:.2f}s with the "
        f"orphans reaped ({watched.cpu_unreaped:.2f}s without), /proc samples of its "
        f"{len(watch.ticks)} processes {watch.seconds:.2f}s"
    )
    print(f"{way.label}: {len(warning_lines(completed.stderr))} warning lines in its warm-up build")
    if watched.cpu < 0.9 * watch.seconds:
        sys.exit("RUSAGE_CHILDREN misses part of the process tree; the CPU figures would be low")


# --- the report ---------------------------------------------------------------------------


def main() -> None:
    """Measure, print the figures and exit non-zero when a target is missed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="measurements of each way")
    parser.add_argument(
        "--cold", action="store_true", help="empty each way's caches before each of its builds"
    )
    args = parser.parse_args()
    become_subreaper()
    samples: dict[str, list[Sample]] = {}
    with tempfile.TemporaryDirectory(prefix="tether-docs-peer-") as folder:
        all_ways = ways(Path(folder))
        ours, static, fastapi = all_ways
        check_cpu_capture(ours)  # also ours' warm-up
        for way in all_ways:
            if way is not ours:
                _, warnings = build(way)  # warm-up
                print(f"{way.label}: {len(warnings)} warning lines in its warm-up build")
            check_output(way)
            samples[way.label] = []
        for index in range(args.rounds):
            shift = index % len(all_ways)
            for way in all_ways[shift:] + all_ways[:shift]:
                if args.cold:
                    empty_caches(way)
                samples[way.label].append(build(way)[0])
    print(f"{'cold' if args.cold else 'warm'} builds, rounds: {args.rounds}")
    for way in all_ways:
        runs = samples[way.label]
        print(
            f"{way.label + ':':38} wall best {_best(runs, 'wall'):6.2f}s median "
            f"{_median(runs, 'wall'):6.2f}s | CPU best {_best(runs, 'cpu'):6.2f}s median "
            f"{_median(runs, 'cpu'):6.2f}s"
        )
    wall_target, cpu_target = TARGETS[args.cold]
    missed: list[str] = []
    for peer in (static, fastapi):
        ours_runs, peer_runs = samples[ours.label], samples[peer.label]
        ratios = {
            figure: (
                _best(ours_runs, figure) / _best(peer_runs, figure),
                _median(ours_runs, figure) / _median(peer_runs, figure),
            )
            for figure in ("wall", "cpu")
        }
        line = (
            f"ours / {peer.label}: wall {ratios['wall'][0]:.2f} (medians {ratios['wall'][1]:.2f}), "
            f"CPU {ratios['cpu'][0]:.2f} (medians {ratios['cpu'][1]:.2f})"
        )
        if peer is static:
            line += f" (targets, best runs: wall <= {wall_target}, CPU <= {cpu_target})"
            if ratios["wall"][0] > wall_target:
                missed.append(f"wall {ratios['wall'][0]:.2f} > {wall_target}")
            if ratios["cpu"][0] > cpu_target:
                missed.append(f"CPU {ratios['cpu'][0]:.2f} > {cpu_target}")
        print(line)
    mode = "cold" if args.cold else "warm"
    if missed:
        print(f"{mode}: missed the target against mkdocs-static-i18n: {'; '.join(missed)}")
        sys.exit(1)
    print(f"{mode}: meets both targets against mkdocs-static-i18n")


def _best(runs: list[Sample], attribute: str) -> float:
    """The lowest value of one figure (``wall`` or ``cpu``) over the runs."""
    return min(float(getattr(sample, attribute)) for sample in runs)


def _median(runs: list[Sample], attribute: str) -> float:
    """The median value of one figure (``wall`` or ``cpu``) over the runs."""
    return statistics.median(float(getattr(sample, attribute)) for sample in runs)


if __name__ == "__main__":
    main()
