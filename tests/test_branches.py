"""The branch office registry (data/branches.yml) and what the build makes from it.

- the registry: every problem listed at once, each naming the entry and the fix;
- the example entries: refused by a build for a public SITE_URL, naming the file;
- branch pages and registry entries must match (a page per branch, no page without one);
- `python -m guide branch-pages` writes a new branch's page, and the build fills it;
- the built pages: each branch's name, address, hours, tap-to-call and email links
  and its .vcf card, with the registry's details; the list the ?from= script reads.

Expected values come from the registry (or, for a new branch, from the test itself),
never from the built output."""
from __future__ import annotations

import json
import posixpath
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, TEST_BUILD_SKIPS, guide_build
from guide.sources import branches, pages
from guide.web import html
from guide.errors import GuideError

REGISTRY = branches.load(ROOT)
SLUGS = [branch.slug for branch in REGISTRY]

GOOD = """\
branches:
  - slug: riverside
    name: Riverside branch office
    address: [14 Mill Lane, Riverside RV1 2AB]
    phone: (202) 555-0142
    dial: "+12025550142"
    email: riverside@example.org
    hours: [Monday to Friday 9am to 5pm]
    towns: [Riverside]
    postcodes: [RV1]
    example: true
"""


def problems(text: str) -> str:
    with pytest.raises(GuideError) as raised:
        branches.parse(text)
    return raised.value.message


# ---- the registry ---------------------------------------------------------------------


def test_the_shipped_registry_holds_clearly_fictional_examples() -> None:
    assert len(REGISTRY) >= 2
    for branch in REGISTRY:
        assert branch.example, branch.slug
        assert re.fullmatch(r"\+1\d{3}55501\d\d", branch.dial), f"{branch.slug}: not a 555-01xx number"
        assert branch.email.endswith("@example.org"), branch.slug


def test_a_good_entry_reads_as_written() -> None:
    branch = branches.parse(GOOD).branches[0]
    assert (branch.slug, branch.phone, branch.dial) == ("riverside", "(202) 555-0142", "+12025550142")
    assert branch.address == ("14 Mill Lane", "Riverside RV1 2AB")
    assert branch.postcodes == ("RV1",)


def test_every_problem_is_listed_at_once_with_the_entry_and_the_fix() -> None:
    text = GOOD + """\
  - slug: riverside
    name: Second office
    address: [1 Road]
    phone: 020 7946 0958
    dial: "+442079460958"
    email: second@agency.test
    hours: [Mondays]
    towns: [Elsewhere]
    postcodes: [EL1]
    example: true
  - slug: Hill Crest
    name: Hill office
    address: [2 Road]
    phone: 020 7946 0000
    dial: "+442079469999"
    email: hill.agency.test
    hours: [Mondays]
    towns: [Hill]
    postcodes: [HL1]
    opening: 9am
  - slug: nophone
    name: No phone
    address: [3 Road]
    dial: 12025550100
    email: a@b.example
    hours: [Mondays]
    towns: [Nowhere]
    postcodes: [NW1]
"""
    message = problems(text)
    assert 'branch #2 ("riverside"): the slug is already used by branch #1' in message
    # The schema (schemas/branches.schema.json) lists the keys; the message gives the file's line.
    assert 'branch #3 ("Hill Crest"), line 31: unknown key \'opening\'. Fix: use one of `slug:`' in message
    assert 'branch #4 ("nophone"): missing `phone`' in message
    assert '`dial: 12025550100` is read as a int, not text. Fix: put it in quotes: dial: "12025550100"' in message
    # Each names data/branches.yml and says how to fix it.
    lines = [line for line in message.splitlines() if line.startswith("  - ")]
    assert len(lines) >= 4
    assert all("data/branches.yml, branch #" in line and "Fix:" in line for line in lines), message


