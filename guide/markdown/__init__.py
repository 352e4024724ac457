"""The page transforms, as Python-Markdown extensions on the element tree.

Any engine that runs Python-Markdown runs them (MkDocs and Zensical both do);
they are listed under `markdown_extensions:` in mkdocs.yml:

- ``guide.markdown.worksheets``    the [[field]] syntax, cut-out cards, and a
  worksheet page's print bar, PDF links and printed short link;
- ``guide.markdown.checklists``    task lists as labelled checkboxes that keep their ticks;
- ``guide.markdown.recruiters``    the recruiters' page, filled from data/links.yml (and
  its branch picker, from data/branches.yml);
- ``guide.markdown.candidate_emails`` the ready emails a candidate can send, with Copy
  buttons and mailto: links, filled from data/candidate-emails.yml;
- ``guide.markdown.branches``      the branch office pages and "Your branch" boxes, from
  data/branches.yml;
- ``guide.markdown.search_marks``  navigation sections kept out of the search index;
- ``guide.markdown.page_foot``     every page's review dates and "Report a problem" link.

``guide.markdown.paper`` is shared by the first two: a printed sheet's link and
QR code. ``guide.markdown.page`` tells any of them which page it is on.

Each sets the search-exclusion mark on the elements it makes itself, so no
later step has to find them again by class name.
"""
