"""A cold build computes what every language shares once, not once per language.

Three languages build at the same moment, each in its own process, from one empty cache
folder, as ``docs.py build`` runs them on a CI machine. Each process records every signature
it formats, every listing it highlights, every template it compiles and every reference block
it renders (`i18ndocs.plugin.shared_blocks`); between them, each must have been done once:
the others waited for it and read it from the cache. After a docstring edit, only the blocks
showing the edited file are rendered again.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import shutil
from collections import Counter
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest
from sitefiles import contents

from i18ndocs.builder.site import LanguageResult, build_language
from i18ndocs.project.settings import load_settings

pytestmark = pytest.mark.docs


def _record(log: Path, kind: str, key: str) -> None:
    """Append one line to the log the three processes share (appends of a line are atomic)."""
    with log.open("a", encoding="utf-8") as stream:
        stream.write(f"{kind}\t{hashlib.sha256(key.encode()).hexdigest()}\n")


class _CountingFilters(Mapping[str, Callable[..., Any]]):
    """The handler's filters, with ``highlight`` recording what it highlights."""

    def __init__(self, filters: Mapping[str, Callable[..., Any]], log: Path) -> None:
        self.filters, self.log = filters, log

    def __getitem__(self, name: str) -> Callable[..., Any]:
        function = self.filters[name]
        if name != "highlight":
            return function

        def highlight(source: str, **options: Any) -> Any:
            _record(self.log, "listing", f"{source}\0{sorted(options.items())}")
            return function(source, **options)

        return highlight

    def __iter__(self) -> Any:
        return iter(self.filters)

    def __len__(self) -> int:
        return len(self.filters)


def counted_build(root: Path, code: str, out_dir: Path, log: Path) -> LanguageResult:
    """Build one language, recording each formatting, highlighting, compiling and block render."""
    import jinja2

    import i18ndocs.plugin.handler as handler
    import i18ndocs.reference.signatures as signatures

    formatter_cache, listings = signatures.cached_formatter, handler.cached_listings

    def counting_formatter_cache(formatter: Any, folder: Path) -> Any:
        def formatting(text: str, line_length: int) -> str:
            _record(log, "signature", f"{line_length}\0{text}")
            return str(formatter(text, line_length))

        return formatter_cache(formatting, folder)

    def counting_listings(filters: Any, settings: object, folder: Path) -> Any:
        return listings(_CountingFilters(filters, log), settings, folder)

    compile_template = jinja2.Environment.compile

    def counting_compile(self: Any, source: Any, name: Any = None, filename: Any = None) -> Any:
        if self.bytecode_cache is not None and filename:
            _record(log, "template", f"{filename}\0{source}")
        return compile_template(self, source, name, filename)

    import i18ndocs.plugin.shared_blocks as shared_blocks

    record_block = shared_blocks.SharedBlocks._record

    def counting_record(self: Any, data: Any, options: Any, locale: str | None) -> bytes:
        _record(log, "block", f"{data.path}\0{shared_blocks._options_key(options)}")
        return record_block(self, data, options, locale)

    shared_blocks.SharedBlocks._record = counting_record  # type: ignore[method-assign]
    signatures.cached_formatter = counting_formatter_cache  # type: ignore[assignment]
    handler.cached_listings = counting_listings  # type: ignore[assignment]
    jinja2.Environment.compile = counting_compile  # type: ignore[method-assign]
    return build_language(root, code, out_dir)


def test_a_cold_build_computes_shared_entries_once(repo_copy: Path, tmp_path: Path) -> None:
    assert not load_settings(repo_copy).cache_dir.exists(), "the build starts cold"
    log = tmp_path / "computed.log"
    codes = [language.code for language in load_settings(repo_copy).languages]
    assert len(codes) >= 3
    context = multiprocessing.get_context("spawn")
    with context.Pool(len(codes)) as pool:
        waiting = [
            pool.apply_async(counted_build, (repo_copy, code, tmp_path / code, log))
            for code in codes
        ]
        results = [result.get(timeout=600) for result in waiting]
    assert all(result.ok for result in results), [r.problems for r in results]
    lines = log.read_text("utf-8").splitlines()
    counts = Counter(line.split("\t")[0] for line in lines)
    assert counts["signature"] > 5, counts
    assert counts["listing"] > 50, counts
    assert counts["template"] > 10, counts
    assert counts["block"] > 20, counts
    again = Counter(line.split("\t")[0] for line, n in Counter(lines).items() if n > 1)
    assert again == {}, f"entries computed more than once: {dict(again)}, of {dict(counts)}"


