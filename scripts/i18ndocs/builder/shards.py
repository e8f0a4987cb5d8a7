"""A build split across machines: languages built into shards, shards assembled into the site.

``build --lang CODE --shard DIR`` builds languages exactly as ``build`` does, into a shard
folder instead of the site: ``DIR/<code>/`` per language and ``DIR/shard.json``, the manifest
(`Manifest`). ``assemble`` copies every language from the shards into a staging folder and
ends like ``build``, in `i18ndocs.builder.site.finish_site`: the root files and the atomic
swap. Both are atomic: a failed shard build leaves no shard, a failed assembly the previous
site.

A language's pages depend on more than its sources, and the manifest says on what, so
shards that would not make the one-machine build's bytes are refused, each in one line
naming the shard:

* the fingerprint (`fingerprint`): the versions of the pipeline and of what renders pages,
  ``mkdocs.yml`` (its text, and the declared languages, names and root URL it gives);
* the build date, MkDocs' ``lastmod`` in every sitemap: shards built on different days
  are refused (set ``SOURCE_DATE_EPOCH``, which MkDocs reads, to one time in every job);
* every declared language in exactly one shard.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from i18ndocs.builder.site import (
    LanguageResult,
    SiteResult,
    build_languages,
    finish_site,
)
from i18ndocs.builder.sitedir import check_site_dir, looks_like_site, overlaps
from i18ndocs.builder.staging import site_lock, staged
from i18ndocs.project.errors import DocsError
from i18ndocs.project.language_config import site_root_url
from i18ndocs.project.languages import declaration_line, select_languages
from i18ndocs.project.settings import Settings, load_settings

MANIFEST = "shard.json"
FORMAT = 1
"""The manifest's format; a shard written in another one is refused."""
RENDERING = (
    "i18ndocs",
    "mkdocs",
    "mkdocs-material",
    "mkdocstrings",
    "mkdocstrings-python",
    "griffe",
    "markdown",
    "pymdown-extensions",
)
"""The distributions whose versions shape a language's pages, recorded in the fingerprint."""
_FIELDS = {  # in the order they are compared: the most telling difference is named
    "format": "manifest format",
    "versions": "package versions",
    "languages": "list of languages",
    "site_name": "site_name",
    "site_description": "site_description",
    "root_url": "root URL (--site-url)",
    "config": "mkdocs.yml",
    "sources": "sources",  # named file by file (`_changed_files`)
}


@dataclass(frozen=True)
class Manifest:
    """What a shard holds and what it was built from: ``shard.json``.

    Attributes:
        languages: The codes of the languages it holds, one folder each.
        build_date: The day MkDocs dated its sitemaps with (``YYYY-MM-DD``).
        fingerprint: What the pages depend on besides the sources (`fingerprint`).
    """

    languages: tuple[str, ...]
    build_date: str
    fingerprint: Mapping[str, Any]

    def to_json(self) -> str:
        """Write the manifest as the text of ``shard.json``."""
        data = {
            "languages": list(self.languages),
            "build_date": self.build_date,
            "fingerprint": dict(self.fingerprint),
        }
        return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _version(distribution: str) -> str | None:
    """The installed version of a distribution, or None when it is not installed."""
    try:
        return version(distribution)
    except PackageNotFoundError:
        return None


def fingerprint(settings: Settings, site_url: str | None = None) -> dict[str, Any]:
    """Describe what a language's pages depend on besides the sources, as JSON data.

    Args:
        settings: The project's settings.
        site_url: The root URL the site is served from; defaults to ``mkdocs.yml``'s.

    Returns:
        The manifest format, the rendering packages' versions, ``mkdocs.yml``'s digest, the
        declared languages, the site's name and description, and its root URL.
    """
    description = settings.config.get("site_description")
    return {
        "format": FORMAT,
        "versions": {name: _version(name) for name in RENDERING},
        "config": hashlib.sha256(settings.config_text.encode()).hexdigest(),
        "languages": [
            [item.code, item.name, item.source, item.site_name] for item in settings.languages
        ],
        "site_name": settings.site_name,
        "site_description": description if isinstance(description, str) else None,
        "root_url": site_root_url(settings.config.get("site_url"), settings.source, site_url),
        "sources": source_digests(settings),
    }


