"""The translation status: how far each language is, per page and per catalog unit.

* ``model``: the states and the report (`PageState`, `StatusReport`, `SourceUnit`);
* ``page_state``: a page's state from its recorded English fingerprint; stamping it;
* ``units``: the state of each catalog unit (docstring units, the site's words);
* ``report``: `collect_status`, the report of every language, structural errors included;
* ``page``: the status page every language's site shows, rendered from the report;
* ``cache``: the report computed once per state of the sources and shared by the builds.

It may import: project, pages, catalogs.
"""