@pytest.mark.parametrize(
    ("change", "says"),
    [
        (("slug: riverside", "slug: River Side"), 'slug "River Side" cannot be a web address'),
        (("slug: riverside", "slug: index"), 'slug "index" cannot be a web address'),
        (('dial: "+12025550142"', 'dial: "12025550142"'), 'dial "12025550142" is not an E.164 number'),
        (('dial: "+12025550142"', 'dial: "+12025550143"'), 'phone "(202) 555-0142" and dial "+12025550143" are different numbers'),
        (("phone: (202) 555-0142", "phone: call us"), 'phone "call us" is not a phone number'),
        (("email: riverside@example.org", "email: riverside at example.org"), "is not an email address"),
        (("email: riverside@example.org", "email: riverside@example"), "is not an email address"),
        (("    towns: [Riverside]\n", ""), "missing `towns`"),
        (("postcodes: [RV1]", "postcodes: [RV1!]"), "'RV1!' in `postcodes` are not postcodes"),
        (("    example: true\n", ""), "is one reserved for fiction (555-0100 to 555-0199)"),
        (("    example: true\n", ""), "is at a domain reserved for examples"),
        (("    example: true\n", "    example: maybe\n"), "`example` must be true or false"),
        (("branches:", "offices:"), "must hold a list under `branches:`"),
    ],
)
def test_a_bad_entry_names_itself_and_the_fix(change: tuple[str, str], says: str) -> None:
    old, new = change
    assert old in GOOD
    message = problems(GOOD.replace(old, new))
    assert says in message
    assert "Fix:" in message


@pytest.mark.parametrize(
    ("written", "dial", "same"),
    [
        ("(202) 555-0142", "+12025550142", True),
        ("202.555.0142", "+12025550142", True),
        ("020 7946 0958", "+442079460958", True),
        ("+44 20 7946 0958", "+442079460958", True),
        ("020 7946 0958", "+442079460959", False),
        ("+44 20 7946 0958", "+4402079460958", False),
        ("555 0142", "+12025550142", False),  # too short to be sure
    ],
)
def test_the_written_number_must_be_the_dialled_one(written: str, dial: str, same: bool) -> None:
    assert branches.same_number(written, dial) is same


@pytest.mark.parametrize(
    ("url", "local"),
    [
        ("http://127.0.0.1:8000/", True),
        ("http://localhost:8000/help/", True),
        ("http://[::1]:8000/", True),
        ("http://127.0.0.2/", True),
        ("https://guide.example.org/", False),
        ("http://192.168.1.20/", False),
        ("https://localhost.example.org/", False),
    ],
)
def test_what_counts_as_a_local_address(url: str, local: bool) -> None:
    assert branches.is_local(url) is local


# ---- builds -----------------------------------------------------------------------------


def test_a_public_build_fails_while_an_example_branch_remains(project_copy: Path, monkeypatch) -> None:
    monkeypatch.setenv("SITE_URL", "https://guide.example.org/")
    result = guide_build(project_copy)
    assert result.returncode == 1
    assert "Error: data/branches.yml still holds example branch offices" in result.stderr
    assert all(f'"{slug}"' in result.stderr for slug in SLUGS)
    assert "Fix: in data/branches.yml, replace the examples with your real branch offices" in result.stderr
    # It stops before the generator: nothing was built.
    assert not (project_copy / "site").exists()


def test_a_public_build_passes_once_the_offices_are_real(project_copy: Path, monkeypatch) -> None:
    registry = project_copy / "data" / "branches.yml"
    text = registry.read_text()
    real = text.replace("    example: true\n", "")
    for number, slug in enumerate(SLUGS):
        branch = REGISTRY.by_slug()[slug]
        national = f"020 7946 09{number:02d}"
        real = real.replace(f"phone: {branch.phone}", f"phone: {national}")
        real = real.replace(f'dial: "{branch.dial}"', f'dial: "+4420794609{number:02d}"')
        real = real.replace(branch.email, f"{slug}@agency.co.uk")
    registry.write_text(real)
    monkeypatch.setenv("SITE_URL", "https://guide.agency.co.uk/")
    # Without paper: a new SITE_URL changes every QR code, so every PDF would be made again, and
    # the branch offices are on none of them; the link check would then miss the PDFs.
    result = guide_build(project_copy, skip=(*TEST_BUILD_SKIPS, "worksheet-pdfs", "link-check"))
    assert "data/branches.yml still holds example" not in result.stderr
    assert result.returncode == 0, result.stderr
    built = (project_copy / "site" / "branches" / SLUGS[0] / "index.html").read_text()
    assert 'href="tel:+442079460900"' in built
    assert "Example office" not in built


def test_a_branch_without_its_page_fails_naming_the_command(project_copy: Path) -> None:
    (project_copy / "docs" / "branches" / f"{SLUGS[0]}.md").unlink()
    result = guide_build(project_copy)
    assert result.returncode == 1
    assert f"its page docs/branches/{SLUGS[0]}.md is missing. Fix: run `make branch-pages`" in result.stderr


