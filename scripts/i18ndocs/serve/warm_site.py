"""``serve``'s builds: each language in its warm process, swapped in without copying the others.

`WarmSite.rebuild` does what `i18ndocs.builder.site.build_site` does for a full build, with
two differences that make an edit show sooner:

* each language builds in its own long-lived process (`i18ndocs.builder.warm`), which
  remembers the work of its previous build whose inputs did not change (`i18ndocs.plugin.memo`);
  the processes are replaced when ``mkdocs.yml`` changes, since what they remember is only
  keyed on the sources of the reference and the search index;
* the languages not rebuilt enter the staging folder as hard links to the current site's
  files instead of copies (`i18ndocs.builder.site.finish_site`).

The staging folder is swapped in whole, as in a full build, so a reader never sees a
half-written language; after it, the served site holds what a full build of the same
sources writes.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from pathlib import Path

from i18ndocs.builder.site import LanguageResult, SiteResult, finish_site, process_context
from i18ndocs.builder.sitedir import check_site_dir
from i18ndocs.builder.staging import staged
from i18ndocs.builder.warm import WarmBuilder
from i18ndocs.project.languages import select_languages
from i18ndocs.project.settings import Settings, load_settings


class WarmSite:
    """Builds a served site's languages in warm processes (see the module).

    Args:
        root: The project folder holding ``mkdocs.yml``.
        site_url: The root URL the site is served from.
    """

    def __init__(self, root: Path, site_url: str) -> None:
        self.root = root
        self.site_url = site_url
        self.context = process_context()
        self.builders: dict[str, WarmBuilder] = {}
        self.config_text: str | None = None

    def rebuild(
        self,
        project: Path | Settings,
        site_dir: Path,
        codes: Sequence[str] = (),
        *,
        on_result: Callable[[LanguageResult], None] | None = None,
    ) -> SiteResult:
        """Build languages and swap them into the site, keeping the others.

        Args:
            project: The folder holding ``mkdocs.yml``, or its settings already read.
            site_dir: The site folder to replace.
            codes: The languages to build; empty means all of them.
            on_result: Called with each language's result as it arrives.

        Returns:
            The results; the site was replaced only if every language succeeded.

        Raises:
            DocsError: The configuration is malformed, a code is not one of its languages,
                or the site folder would overwrite the sources.
        """
        start = time.perf_counter()
        settings = project if isinstance(project, Settings) else load_settings(project)
        if settings.config_text != self.config_text:
            self.close()
            self.config_text = settings.config_text
        selected = select_languages(list(settings.languages), list(codes))
        site_dir = check_site_dir(settings.root, site_dir, settings.sources, "--site-dir")
        with staged(settings.cache_dir, site_dir) as staging:
            for language in selected:
                self._builder(language.code).send(
                    staging.path / language.code, self.site_url, False
                )
            building = {language.code for language in selected}
            idle = [code for code in self.builders if code not in building]
            if idle:  # served languages rebuilt next: one makes the status report meanwhile
                self.builders[idle[0]].prepare_report()
            results = []
            for language in selected:
                result = self.builders[language.code].receive()
                results.append(result)
                if on_result is not None:
                    on_result(result)
            if all(result.ok for result in results):
                finish_site(settings, staging, selected, self.site_url, link=True)
        return SiteResult(site_dir, tuple(results), time.perf_counter() - start)

    def close(self) -> None:
        """End every warm process."""
        for builder in self.builders.values():
            builder.stop()
        self.builders.clear()

    def _builder(self, code: str) -> WarmBuilder:
        """The warm process of a language, created on first use."""
        if code not in self.builders:
            self.builders[code] = WarmBuilder(self.context, self.root, code)
        return self.builders[code]
