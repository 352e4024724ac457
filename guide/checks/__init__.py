"""Quality measures that the tests, the scripts and the bench run; the build never imports them.

import-linter holds that rule (pyproject.toml, [tool.importlinter]; run by `make test`).

- ``prose``, ``plain_language``, ``originality``  reading the built pages' words;
- ``search_quality``   queries typed into the built site's search in Chromium;
- ``weight``           what a phone downloads for a page's first view;
- ``browser``          Debian's headless Chromium, launched for Playwright;
- ``nginx``            the built site served by Debian's nginx with its generated configuration;
- ``observatory``, ``lighthouse``  the MDN HTTP Observatory and Lighthouse against that nginx;
- ``linkcheck``        LinkChecker crawling a served site (the tests, `make linkcheck-external`).
"""