def test_a_page_without_its_branch_fails_naming_the_page(project_copy: Path) -> None:
    page = project_copy / "docs" / "branches" / "closed-office.md"
    page.write_text((project_copy / "docs" / "branches" / f"{SLUGS[0]}.md").read_text())
    result = guide_build(project_copy)
    assert result.returncode == 1
    assert 'docs/branches/closed-office.md has no branch "closed-office" in data/branches.yml' in result.stderr
    assert "'branches/closed-office.md': 'branches/index.md'" in result.stderr


def test_a_page_title_that_is_not_the_branch_name_fails(project_copy: Path) -> None:
    page = project_copy / "docs" / "branches" / f"{SLUGS[0]}.md"
    name = REGISTRY.by_slug()[SLUGS[0]].name
    page.write_text(page.read_text().replace(f"title: {name}", "title: Our old office"))
    result = guide_build(project_copy)
    assert result.returncode == 1
    assert f"set `title: {name}`" in result.stderr


def test_a_new_branch_gets_its_page_from_the_command_and_the_build(project_copy: Path) -> None:
    registry = project_copy / "data" / "branches.yml"
    registry.write_text(registry.read_text() + """
  - slug: lakeside-north
    name: Lakeside North branch office
    address: [7 Pier Road, Lakeside LK2 9ZZ]
    phone: (303) 555-0199
    dial: "+13035550199"
    email: lakeside@example.org
    hours:
      - Tuesday and Thursday, 10am to 2pm
    towns: [Lakeside, Pier End]
    postcodes: [LK2]
    example: true
""")
    command = [sys.executable, "-m", "guide"]
    before = guide_build(project_copy)
    assert before.returncode == 1 and "docs/branches/lakeside-north.md is missing" in before.stderr
    written = subprocess.run([*command, "branch-pages", "-f", str(project_copy / "mkdocs.yml")],
                             capture_output=True, text=True, cwd=project_copy)
    assert written.returncode == 0, written.stderr
    assert "docs/branches/lakeside-north.md" in written.stdout
    assert (project_copy / "docs" / "branches" / "lakeside-north.md").is_file()
    again = subprocess.run([*command, "branch-pages", "-f", str(project_copy / "mkdocs.yml")],
                           capture_output=True, text=True, cwd=project_copy)
    assert "wrote 0 branch page(s)" in again.stdout  # never overwrites a page
    subprocess.run([*command, "record-urls", "-f", str(project_copy / "mkdocs.yml")], check=True,
                   capture_output=True, cwd=project_copy)
    result = guide_build(project_copy)
    assert result.returncode == 0, result.stderr
    site = project_copy / "site"
    page = (site / "branches" / "lakeside-north" / "index.html").read_text()
    assert "<h1" in page and "Lakeside North branch office" in page
    assert 'href="tel:+13035550199"' in page and "(303) 555-0199" in page
    assert "Tuesday and Thursday, 10am to 2pm" in page
    listing = (site / "branches" / "index.html").read_text()
    assert 'data-br-slug="lakeside-north"' in listing
    card = (site / "downloads" / "branches" / "lakeside-north.vcf").read_text()
    assert "TEL;TYPE=WORK,VOICE:+13035550199" in card
    assert json.loads((site / "assets" / "branches" / "branches.json").read_text())["lakeside-north"]["phone"] == "(303) 555-0199"


# ---- the built site ---------------------------------------------------------------------


def article(site_dir: Path, url: str) -> str:
    text = pages.html_file(site_dir, url).read_text(encoding="utf-8")
    opening = next(html.start_tags(text, "article"))
    return text[opening.start : text.index("</article>", opening.start)]


@pytest.mark.parametrize("slug", SLUGS)
def test_each_branch_is_on_the_list_and_has_its_page(site_dir: Path, slug: str) -> None:
    branch = REGISTRY.by_slug()[slug]
    for url in ("branches/", branch.url):
        text = article(site_dir, url)
        words = html.text(text)
        assert branch.name in words, url
        for line in (*branch.address, *branch.hours, *branch.towns):
            assert line in words, f"{url}: {line!r} missing"
        assert f'href="tel:{branch.dial}"' in text, url
        assert f'href="mailto:{branch.email}"' in text, url
        assert branch.phone in words, url
        save = [e for e in html.start_tags(text, "a") if (e.attrs.get("href") or "").endswith(f"{slug}.vcf")]
        assert save, f"{url}: no Save contact link"
        assert "Save contact" in words


