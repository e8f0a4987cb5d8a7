"""How the multi-language docs build scales with the size of the documented API.

A synthetic documented package is generated in a temporary folder at several scales: 1x is
comparable to tether's own reference (8 modules; about 200 rendered objects: classes,
exceptions, methods, properties, attributes and functions, with Google-style docstrings
giving arguments, returns and raises), and Nx is N copies of those 8 modules under distinct
names, each module with its own reference page (``::: synth.<module>``). The project is laid
out like ``tests/fixtures/wee``: only ``mkdocs.yml`` (the real site's theme, Markdown
extensions and mkdocstrings options; English, Spanish and Chinese), Markdown pages in
``docs/en``, ``docs/es`` and ``docs/zh`` (a translated index and translated reference pages,
stamped as up to date) and the package under ``src/``. Every signature differs from every
other (defaults carry the module's number), so the pipeline's signature cache cannot make
copies cheaper than distinct code would be.

Each scale is built as a person builds it, ``python scripts/docs.py build --site-dir DIR``
in a fresh interpreter with the project as the current folder, ``--rounds`` times, the
scales interleaved so that a slow moment on the machine hurts all of them alike. The first
round starts with empty caches (the pipeline's ``.cache/docs``: signatures, source listings,
catalogs), the later ones reuse them, as a person's second build does; the comparison uses
each scale's best round, so with two rounds or more it compares warm builds.

Figures per scale: wall time, pages built (every language), objects rendered (the
``doc-object`` blocks of the English pages; each language renders them all), seconds per
page and per object, and CPU time of the whole process tree. The build's languages run in
processes forked by multiprocessing's fork server, which the build never waits for, so
``RUSAGE_CHILDREN`` alone misses them (it sees about 0.6 s of a 12 s CPU build): this script
makes itself a child subreaper (Linux ``prctl``), reaps the fork server once it exits, and
only then reads the counters (``process_tree.py``; Linux only).

Target: the wall time per object of the largest scale (20x by default) is at most 1.2 times
that of 1x; each scale's best round is used (medians are printed too).

    python benchmarks/docs_scale.py [--rounds 3] [--scales 1,5,20]   # about 4 minutes
    python benchmarks/docs_scale.py --rounds 1 --scales 1,5           # about 20 seconds

(Times on an idle 2-core machine; a loaded one can take twice as long.)
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from process_tree import become_subreaper, children_cpu, reap_orphans

from i18ndocs.status.page_state import fingerprint

ROOT = Path(__file__).resolve().parent.parent
DOCS_PY = ROOT / "scripts" / "docs.py"
TARGET_RATIO = 1.2
PACKAGE = "synth"
BASES = (
    "connection",
    "websockets",
    "datastructures",
    "routing",
    "converters",
    "testing",
    "transport",
    "lifespan",
)
"""The 8 modules of 1x, named after tether's; copy N of a module is ``<base><N>``."""
TRANSLATIONS = {
    "es": ("Referencia de", "Módulos", "La API de synth, generada para medir la compilación."),
    "zh": ("参考", "模块", "为衡量构建速度而生成的 synth API。"),
}
OBJECT = re.compile(r'class="doc doc-object doc-')


# -- the synthetic project ------------------------------------------------------------------


