"""The ``i18ndocs`` MkDocs plugin: what happens inside one language's build.

* ``plugin``: `I18nDocsPlugin` (``i18ndocs``): MkDocs' events, each routed to a module here;
* ``files``: the language's files: English fallbacks, orphans, blank pages, bad front matter;
* ``translated_pages``: a translated page's checks: safe markup, the English heading ids;
* ``banners``: the banners of untranslated, outdated or partly English pages;
* ``handler``: the templates' caches (templates, listings, signatures), the site's words, and
  the theme's loader (no hidden files listed);
* ``shared_blocks``: each reference block rendered once for every language, filled in per language;
* ``lookahead``: while waiting for a block another language renders, render one ahead;
* ``sections``: the navigation's section titles, translated;
* ``searchskip``: source listings hidden from the search indexer;
* ``searchsections``: a page's search sections, split as Material's parser splits them, faster;
* ``langmarks``: ``lang`` marks on English titles and docstrings of fallback pages;
* ``hosting``: language alternates, the sitemaps and the root ``404.html``;
* ``segmenter``: jieba's dictionary cut down for Han text in the search index;
* ``docstring_warnings``: griffe's warnings about docstrings, once each, fatal or not;
* ``memo``: in ``serve``'s warm processes only, the work a build can reuse from the last;
  a package, one memo a module (``blocks``: reference blocks, ``search``: search entries,
  ``theme``: the theme's files) over a shared ``store`` of entries and their keys.

It may import: project, pages, catalogs, reference, status.
"""