def counted_site(root: Path, out: Path, log: Path) -> None:
    """Build every language at once, each in its own process, counting what each computes."""
    codes = [language.code for language in load_settings(root).languages]
    with multiprocessing.get_context("spawn").Pool(len(codes)) as pool:
        waiting = [pool.apply_async(counted_build, (root, code, out / code, log)) for code in codes]
        results = [result.get(timeout=600) for result in waiting]
    assert all(result.ok for result in results), [r.problems for r in results]


def test_a_docstring_edit_renders_again_only_the_blocks_showing_its_file(
    repo_copy: Path, tmp_path: Path
) -> None:
    (repo_copy / "src").unlink()
    shutil.copytree(Path(__file__).resolve().parents[2] / "src", repo_copy / "src")
    counted_site(repo_copy, tmp_path / "first", tmp_path / "first.log")
    everything = Counter(line.split("\t")[0] for line in (tmp_path / "first.log").open())

    module = repo_copy / "src" / "tether" / "websockets.py"
    text = module.read_text("utf-8")
    summary = '        """Receive the next text message.\n'
    assert summary in text
    module.write_text(text.replace(summary, summary + "\n        Waits for it.\n", 1), "utf-8")
    counted_site(repo_copy, tmp_path / "edited", tmp_path / "edited.log")
    again = Counter(line.split("\t")[0] for line in (tmp_path / "edited.log").open())
    assert 0 < again["block"] < everything["block"] / 2, (again, everything)

    shutil.rmtree(load_settings(repo_copy).cache_dir)
    counted_site(repo_copy, tmp_path / "fresh", tmp_path / "fresh.log")
    assert contents(tmp_path / "edited") == contents(tmp_path / "fresh")


def stuck_build(root: Path, code: str, out_dir: Path, log: Path, stuck: Path, go: Path) -> bool:
    """Build one language whose first block recording stops until ``go`` exists."""
    import time

    import i18ndocs.plugin.shared_blocks as shared_blocks

    record_block = shared_blocks.SharedBlocks._record
    first = [True]

    def stopping_record(self: Any, data: Any, options: Any, locale: str | None) -> bytes:
        if first[0]:
            first[0] = False
            stuck.write_text(str(data.path), "utf-8")
            deadline = time.monotonic() + 300
            while not go.exists() and time.monotonic() < deadline:
                time.sleep(0.01)
        return record_block(self, data, options, locale)

    shared_blocks.SharedBlocks._record = stopping_record  # type: ignore[method-assign]
    return counted_build(root, code, out_dir, log).ok


def test_a_build_waiting_for_a_block_records_the_next_ones_meanwhile(
    repo_copy: Path, tmp_path: Path
) -> None:
    import time

    log, stuck, go = tmp_path / "computed.log", tmp_path / "stuck", tmp_path / "go"
    context = multiprocessing.get_context("spawn")
    with context.Pool(2) as pool:
        first = pool.apply_async(
            stuck_build, (repo_copy, "en", tmp_path / "raced" / "en", log, stuck, go)
        )
        deadline = time.monotonic() + 300
        while not stuck.exists() and time.monotonic() < deadline:
            time.sleep(0.01)
        assert stuck.exists(), "the first build reached a block"
        second = pool.apply_async(counted_build, (repo_copy, "es", tmp_path / "raced" / "es", log))

        def blocks() -> int:
            return sum(line.startswith("block\t") for line in log.read_text("utf-8").splitlines())

        # While the first build holds its block, the second records the blocks after it (well
        # before it would give up waiting and record the held block itself, after a minute).
        deadline = time.monotonic() + 30
        while blocks() < 20 and time.monotonic() < deadline and not second.ready():
            time.sleep(0.01)
        recorded_meanwhile = blocks() - 1  # the first build's stuck block is logged too
        assert not second.ready(), "the second build waits for the held block"
        go.touch()
        assert first.get(timeout=600)
        assert second.get(timeout=600).ok
    assert recorded_meanwhile >= 19, recorded_meanwhile
    lines = log.read_text("utf-8").splitlines()
    again = [line for line, count in Counter(lines).items() if count > 1]
    assert again == [], "each block recorded once"

    shutil.rmtree(load_settings(repo_copy).cache_dir)
    for code in ("en", "es"):
        assert build_language(repo_copy, code, tmp_path / "alone" / code).ok
    assert contents(tmp_path / "raced") == contents(tmp_path / "alone")
