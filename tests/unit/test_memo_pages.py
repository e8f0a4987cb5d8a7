"""The page memo's key (`i18ndocs.plugin.memo.pages`): what a page's conversion may read.

A part of the key that misses a change serves a stale page, so each part is shown to change
with what it stands for: the files under the watched and snippet folders, the site's files
and their URLs, and the folders pymdownx.snippets may include from (none known: no memo).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from i18ndocs.plugin.memo.pages import files_key, folders_key, snippet_folders, sources_key
from i18ndocs.project.settings import load_settings


def config(root: Path, extensions: list[Any]) -> MkDocsConfig:
    """A validated MkDocs configuration of a project in ``root`` with these extensions."""
    (root / "docs").mkdir(exist_ok=True)
    loaded = MkDocsConfig(config_file_path=str(root / "mkdocs.yml"))
    loaded.load_dict(
        {"site_name": "t", "docs_dir": str(root / "docs"), "markdown_extensions": extensions}
    )
    errors, _ = loaded.validate()
    assert not errors
    return loaded


def test_snippet_folders_are_the_base_paths_from_the_working_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    options = {"base_path": ["docs_src", str(tmp_path / "shared")]}
    found = snippet_folders(config(tmp_path, [{"pymdownx.snippets": options}]), tmp_path)
    assert found == [tmp_path / "docs_src", tmp_path / "shared"]


def test_no_snippets_extension_reads_no_folder(tmp_path: Path) -> None:
    assert snippet_folders(config(tmp_path, ["toc", "attr_list"]), tmp_path) == []


@pytest.mark.parametrize(
    "options",
    [
        {},  # the default base path is the working folder: the project, site included
        {"base_path": "."},
        {"base_path": ["docs_src"], "url_download": True},
        {"base_path": ["docs_src"], "restrict_base_path": False},
    ],
    ids=["default", "project", "urls", "unrestricted"],
)
def test_snippets_that_may_read_anywhere_turn_the_memo_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, options: dict[str, Any]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert snippet_folders(config(tmp_path, [{"pymdownx.snippets": options}]), tmp_path) is None


def test_folders_key_changes_with_any_file_under_the_folders(tmp_path: Path) -> None:
    folder = tmp_path / "snippets"
    (folder / "deep").mkdir(parents=True)
    note = folder / "deep" / "note.md"
    note.write_text("one", "utf-8")
    keys = [folders_key([folder]), folders_key([folder])]
    note.write_text("two", "utf-8")
    keys.append(folders_key([folder]))
    (folder / "other.md").write_text("", "utf-8")
    keys.append(folders_key([folder]))
    note.unlink()
    keys.append(folders_key([folder]))
    keys.append(folders_key([folder, tmp_path / "missing"]))
    assert keys[0] == keys[1]
    assert len(set(keys[1:])) == 5


def site_files(docs: Path, names: list[str], *, directory_urls: bool = True) -> Files:
    """The site's files of these names in ``docs``."""
    return Files(
        [File(name, str(docs), str(docs.parent / "site"), directory_urls) for name in names]
    )


def test_files_key_changes_with_the_files_and_their_urls(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    keys = [
        files_key(site_files(docs, ["index.md", "extra.md"])),
        files_key(site_files(docs, ["index.md", "extra.md"])),
        files_key(site_files(docs, ["index.md"])),
        files_key(site_files(docs, ["index.md", "extra.md"], directory_urls=False)),
        files_key(site_files(docs, ["index.md", "extra.md", "logo.png"])),
    ]
    assert keys[0] == keys[1]
    assert len(set(keys[1:])) == 4


def test_a_code_edit_leaves_the_key_of_pages_without_blocks_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pages with blocks key the code themselves (`code_key`); the others never read it."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: t\ndocs_dir: docs/en\nwatch: [pkg]\n"
        "plugins:\n  - mkdocstrings:\n      handlers:\n        python:\n          paths: [.]\n"
        "extra:\n  i18n:\n    languages:\n      - {code: en, name: English, source: true}\n",
        "utf-8",
    )
    (tmp_path / "docs" / "en").mkdir(parents=True)
    (tmp_path / "pkg").mkdir()
    module, data = tmp_path / "pkg" / "__init__.py", tmp_path / "pkg" / "data.txt"
    module.write_text('"""One package."""\n', "utf-8")
    data.write_text("one", "utf-8")
    (tmp_path / "docs" / "en" / "index.md").write_text("# T\n\n::: pkg\n", "utf-8")
    settings = load_settings(tmp_path)
    plain = config(tmp_path, [])
    included = config(tmp_path, [{"pymdownx.snippets": {"base_path": ["pkg"]}}])

    def keys() -> tuple[str | None, str | None]:
        return sources_key(plain, settings, "en"), sources_key(included, settings, "en")

    before = keys()
    module.write_text('"""One package, documented again."""\n', "utf-8")
    after_code = keys()
    assert after_code[0] == before[0], "pages without blocks do not read the code"
    assert after_code[1] != before[1], "a snippet may include the code"
    data.write_text("two", "utf-8")
    assert keys()[0] != after_code[0], "other watched files still count"