def module_source(base: str, seed: int) -> str:
    """The source of one module: 2 classes, 2 exceptions, 2 functions and a constant.

    Args:
        base: The module's theme, used in its docstrings and class names.
        seed: A number unique to the module, put in defaults so every signature differs.

    Returns:
        The module's Python source.
    """
    title = base.capitalize()
    return f'''"""{title} of the synthetic API (module {seed}): endpoints, registries and errors.

Everything here is documented the way tether documents its own modules: Google-style
docstrings with arguments, returns and raises, annotations that cross-reference.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

DEFAULT_LIMIT: int = {1000 + seed}
"""The most messages an `{title}Endpoint` buffers unless told otherwise."""


class {title}Error(RuntimeError):
    """Raised when an endpoint or a registry is used in a state that does not allow it."""


class {title}Closed({title}Error):
    """Raised by `{title}Endpoint.send` and `{title}Endpoint.receive` after closing.

    Args:
        code: The close code, as in the WebSocket protocol.
        reason: Why the endpoint was closed, for people.
    """

    def __init__(self, code: int = {1000 + seed}, reason: str = "") -> None:
        super().__init__(f"closed with code {{code}}: {{reason or 'no reason given'}}")
        self.code = code
        self.reason = reason


class {title}Endpoint:
    """One end of a message channel, buffering what it receives up to a limit.

    Args:
        name: The endpoint's name, unique within its registry.
        limit: The most messages buffered before `send` refuses more.
        headers: Extra metadata sent with the opening handshake.
    """

    name: str
    """The endpoint's name, unique within its registry."""

    limit: int
    """The most messages buffered before `send` refuses more."""

    def __init__(
        self,
        name: str,
        limit: int = DEFAULT_LIMIT,
        *,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        self.name = name
        self.limit = limit
        self._headers = dict(headers or {{}})
        self._buffer: list[bytes] = []
        self._closed: int | None = None

    @property
    def closed(self) -> bool:
        """Whether `close` was called or the peer went away."""
        return self._closed is not None

    @property
    def pending(self) -> int:
        """How many received messages wait to be read with `receive`."""
        return len(self._buffer)

    def send(self, payload: bytes, *, timeout: float | None = {seed}.5) -> int:
        """Queue a message for the peer.

        Args:
            payload: The message, as bytes.
            timeout: How long to wait for room in the buffer, in seconds; None waits forever.

        Returns:
            The number of messages now queued.

        Raises:
            {title}Closed: The endpoint was closed.
            {title}Error: The buffer is full and the timeout passed.
        """
        if self._closed is not None:
            raise {title}Closed(self._closed)
        if len(self._buffer) >= self.limit:
            raise {title}Error(f"buffer full after {{timeout}} seconds")
        self._buffer.append(payload)
        return len(self._buffer)

    def receive(self, *, decode: bool = False, encoding: str = "utf-{seed}") -> bytes | str:
        """Take the oldest buffered message.

        Args:
            decode: Whether to return text instead of bytes.
            encoding: The text encoding used when ``decode`` is true.

        Returns:
            The message, as bytes or, with ``decode``, as text.

        Raises:
            {title}Closed: The endpoint was closed and nothing is buffered.
        """
        if not self._buffer:
            raise {title}Closed(self._closed or {1000 + seed})
        message = self._buffer.pop(0)
        return message.decode(encoding) if decode else message

    def iter_messages(self, limit: int | None = {seed}) -> Iterator[bytes]:
        """Iterate over buffered messages until the buffer is empty.

        Args:
            limit: The most messages to yield; None yields them all.

        Yields:
            Each message, oldest first.
        """
        count = 0
        while self._buffer and (limit is None or count < limit):
            count += 1
            yield self._buffer.pop(0)

    def close(self, code: int = {1000 + seed}, reason: str = "") -> None:
        """Close the endpoint; later sends raise `{title}Closed`.

        Args:
            code: The close code sent to the peer.
            reason: Why, for people; at most 123 bytes once encoded.

        Raises:
            ValueError: The reason is longer than 123 bytes once encoded.
        """
        if len(reason.encode()) > 123:
            raise ValueError("the close reason is longer than 123 bytes")
        self._closed = code

    def headers_for(self, names: Sequence[str], default: str = "{base}-{seed}") -> dict[str, str]:
        """Look up several handshake headers at once.

        Args:
            names: The header names, in any case.
            default: The value for the names the handshake did not send.

        Returns:
            The value of each name.
        """
        return {{name: self._headers.get(name.lower(), default) for name in names}}


class {title}Registry:
    """The endpoints of an application, by name.

    Args:
        prefix: Put in front of every endpoint's name.
        strict: Whether registering a name twice raises instead of replacing.
    """

    prefix: str
    """Put in front of every endpoint's name."""

    strict: bool
    """Whether registering a name twice raises instead of replacing."""

    def __init__(self, prefix: str = "/{base}{seed}", *, strict: bool = True) -> None:
        self.prefix = prefix
        self.strict = strict
        self._endpoints: dict[str, {title}Endpoint] = {{}}

    @property
    def names(self) -> list[str]:
        """The registered names, in registration order."""
        return list(self._endpoints)

    @property
    def open_count(self) -> int:
        """How many registered endpoints are not closed."""
        return sum(not endpoint.closed for endpoint in self._endpoints.values())

    def register(self, endpoint: {title}Endpoint, *, replace: bool = False) -> {title}Endpoint:
        """Add an endpoint under its name.

        Args:
            endpoint: The endpoint to add.
            replace: Whether to replace an endpoint of the same name even when strict.

        Returns:
            The endpoint, for chaining.

        Raises:
            {title}Error: The name is taken, the registry is strict and ``replace`` is false.
        """
        key = self.prefix + endpoint.name
        if key in self._endpoints and self.strict and not replace:
            raise {title}Error(f"{{key}} is registered already")
        self._endpoints[key] = endpoint
        return endpoint

    def lookup(self, name: str, default: {title}Endpoint | None = None) -> {title}Endpoint:
        """Find an endpoint by name.

        Args:
            name: The name, without the prefix.
            default: Returned when nothing has that name.

        Returns:
            The endpoint.

        Raises:
            KeyError: Nothing has that name and no default was given.
        """
        found = self._endpoints.get(self.prefix + name, default)
        if found is None:
            raise KeyError(name)
        return found

    def broadcast(self, payload: bytes, *, skip_closed: bool = True, limit: int = {seed}) -> int:
        """Send a message to every endpoint.

        Args:
            payload: The message.
            skip_closed: Whether closed endpoints are skipped instead of raising.
            limit: The most endpoints to send to.

        Returns:
            How many endpoints the message was sent to.

        Raises:
            {title}Closed: An endpoint was closed and ``skip_closed`` is false.
        """
        sent = 0
        for endpoint in list(self._endpoints.values())[:limit]:
            if endpoint.closed and skip_closed:
                continue
            endpoint.send(payload)
            sent += 1
        return sent

    def close_all(self, code: int = {1000 + seed}, reason: str = "{base} shutdown") -> int:
        """Close every open endpoint.

        Args:
            code: The close code sent to each peer.
            reason: Why, for people.

        Returns:
            How many endpoints were closed.
        """
        endpoints = [endpoint for endpoint in self._endpoints.values() if not endpoint.closed]
        for endpoint in endpoints:
            endpoint.close(code, reason)
        return len(endpoints)

    def remove(self, name: str, *, missing_ok: bool = False) -> {title}Endpoint | None:
        """Remove an endpoint by name.

        Args:
            name: The name, without the prefix.
            missing_ok: Whether a missing name returns None instead of raising.

        Returns:
            The endpoint removed, or None.

        Raises:
            KeyError: Nothing has that name and ``missing_ok`` is false.
        """
        if missing_ok:
            return self._endpoints.pop(self.prefix + name, None)
        return self._endpoints.pop(self.prefix + name)


def connect(
    name: str, registry: {title}Registry | None = None, *, limit: int = DEFAULT_LIMIT
) -> {title}Endpoint:
    """Create an endpoint and register it.

    Args:
        name: The endpoint's name.
        registry: Where to register it; a new strict registry when None.
        limit: The endpoint's buffer limit.

    Returns:
        The new endpoint.

    Raises:
        {title}Error: The registry has an endpoint of that name already.
    """
    registry = registry or {title}Registry()
    return registry.register({title}Endpoint(name, limit))


def parse_close(payload: bytes, default_code: int = {1000 + seed}) -> tuple[int, str]:
    """Read the code and reason of a close frame's payload.

    Args:
        payload: The frame's payload: a 2-byte code, then the reason in UTF-8.
        default_code: The code when the payload is empty.

    Returns:
        The close code and the reason.

    Raises:
        ValueError: The payload is one byte long or its reason is not UTF-8.
    """
    if not payload:
        return default_code, ""
    if len(payload) == 1:
        raise ValueError("a close payload cannot be one byte long")
    return int.from_bytes(payload[:2], "big"), payload[2:].decode()
'''


