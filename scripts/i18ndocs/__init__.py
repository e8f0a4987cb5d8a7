"""i18ndocs: multi-language API reference sites built with MkDocs, Material and mkdocstrings.

``mkdocs.yml`` declares the languages. English is the source: its pages (``docs/en/``) and the
documented package's docstrings; translations are pages (``docs/<code>/``) and gettext catalogs.
``scripts/docs.py`` builds each language as a site of its own, ``site/<code>/``.

Packages, from the ground floor up; a package may import only the ones listed before it:

    project    mkdocs.yml: languages, settings, each language's MkDocs configuration, problems
    pages      Markdown pages: front matter, ::: directives, headings, what translations may add
    catalogs   gettext catalogs: docstring units, the site's words, .pot/.po/.mo files
    reference  the API reference: griffe extensions (translation, attributes), render caches
    status     translation status: page and unit states, the report, the status page, its cache,
               the English pages were translated from (snapshots) and what changed since (diff)
    lint       translation lint: checks of translations against the English, glossaries
    plugin     the i18ndocs MkDocs plugin: what happens inside one language's build
    builder    the whole site: a process per language, a staging folder, the atomic swap
    serve      the live-reload server over the built site, each language rebuilt in a warm
               process that reuses its last build's work (builder.warm, plugin.memo)
    cli        the command line: one module per command group, cli.app assembles them

``templates/`` holds no Python: the theme's overrides (``theme/``) and mkdocstrings'
(``mkdocstrings/``), which the plugin lends them, and what ``i18ndocs init`` and ``new-lang``
write into a project (``init/guide/<code>.md``: the translators' guide, one file per language).

One build::

    docs.py build  (scripts/docs.py, this repository's entry to cli.app) -> cli.site.build
    -> builder.site.build_site: reads the settings once (project.settings)
    -> per language, in its own process (builder.workers), builder.site.build_language reads the
       settings once and derives the language's MkDocs configuration (project.language_config);
       builder.site.configure_language hands the settings to the plugin
    -> MkDocs runs; the i18ndocs plugin (plugin.plugin.I18nDocsPlugin) handles its events:
       files (English fallbacks, the status page), page Markdown (banners), page HTML (units
       still in English), env (the language's llms.txt), post page (alternates in every
       language)
    -> every language lands in a staging folder (builder.staging)
    -> once all succeeded, the root files (index, 404, sitemap index, llms.txt) are written
       and the staging folder replaces site/ (an atomic swap)

Split across machines (builder.shards): ``build --lang CODE --shard DIR`` builds into a shard
folder with a manifest instead of the site; ``assemble`` checks the shards, copies their
languages into a staging folder and ends like a build (builder.site.finish_site).

One status run::

    docs.py status -> cli.status -> status.report.collect_status
                                    <- status.page_state (pages), status.units (catalog units)

The site's status page is status.page, rendered from the same report, which status.cache
computes once per state of the sources and shares across the languages' builds.

Where to add:

* a check of translations: lint/checks.py (its FindingKind and the check); lint/findings.py
  collects the findings, for ``docs.py lint`` and ``docs.py status --check``;
* a command: a module in cli/, registered in cli/app.py;
* the translators' guide in another language: templates/init/guide/<code>.md, a translation
  of en.md with the same placeholders, blocks and heading anchors (tests/unit/test_init_plan.py
  lints every one against en.md);
* a template: templates/theme/ for the theme, templates/mkdocstrings/ for the reference;
* a word the site shows: mark it in the code that says it (a gettext call, or N_/NP_ for a
  string kept as data; a template's words are listed in catalogs/sitetext.py), then run
  ``docs.py catalog pipeline`` to extract it into the catalogs the pipeline ships
  (locale/i18ndocs.pot and every locale/<code>.po) and translate it in each of them;
* a language the pipeline's words ship in: its catalog as locale/<code>.po (the canonical
  BCP 47 code), started from locale/i18ndocs.pot; ``docs.py catalog pipeline`` sets its
  header and plural rule, and the shipped catalogs' test says what is still missing.
"""
