"""The Interview Recovery Guide's own code: one package for the build, the scripts and the tests.

Nothing here imports MkDocs or Zensical, so both engines (and plain Python,
in the tests) use the same rules:

- ``guide.config``       mkdocs.yml read once, and SITE_URL checked;
- ``guide.frontmatter``  the one front-matter reader, with the metadata errors;
- ``guide.pages``        source file -> URL;
- ``guide.registry``     data/links.yml, loaded and checked once per build;
- ``guide.branches``     data/branches.yml (the branch offices), the same way;
- ``guide.qr``           QR codes for printed sheets, as inline SVG (segno);
- ``guide.html``         HTML -> text, ids and inline parts, with a real parser;
- ``guide.markdown``     the page transforms, as Python-Markdown extensions;
- ``guide.steps``        the named steps over site/ after the generator;
- ``guide.build``        the build: sources checked, generator, steps.
"""