def module_names(scale: int) -> list[str]:
    """The modules of a scale: each of the 8 bases, copied ``scale`` times."""
    return [f"{base}{copy}" for copy in range(1, scale + 1) for base in BASES]


def site_config(modules: list[str]) -> dict[str, Any]:
    """The synthetic project's ``mkdocs.yml``: the real site's options, its own pages.

    Args:
        modules: The modules documented, one reference page each.

    Returns:
        The configuration, ready to dump as YAML.
    """
    real = yaml.safe_load((ROOT / "mkdocs.yml").read_text("utf-8"))
    python = real["plugins"][1]["mkdocstrings"]["handlers"]["python"]
    extensions = [
        item
        for item in real["markdown_extensions"]
        if not (isinstance(item, dict) and "pymdownx.snippets" in item)
    ]
    return {
        "site_name": PACKAGE,
        "site_url": "https://example.org/synth/en/",
        "docs_dir": "docs/en",
        "theme": real["theme"],
        "plugins": [
            "search",
            {"mkdocstrings": {"handlers": {"python": {**python, "paths": ["src"]}}}},
            "i18ndocs",
        ],
        "markdown_extensions": extensions,
        "nav": [
            "index.md",
            {"Reference": [f"reference/{name}.md" for name in modules]},
            {"Contributing": ["contributing/translations.md", "contributing/status.md"]},
        ],
        "extra": {
            "i18n": {
                "languages": [
                    {"code": "en", "name": "English", "source": True},
                    {"code": "es", "name": "Español"},
                    {"code": "zh", "name": "简体中文"},
                ]
            }
        },
    }


