"""Stage 1 of the build: what editors write, read and checked before any page is rendered.

- ``config``       mkdocs.yml read the way both engines read it, and SITE_URL checked;
- ``pages``        source file -> URL;
- ``frontmatter``  the one front-matter reader, with every metadata rule;
- ``review``       review dates and the care team's address;
- ``worksheets``   the [[field]] syntax of worksheets and the keys readers' answers are kept under;
- ``registry``     data/links.yml: short links and ready-to-paste emails;
- ``branches``     data/branches.yml: the branch offices.

Nothing here imports an engine, guide.web or guide.checks.
"""