@pytest.mark.parametrize("slug", SLUGS)
def test_each_vcard_holds_the_registry_details(site_dir: Path, slug: str) -> None:
    branch = REGISTRY.by_slug()[slug]
    raw = (site_dir / branch.card).read_bytes()
    assert raw.startswith(b"BEGIN:VCARD\r\nVERSION:3.0\r\n") and raw.endswith(b"END:VCARD\r\n")
    assert all(len(line) <= 75 for line in raw.split(b"\r\n")), "a line is not folded at 75 octets"
    unfolded = raw.decode("utf-8").replace("\r\n ", "").split("\r\n")
    fields = dict(line.split(":", 1) for line in unfolded if ":" in line)
    assert fields["FN"] == branch.name.replace(",", "\\,")
    assert fields["TEL;TYPE=WORK,VOICE"] == branch.dial
    assert fields["EMAIL;TYPE=INTERNET,WORK"] == branch.email
    assert fields["ADR;TYPE=WORK"].split(";")[2].split("\\n") == [line.replace(",", "\\,") for line in branch.address]
    assert fields["URL"].endswith(f"/branches/{slug}/")


def test_the_list_for_from_links_matches_the_registry(site_dir: Path) -> None:
    listing = json.loads((site_dir / "assets" / "branches" / "branches.json").read_text())
    assert sorted(listing) == sorted(SLUGS)
    for branch in REGISTRY:
        assert listing[branch.slug] == {"name": branch.name, "phone": branch.phone, "dial": branch.dial, "url": branch.url}


def test_the_pages_that_say_call_your_branch_have_the_box(site_dir: Path) -> None:
    for url in ("follow-up/talk-to-your-recruiter/", "follow-up/call-your-contact/", "follow-up/follow-up-call/",
                "scenarios/no-news-after-a-week/"):
        text = article(site_dir, url)
        boxes = [e for e in html.start_tags(text, "div") if "data-br-yours" in e.attrs]
        assert len(boxes) == 1, url
        assert "Find your branch office" in html.text(text), url
    not_found = (site_dir / "404.html").read_text(encoding="utf-8")
    assert any("data-br-yours" in e.attrs for e in html.start_tags(not_found, "div"))


def test_the_list_is_linked_from_the_pages_that_send_readers_to_a_branch(site_dir: Path) -> None:
    for url, section in [
        ("follow-up/talk-to-your-recruiter/", "no-recruiter-yet"),
        ("about/", None), ("", None), ("recruiters/", None),
    ]:
        text = article(site_dir, url)
        if section:
            start = text.index(f'id="{section}"')
            text = text[start : text.find("<h2", start + 1)]
        hrefs = [e.attrs.get("href") or "" for e in html.start_tags(text, "a")]
        resolved = {posixpath.normpath(posixpath.join("/" + url, href)) for href in hrefs if ":" not in href}
        assert "/branches" in resolved, f"/{url} ({section or 'article'}) does not link to /branches/: {sorted(resolved)}"
    not_found = (site_dir / "404.html").read_text(encoding="utf-8")
    assert any((e.attrs.get("href") or "").rstrip("/").endswith("/branches") for e in html.start_tags(not_found, "a"))


def test_the_example_an_empty_registry_offers_builds_when_pasted_as_is(project_copy: Path) -> None:
    # The entry the message offered had made-up details without `example: true`,
    # so pasting it failed with another message.
    registry = project_copy / "data" / "branches.yml"
    registry.write_text("", encoding="utf-8")
    empty = guide_build(project_copy)
    assert empty.returncode == 1
    offered = empty.stderr.split("Fix: write each office like this:\n", 1)[1]
    assert offered.startswith("branches:\n  - slug: riverside")
    registry.write_text(offered, encoding="utf-8")
    # A registry started afresh: the shipped examples' pages and their (never live) URLs go too.
    for slug in ("hillcrest", "northgate"):
        for docs in ("docs", "es/docs"):  # each edition's page of the office
            (project_copy / docs / "branches" / f"{slug}.md").unlink()
    record = project_copy / "data" / "published-urls.txt"
    gone = {f"{edition}/branches/{slug}/" for edition in ("", "/es") for slug in ("hillcrest", "northgate")}
    record.write_text(
        "".join(line for line in record.read_text(encoding="utf-8").splitlines(keepends=True)
                if line.strip() not in gone),
        encoding="utf-8",
    )
    result = guide_build(project_copy)
    assert result.returncode == 0, result.stderr
    assert (project_copy / "site" / "branches" / "riverside" / "index.html").is_file()
    assert any((project_copy / "site").rglob("riverside.vcf"))  # its contact card, wherever downloads live