def stamped(english: str, translated: str) -> str:
    """A translated page recording the fingerprint of its English source (up to date)."""
    return f"---\nsource_hash: {fingerprint(english)[:12]}\n---\n\n{translated}"


def write_project(root: Path, scale: int) -> list[str]:
    """Write the synthetic project of one scale into ``root``.

    Args:
        root: An empty folder.
        scale: How many copies of the 8 modules to document.

    Returns:
        The modules written.
    """
    modules = module_names(scale)
    package = root / "src" / PACKAGE
    package.mkdir(parents=True)
    (package / "__init__.py").write_text(f'"""The synthetic API, {scale}x."""\n', "utf-8")
    for seed, name in enumerate(modules, start=1):
        base = name.rstrip("0123456789")
        (package / f"{name}.py").write_text(module_source(base, seed), "utf-8")
    config = yaml.safe_dump(site_config(modules), allow_unicode=True, sort_keys=False)
    (root / "mkdocs.yml").write_text(config, "utf-8")

    pages = {
        "index.md": (
            f"# {PACKAGE}\n\nThe synthetic API, generated to measure the build.\n\n"
            "## Modules\n\n"
            + "".join(f"- [`{PACKAGE}.{name}`](reference/{name}.md)\n" for name in modules)
        ),
        "contributing/translations.md": (
            "# Translating\n\nCopy a page from `docs/en` to the same path under your "
            "language's folder and translate it.\n"
        ),
    }
    for name in modules:
        pages[f"reference/{name}.md"] = f"# `{PACKAGE}.{name}`\n\n::: {PACKAGE}.{name}\n"
    for rel, text in pages.items():
        target = root / "docs" / "en" / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, "utf-8")
    for code, (reference, modules_title, intro) in TRANSLATIONS.items():
        folder = root / "docs" / code
        (folder / "reference").mkdir(parents=True)
        index = pages["index.md"]
        translated_index = index.replace(
            "The synthetic API, generated to measure the build.", intro
        ).replace("## Modules", f"## {modules_title} {{ #modules }}")
        (folder / "index.md").write_text(stamped(index, translated_index), "utf-8")
        for name in modules:
            english = pages[f"reference/{name}.md"]
            translated = f"# {reference} `{PACKAGE}.{name}`\n\n::: {PACKAGE}.{name}\n"
            (folder / "reference" / f"{name}.md").write_text(stamped(english, translated), "utf-8")
    return modules