def source_digests(settings: Settings) -> dict[str, str]:
    """Digest every file the site is built from, so shards of other commits are told apart.

    Args:
        settings: The project's settings.

    Returns:
        Each file under the source folders (pages, catalogs, the documented code, what the
        watch settings name), by its path relative to the project, with the first 16 hex
        digits of its SHA-256; bytecode and hidden files are left out.
    """
    root = settings.root.resolve()
    digests = {}
    for folder in settings.sources:
        if not folder.exists():
            continue
        files = [folder] if folder.is_file() else sorted(folder.rglob("*"))
        for path in files:
            relative = (
                path.resolve().relative_to(root) if path.resolve().is_relative_to(root) else path
            )
            parts = relative.parts
            if (
                not path.is_file()
                or path.suffix == ".pyc"
                or any(part.startswith(".") or part == "__pycache__" for part in parts)
            ):
                continue
            digests[relative.as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
    return dict(sorted(digests.items()))


def build_date() -> str:
    """The day MkDocs dates the pages of a build started now (it honours SOURCE_DATE_EPOCH)."""
    from mkdocs.utils import get_build_date

    return get_build_date()


def build_shard(
    project: Path | Settings,
    shard_dir: Path,
    codes: Sequence[str] = (),
    *,
    site_dir: Path,
    site_url: str | None = None,
    strict: bool = False,
    jobs: int | None = None,
    on_result: Callable[[LanguageResult], None] | None = None,
) -> SiteResult:
    """Build languages into a shard folder, replacing it only when every language built.

    Args:
        project: The folder holding ``mkdocs.yml``, or its settings already read.
        shard_dir: The shard folder to write (or replace, when it holds a shard).
        codes: The languages to build; empty means all of them.
        site_dir: The site folder, which the shard may not overlap.
        site_url: The root URL the site is served from; defaults to ``mkdocs.yml``'s.
        strict: Whether warnings fail the build.
        jobs: How many processes to run at once; defaults to one per language.
        on_result: Called with each language's result as it finishes.

    Returns:
        The results, the shard folder as their site folder.

    Raises:
        DocsError: The configuration is malformed, a code is not one of its languages,
            or the shard folder overlaps the site, the sources or something not a shard.
    """
    start = time.perf_counter()
    settings = project if isinstance(project, Settings) else load_settings(project)
    selected = select_languages(list(settings.languages), list(codes))
    target = _check_shard_dir(settings, shard_dir, site_dir)
    manifest = Manifest(
        tuple(item.code for item in selected), build_date(), fingerprint(settings, site_url)
    )
    with staged(settings.cache_dir, target) as staging:
        ordered = build_languages(
            settings,
            staging.path,
            selected,
            site_url=site_url,
            strict=strict,
            jobs=jobs,
            on_result=on_result,
        )
        if all(result.ok for result in ordered):
            (staging.path / MANIFEST).write_text(manifest.to_json(), encoding="utf-8")
            with site_lock(settings.cache_dir, target):
                _check_shard_dir(settings, shard_dir, site_dir)
                staging.swap()
    return SiteResult(target, ordered, time.perf_counter() - start)


def looks_like_shard(folder: Path) -> bool:
    """Tell whether an existing folder is a shard (or is empty), so it may be replaced.

    Args:
        folder: An existing folder.

    Returns:
        True when it holds nothing but a manifest and language folders with an ``index.html``.
    """
    return looks_like_site(folder, frozenset({MANIFEST}))


def _check_shard_dir(settings: Settings, shard_dir: Path, site_dir: Path) -> Path:
    """Refuse a shard folder overlapping the site, the project or its sources; resolve it."""
    if overlaps(shard_dir.resolve(), site_dir.resolve()):
        raise DocsError(
            "--shard",
            None,
            f"{shard_dir} overlaps the site folder {site_dir}; a shard needs a folder of its own",
        )
    return check_site_dir(
        settings.root,
        shard_dir,
        settings.sources,
        "--shard",
        kind="shard",
        replaceable=looks_like_shard,
    )


def read_manifest(shard: Path) -> Manifest:
    """Read a shard's manifest, checking the shard holds the languages it lists.

    Args:
        shard: The shard folder.

    Returns:
        The manifest.

    Raises:
        DocsError: The folder is not a shard, or its manifest is malformed or lies.
    """
    path = shard / MANIFEST
    if not shard.is_dir():
        raise DocsError(str(shard), None, "is not a folder; give the folders 'build --shard' wrote")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DocsError(
            str(shard),
            None,
            f"is not a shard: it has no {MANIFEST}; write shards with "
            "'build --lang CODE --shard DIR'",
        ) from None
    except json.JSONDecodeError as error:
        raise DocsError(str(path), error.lineno, f"is not valid JSON: {error.msg}") from None
    except (OSError, UnicodeDecodeError) as error:
        raise DocsError(str(path), None, f"cannot be read: {error}") from None
    try:
        manifest = Manifest(
            tuple(_strings(data["languages"])), str(data["build_date"]), dict(data["fingerprint"])
        )
    except (KeyError, TypeError, ValueError):
        raise DocsError(
            str(path), None, "is not a shard manifest (languages, build_date, fingerprint)"
        ) from None
    for code in manifest.languages:
        if not (shard / code / "index.html").is_file():
            raise DocsError(str(shard), None, f"lists {code} in {MANIFEST} but holds no {code}/")
    return manifest


def _strings(value: object) -> list[str]:
    """The value as a list of strings, or ValueError when it is not one."""
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValueError(value)
    return value


def _changed_files(theirs: object, ours: Mapping[str, str]) -> str:
    """Name the source files whose digests differ between a shard and the project."""
    known = theirs if isinstance(theirs, Mapping) else {}
    changed = sorted(path for path in {*known, *ours} if known.get(path) != ours.get(path))
    more = f" and {len(changed) - 3} more" if len(changed) > 3 else ""
    return f"these files differ: {', '.join(changed[:3])}{more}"


def _difference(theirs: object, ours: object) -> str:
    """Say briefly how a shard's fingerprint value differs from the project's."""
    if isinstance(theirs, Mapping) and isinstance(ours, Mapping):
        keys = sorted({*theirs, *ours}, key=str)
        changed = [key for key in keys if theirs.get(key) != ours.get(key)]
        theirs = {key: theirs.get(key) for key in changed}
        ours = {key: ours.get(key) for key in changed}
    shown = [json.dumps(value, ensure_ascii=False) for value in (theirs, ours)]
    short = [text if len(text) <= 80 else text[:77] + "..." for text in shown]
    return f"the shard's {short[0]}, this project's {short[1]}"


def shard_languages(
    settings: Settings, shards: Sequence[tuple[Path, Manifest]], site_url: str | None = None
) -> dict[str, Path]:
    """Check that shards make the project's site, and find the shard of each language.

    Args:
        settings: The project's settings.
        shards: Each shard folder with its manifest.
        site_url: The root URL the site is served from; defaults to ``mkdocs.yml``'s.

    Returns:
        The shard holding each language, in declaration order.

    Raises:
        DocsError: No shard was given; a shard was built from another configuration, with
            other packages or on another day than the first; a language is held twice, is
            not declared, or is held by no shard.
    """
    if not shards:
        raise DocsError(
            "assemble", None, "no shard given; name the folders 'build --lang CODE --shard' wrote"
        )
    ours = fingerprint(settings, site_url)
    declared = [item.code for item in settings.languages]
    first_shard, first = shards[0]
    held: dict[str, Path] = {}
    for shard, manifest in shards:
        shown = str(shard / MANIFEST)
        for key, label in _FIELDS.items():
            theirs = manifest.fingerprint.get(key)
            if theirs != ours[key]:
                if key == "sources":
                    what = f"was built from other sources ({_changed_files(theirs, ours[key])})"
                else:
                    what = f"was built with another {label} ({_difference(theirs, ours[key])})"
                raise DocsError(
                    shown, None, f"{what}; build every shard from the same sources and options"
                )
        if manifest.build_date != first.build_date:
            raise DocsError(
                shown,
                None,
                f"built on {manifest.build_date} but {first_shard} on {first.build_date}: their "
                "sitemaps' dates differ; set SOURCE_DATE_EPOCH to one time in every shard's job",
            )
        for code in manifest.languages:
            if code not in declared:
                raise DocsError(shown, None, f"holds {code!r}, which mkdocs.yml does not declare")
            if code in held:
                again = (
                    "is given twice"
                    if held[code] == shard
                    else f"holds {code}, as {held[code]} does"
                )
                raise DocsError(str(shard), None, f"{again}; give each language in one shard only")
            held[code] = shard
    missing = [code for code in declared if code not in held]
    if missing:
        raise DocsError(
            str(settings.config_path),
            declaration_line(settings.config_text, missing[0]),
            f"no shard holds {', '.join(missing)}; every declared language needs one",
        )
    return {code: held[code] for code in declared}


def assemble(
    project: Path | Settings,
    shards: Sequence[Path],
    site_dir: Path,
    *,
    site_url: str | None = None,
) -> Path:
    """Join shards into the site: copy their languages, write the root files, swap it in.

    Args:
        project: The folder holding ``mkdocs.yml``, or its settings already read.
        shards: The shard folders, every declared language in exactly one of them.
        site_dir: The site folder to replace.
        site_url: The root URL the site is served from; defaults to ``mkdocs.yml``'s. It
            must be the one the shards were built with.

    Returns:
        The site folder, resolved.

    Raises:
        DocsError: The shards do not make the site (`shard_languages`, `read_manifest`),
            one overlaps the site folder, or the site folder may not be replaced.
    """
    settings = project if isinstance(project, Settings) else load_settings(project)
    for shard in shards:
        if overlaps(shard.resolve(), site_dir.resolve()):
            raise DocsError(
                str(shard), None, f"overlaps the site folder {site_dir}; keep shards elsewhere"
            )
    target = check_site_dir(settings.root, site_dir, settings.sources, "--site-dir")
    held = shard_languages(settings, [(shard, read_manifest(shard)) for shard in shards], site_url)
    with staged(settings.cache_dir, target) as staging:
        for code, shard in held.items():
            shutil.copytree(shard / code, staging.path / code)
        finish_site(settings, staging, settings.languages, site_url)
    return target
