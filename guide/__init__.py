"""The Interview Recovery Guide's own code: one package for the build, the scripts and the tests.

Laid out by the build's stages (handbook/developers.md, "How the build works"):

- ``guide.sources``   stage 1: what editors write (pages, front matter, review dates,
  worksheets, the link and branch registries, mkdocs.yml), read and checked;
- ``guide.markdown``  stage 2: the page transforms, as Python-Markdown extensions
  that both engines run;
- ``guide.steps``     stage 3: the named steps over site/ after the generator;
- ``guide.web``       HTML reading and editing, headers, the Content-Security-Policy, QR codes;
- ``guide.build``     the build itself: sources checked, generator, steps;
- ``guide.checks``    quality measures for the tests, scripts and bench; the build
  never imports them (an import-linter contract, run by `make test`).

Nothing here imports MkDocs or Zensical but guide.build (which runs them) and
guide.markdown.page (which reads the page each engine is converting).
"""
