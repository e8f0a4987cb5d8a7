"""A build split across machines gives the one-machine build's site, byte for byte (issue 23).

Each language of the ``wee`` fixture is built as a shard by ``docs.py build --lang CODE
--shard DIR`` in a process of its own, from a copy of the project of its own (another path,
an empty cache folder of its own: a CI job's checkout); ``docs.py assemble`` joins the
shards in yet another copy, and the site is compared with ``docs.py build`` of a fourth copy:
the same files, the same bytes. Every process gets one SOURCE_DATE_EPOCH, as the documented
CI example sets one for all its jobs (MkDocs dates the sitemaps with it).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from sitefiles import contents

pytestmark = pytest.mark.docs

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "wee"
CODES = ("en", "es", "zh")
ENVIRONMENT = {**os.environ, "SOURCE_DATE_EPOCH": "1780000000"}


def docs(project: Path, *args: str | Path) -> subprocess.CompletedProcess[str]:
    """Run ``docs.py`` in ``project``, in a process of its own."""
    return subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "docs.py"), *map(str, args)],
        cwd=project,
        env=ENVIRONMENT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def copy_of(folder: Path) -> Path:
    """A fresh copy of the wee fixture at ``folder``."""
    shutil.copytree(FIXTURE, folder)
    return folder


@dataclass(frozen=True)
class Split:
    """The shards, the site assembled from them and the project that assembled it.

    Attributes:
        shards: Each language's shard folder by code.
        project: The copy that ran ``assemble``.
        site: The assembled site.
        whole: The one-machine build's site.
    """

    shards: dict[str, Path]
    project: Path
    site: Path
    whole: Path


@pytest.fixture(scope="module")
def split(tmp_path_factory: pytest.TempPathFactory) -> Split:
    """Shards built one per process and copy, assembled; and the one-machine build."""
    base = tmp_path_factory.mktemp("shards")
    shards = {}
    for code in CODES:
        shards[code] = base / "shards" / code
        built = docs(
            copy_of(base / f"job-{code}"), "build", "--lang", code, "--shard", shards[code]
        )
        assert built.returncode == 0, built.stdout + built.stderr
    project = copy_of(base / "assembling")
    site = base / "assembled"
    assembled = docs(project, "assemble", *shards.values(), "--site-dir", site)
    assert assembled.returncode == 0, assembled.stdout + assembled.stderr
    whole = base / "whole"
    built = docs(copy_of(base / "one-machine"), "build", "--site-dir", whole)
    assert built.returncode == 0, built.stdout + built.stderr
    return Split(shards, project, site, whole)


def test_the_assembled_site_is_the_one_machine_build_byte_for_byte(split: Split) -> None:
    whole, assembled = contents(split.whole), contents(split.site)
    assert len(whole) > 50
    assert sorted(assembled) == sorted(whole)
    assert [name for name in whole if assembled[name] != whole[name]] == []


def test_a_shard_holds_its_languages_and_its_manifest_only(split: Split) -> None:
    for code, shard in split.shards.items():
        assert sorted(path.name for path in shard.iterdir()) == sorted([code, "shard.json"])
        assert not list(shard.parent.glob(".site-*")), "a staging folder was left behind"


def refused(project: Path, *args: str | Path) -> str:
    """Run a command that must fail, and return its one line."""
    result = docs(project, *args)
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_bad_shards_are_refused_in_one_line_and_the_site_stays(split: Split) -> None:
    en, es, zh = (split.shards[code] for code in CODES)
    project, site = split.project, split.site
    before = contents(site)
    to_site = ("--site-dir", site)
    assert refused(project, "assemble", *to_site).startswith("assemble: error: no shard given")
    line = refused(project, "assemble", en, es, *to_site)
    assert line.startswith(f"{project / 'mkdocs.yml'}:")
    assert "no shard holds zh" in line
    line = refused(project, "assemble", en, es, es, zh, *to_site)
    assert line == f"{es}: error: is given twice; give each language in one shard only"
    line = refused(project, "assemble", en, es, project, *to_site)
    assert line.startswith(f"{project}: error: is not a shard: it has no shard.json")
    line = refused(project, "assemble", en, es, zh, *to_site, "--site-url", "https://a.org/")
    assert line.startswith(f"{en / 'shard.json'}: error: was built with another root URL")
    line = refused(project, "assemble", en, es, zh, "--site-dir", es)
    assert line.startswith(f"{es}: error: overlaps the site folder")
    other = split.project.parent / "other-config"
    shutil.copytree(project, other)
    config = other / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("site_name: wee", "site_name: wy"), "utf-8")
    line = refused(other, "assemble", en, es, zh, "--site-dir", other / "site")
    assert line.startswith(f"{en / 'shard.json'}: error: was built with another site_name")
    assert not (other / "site").exists()
    assert contents(site) == before


def test_bad_shard_folders_and_languages_are_refused_in_one_line(split: Split) -> None:
    project = split.project
    shard = project.parent / "new-shard"
    line = refused(project, "build", "--lang", "xx", "--shard", shard)
    assert line.endswith("error: unknown language 'xx'; the site's languages are en, es, zh")
    line = refused(project, "build", "--lang", "es", "--shard", project / "docs" / "es" / "s")
    assert line.startswith("--shard: error:")
    assert "overlaps the source folder" in line
    line = refused(project, "build", "--lang", "es", "--shard", project / "site")
    assert line.startswith("--shard: error:")
    assert "overlaps the site folder" in line
    line = refused(project, "build", "--lang", "es", "--shard", project / "docs")
    assert line.startswith("--shard: error:")
    assert not shard.exists()


def test_a_failed_shard_build_leaves_the_previous_shard(tmp_path: Path) -> None:
    project = copy_of(tmp_path / "wee")
    shard = tmp_path / "shard"
    built = docs(project, "build", "--lang", "es", "--shard", shard)
    assert built.returncode == 0, built.stdout + built.stderr
    before = contents(shard)
    shutil.rmtree(project / "docs" / "zh")
    failed = docs(project, "build", "--lang", "es", "--lang", "zh", "--shard", shard)
    assert failed.returncode == 1
    assert f"build failed; {shard} was left as it was" in " ".join(failed.stderr.split())
    assert contents(shard) == before
    assert sorted(path.name for path in tmp_path.iterdir()) == ["shard", "wee"]
    fresh = tmp_path / "fresh"
    assert docs(project, "build", "--lang", "zh", "--shard", fresh).returncode == 1
    assert not fresh.exists()
