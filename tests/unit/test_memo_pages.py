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

from i18ndocs.plugin.memo.pages import files_key, folders_key, snippet_folders


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
