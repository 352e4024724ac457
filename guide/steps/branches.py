"""The files a reader takes from the branch pages, made from data/branches.yml (guide.sources.branches).

- site/downloads/branches/SLUG.vcf: each office as a contact card ("Save
  contact" on the branch pages), so a candidate has the number when they need
  it; under downloads/ (guide.sources.pages.DOWNLOADS), where no host sends
  the pages' Content-Security-Policy;
- site/assets/branches/branches.json: each office's name, phone number (as
  written and as dialled) and page, for docs/assets/branches/branch.js, which
  shows "Your branch: NAME, PHONE" on the pages that say to call your branch,
  after a link with ?from=SLUG. A file of its own, fetched only by a page that
  needs it, so the pages themselves carry no list of offices.

Both are written into site/ after the generator, never into docs/, so a
build changes no tracked file. The registry was checked before the generator
ran (guide.build.check_sources); this step checks that each branch page the
generator wrote is there, since the links to these files are on those pages.
"""
from __future__ import annotations

import json

from guide.sources import branches
from guide.errors import problems_error

JSON_FILE = "assets/branches/branches.json"


def run(build) -> None:
    offices = branches.load(build.project.root)
    missing = [
        f"docs/{branch.src}: the generator wrote no page for it at {branch.url}. "
        "Fix: check the page is listed under not_in_nav or nav in mkdocs.yml and builds without a warning."
        for branch in offices
        if not build.page_file(branch.src).is_file()
    ]
    if missing:
        raise problems_error("Branch pages are missing from the built site:", missing)
    for branch in offices:
        card = branches.vcard(branch, build.project.absolute_url(branch.url))
        path = build.site_dir / branch.card
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(card.encode("utf-8"))
    listing = {
        branch.slug: {"name": branch.name, "phone": branch.phone, "dial": branch.dial, "url": branch.url}
        for branch in offices
    }
    build.write(build.site_dir / JSON_FILE, json.dumps(listing, ensure_ascii=False, separators=(",", ":")))