# -- measuring ------------------------------------------------------------------------------


@dataclass
class Scale:
    """One scale's project and its measurements."""

    factor: int
    root: Path
    modules: list[str]
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    pages: int = 0
    objects: int = 0


def build(scale: Scale) -> tuple[float, float]:
    """Build one scale's site with the command line; return its wall and CPU seconds."""
    site = scale.root.parent / f"site-{scale.factor}x"
    command = [sys.executable, str(DOCS_PY), "build", "--site-dir", str(site)]
    cpu_before = children_cpu()
    start = time.perf_counter()
    completed = subprocess.run(
        command, cwd=scale.root, capture_output=True, text=True, check=False, timeout=1800
    )
    wall = time.perf_counter() - start
    reap_orphans()
    cpu = children_cpu() - cpu_before
    if completed.returncode != 0:
        sys.exit(f"{scale.factor}x build failed:\n{completed.stdout}{completed.stderr}")
    scale.pages = sum(1 for page in site.rglob("*.html") if page.name != "404.html") - 1
    scale.objects = sum(
        len(OBJECT.findall(page.read_text("utf-8"))) for page in (site / "en").rglob("*.html")
    )
    return wall, cpu


def main() -> None:
    """Measure, print the figures and exit non-zero when the per-object cost grows too much."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="timed builds of each scale")
    parser.add_argument(
        "--scales", default="1,5,20", help="comma-separated multiples of the API (default 1,5,20)"
    )
    args = parser.parse_args()
    factors = sorted({int(item) for item in args.scales.split(",") if item.strip()})
    if not factors or factors[0] < 1:
        parser.error("--scales: expected positive integers such as 1,5,20")
    become_subreaper()
    with tempfile.TemporaryDirectory(prefix="tether-docs-scale-") as folder:
        scales = []
        for factor in factors:
            root = Path(folder) / f"project-{factor}x"
            root.mkdir()
            scales.append(Scale(factor, root, write_project(root, factor)))
        for round_number in range(1, args.rounds + 1):
            for scale in scales:
                wall, cpu = build(scale)
                scale.wall.append(wall)
                scale.cpu.append(cpu)
                print(
                    f"round {round_number}, {scale.factor}x ({len(scale.modules)} modules): "
                    f"{wall:.1f}s",
                    flush=True,
                )
    print()
    for scale in scales:
        best = min(scale.wall)
        cpu_text = (
            f"  cpu {min(scale.cpu):.1f}s ({min(scale.cpu) / scale.objects * 1000:.1f} ms/object)"
        )
        print(
            f"{scale.factor:>3}x: wall best {best:6.2f}s"
            f" median {statistics.median(scale.wall):6.2f}s"
            f"  {scale.pages:5} pages {best / scale.pages * 1000:6.1f} ms/page"
            f"  {scale.objects:6} objects {best / scale.objects * 1000:5.2f} ms/object{cpu_text}"
        )
        print(f"      runs {', '.join(f'{value:.2f}s' for value in scale.wall)}")
    if len(scales) < 2:
        print("one scale only: nothing to compare")
        return
    first, last = scales[0], scales[-1]
    ratio = (min(last.wall) / last.objects) / (min(first.wall) / first.objects)
    verdict = "meets" if ratio <= TARGET_RATIO else "misses"
    print(
        f"wall per object, {last.factor}x / {first.factor}x: {ratio:.2f} "
        f"({verdict} the target of {TARGET_RATIO})"
    )
    if ratio > TARGET_RATIO:
        sys.exit(1)


if __name__ == "__main__":
    main()
