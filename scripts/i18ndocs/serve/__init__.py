"""Serving the site while it is edited: MkDocs' live-reload server over the built site.

* ``live``: `LiveSite`: rebuilds what a change affects, shows failed builds in the browser;
* ``server``: a plain server of a built site; what to watch and what a change affects;
* ``warm_site``: `WarmSite`: the builds, each language in a warm process, swapped in.

The rebuild itself is handed in by the command line (`i18ndocs.cli.site`).
It may import: project, pages (the documented code to watch), builder.
"""
