"""Shards that would not assemble into the one-machine site are refused, in one line each.

`i18ndocs.builder.shards` reads each shard's ``shard.json`` and checks the shards against the
project: the same fingerprint (packages, declared languages, names, root URL, ``mkdocs.yml``),
the same build date, every declared language exactly once. Real builds of shards are in
``tests/docs/test_shards.py``; here the manifests are written by hand.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from i18ndocs.builder.shards import (
    MANIFEST,
    Manifest,
    build_date,
    fingerprint,
    looks_like_shard,
    read_manifest,
    shard_languages,
)
from i18ndocs.project.errors import DocsError
from i18ndocs.project.settings import Settings, load_settings

CONFIG = """site_name: x
site_url: https://example.org/x/en/
docs_dir: docs/en
extra:
  i18n:
    languages:
      - {code: en, name: English, source: true}
      - {code: es, name: Español}
      - {code: zh, name: 简体中文}
"""


@pytest.fixture
def project(tmp_path: Path) -> Settings:
    """A project declaring English, Spanish and Chinese."""
    root = tmp_path / "project"
    root.mkdir()
    (root / "mkdocs.yml").write_text(CONFIG, "utf-8")
    return load_settings(root)


def shard(
    folder: Path, codes: tuple[str, ...], settings: Settings, date: str = "2026-12-06"
) -> Path:
    """Write a shard holding ``codes``, its manifest made from ``settings``."""
    folder.mkdir(parents=True)
    for code in codes:
        (folder / code).mkdir()
        (folder / code / "index.html").write_text("<html></html>", "utf-8")
    manifest = Manifest(codes, date, fingerprint(settings))
    (folder / MANIFEST).write_text(manifest.to_json(), "utf-8")
    return folder


def refusal(settings: Settings, *shards: Path, site_url: str | None = None) -> str:
    """The one line the shards are refused with."""
    with pytest.raises(DocsError) as caught:
        shard_languages(settings, [(item, read_manifest(item)) for item in shards], site_url)
    line = str(caught.value)
    assert "\n" not in line
    return line


def test_a_manifest_reads_back_as_written(project: Settings, tmp_path: Path) -> None:
    folder = shard(tmp_path / "es", ("es",), project)
    assert read_manifest(folder) == Manifest(("es",), "2026-12-06", fingerprint(project))
    assert looks_like_shard(folder)
    (folder / "index.html").write_text("", "utf-8")
    assert not looks_like_shard(folder)


def test_shards_holding_every_language_once_give_each_its_shard(
    project: Settings, tmp_path: Path
) -> None:
    first = shard(tmp_path / "a", ("zh", "en"), project)
    second = shard(tmp_path / "b", ("es",), project)
    held = shard_languages(
        project, [(first, read_manifest(first)), (second, read_manifest(second))]
    )
    assert list(held.items()) == [("en", first), ("es", second), ("zh", first)]


def test_what_is_not_a_shard_is_named(project: Settings, tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    plain.mkdir()
    with pytest.raises(DocsError, match=rf"^{plain}: error: is not a shard: it has no shard\.json"):
        read_manifest(plain)
    with pytest.raises(DocsError, match=r": error: is not a folder"):
        read_manifest(tmp_path / "missing")
    (plain / MANIFEST).write_text('{"languages": ["es"],\n "build_date": }', "utf-8")
    with pytest.raises(DocsError, match=rf"^{plain / MANIFEST}:2: error: is not valid JSON"):
        read_manifest(plain)
    (plain / MANIFEST).write_text(json.dumps({"languages": "es"}), "utf-8")
    with pytest.raises(DocsError, match=r"error: is not a shard manifest"):
        read_manifest(plain)
    lying = shard(tmp_path / "lying", ("es",), project)
    (lying / "es" / "index.html").unlink()
    with pytest.raises(DocsError, match=rf"^{lying}: error: lists es in shard\.json but holds no"):
        read_manifest(lying)


def test_a_missing_language_names_its_declaration(project: Settings, tmp_path: Path) -> None:
    english = shard(tmp_path / "en", ("en",), project)
    line = refusal(project, english, shard(tmp_path / "es", ("es",), project))
    assert (
        line
        == f"{project.config_path}:9: error: no shard holds zh; every declared language needs one"
    )


def test_a_language_held_twice_or_a_shard_given_twice_is_refused(
    project: Settings, tmp_path: Path
) -> None:
    english = shard(tmp_path / "en", ("en",), project)
    both = shard(tmp_path / "both", ("en", "es", "zh"), project)
    assert refusal(project, english, both) == (
        f"{both}: error: holds en, as {english} does; give each language in one shard only"
    )
    assert refusal(project, english, english).startswith(f"{english}: error: is given twice")
    with pytest.raises(DocsError, match=r"^assemble: error: no shard given"):
        shard_languages(project, [])


def test_a_shard_of_another_configuration_is_refused_naming_what_differs(
    project: Settings, tmp_path: Path
) -> None:
    everything = ("en", "es", "zh")
    root = project.root
    (root / "mkdocs.yml").write_text(CONFIG.replace("site_name: x", "site_name: y"), "utf-8")
    renamed = shard(tmp_path / "renamed", everything, load_settings(root))
    assert 'another site_name (the shard\'s "y", this project\'s "x")' in refusal(project, renamed)
    (root / "mkdocs.yml").write_text(CONFIG + "# a comment\n", "utf-8")
    commented = shard(tmp_path / "commented", everything, load_settings(root))
    assert "was built with another mkdocs.yml" in refusal(project, commented)
    (root / "mkdocs.yml").write_text(
        CONFIG.replace("      - {code: zh, name: 简体中文}\n", ""), "utf-8"
    )
    fewer = shard(tmp_path / "fewer", ("en", "es"), load_settings(root))
    assert "another list of languages" in refusal(project, fewer)
    elsewhere = shard(tmp_path / "elsewhere", everything, project)
    line = refusal(project, elsewhere, site_url="https://example.com/")
    assert line.startswith(f"{elsewhere / MANIFEST}: error: was built with another root URL")
    assert '"https://example.org/x/", this project\'s "https://example.com/"' in line


def test_a_shard_built_with_other_packages_names_them(project: Settings, tmp_path: Path) -> None:
    old = shard(tmp_path / "old", ("en", "es", "zh"), project)
    manifest = json.loads((old / MANIFEST).read_text("utf-8"))
    manifest["fingerprint"]["versions"]["mkdocs"] = "1.0"
    (old / MANIFEST).write_text(json.dumps(manifest), "utf-8")
    line = refusal(project, old)
    assert 'package versions (the shard\'s {"mkdocs": "1.0"}, this project\'s {"mkdocs": "' in line


def test_shards_built_on_different_days_are_refused(project: Settings, tmp_path: Path) -> None:
    monday = shard(tmp_path / "monday", ("en", "es"), project, "2026-12-07")
    tuesday = shard(tmp_path / "tuesday", ("zh",), project, "2026-12-08")
    line = refusal(project, monday, tuesday)
    assert line.startswith(f"{tuesday / MANIFEST}: error: built on 2026-12-08 but {monday} on")
    assert "SOURCE_DATE_EPOCH" in line


def test_an_undeclared_language_is_refused(project: Settings, tmp_path: Path) -> None:
    odd = shard(tmp_path / "odd", ("en", "es", "zh", "fr"), project)
    assert refusal(project, odd).endswith("error: holds 'fr', which mkdocs.yml does not declare")


def test_the_build_date_is_the_one_mkdocs_dates_sitemaps_with(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "86400")
    assert build_date() == "1970-01-02"


def test_a_shard_built_from_other_sources_names_the_files(
    project: Settings, tmp_path: Path
) -> None:
    page = project.root / "docs" / "en" / "index.md"
    page.parent.mkdir(parents=True)
    page.write_text("# Home\n", "utf-8")
    (project.root / "docs" / "en" / "__pycache__").mkdir()
    (project.root / "docs" / "en" / "__pycache__" / "x.pyc").write_bytes(b"\0")
    everything = ("en", "es", "zh")
    same = shard(tmp_path / "same", everything, project)
    assert shard_languages(project, [(same, read_manifest(same))])["zh"] == same
    page.write_text("# Home, edited\n", "utf-8")
    (project.root / "docs" / "es").mkdir()
    (project.root / "docs" / "es" / "index.md").write_text("# Inicio\n", "utf-8")
    line = refusal(project, same)
    assert line.startswith(f"{same / MANIFEST}: error: was built from other sources")
    assert "(these files differ: docs/en/index.md, docs/es/index.md);" in line
