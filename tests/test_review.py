"""Review dates and "Report a problem with this page" (handbook/editors.md, "Review dates").

Every page has `reviewed:` in its front matter (guide/sources/frontmatter.py checks it);
its foot shows the last and next review and a mailto: link to the candidate
care team (guide/markdown/page_foot.py); the sitemap's <lastmod> is the same
date (guide/steps/sitemap.py); `make review` lists what is due (guide/sources/review.py).
A date that has merely grown old never fails anything.
"""
from __future__ import annotations

import gzip
import subprocess
import sys
import xml.etree.ElementTree as etree
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from conftest import ROOT, goto_settled, guide_build, render_markdown
from guide.sources import frontmatter, pages, review
from guide.sources.config import load_project
from guide.steps import sitemap

DOCS = ROOT / "docs"
SRCS = pages.source_pages(DOCS)
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
CARE_TEAM = load_project(ROOT / "mkdocs.yml").extra["care_team_email"]


def typed_reviewed(src: str) -> str:
    """The `reviewed:` value exactly as the editor typed it, read without guide's parser."""
    head = (DOCS / src).read_text(encoding="utf-8").split("\n---\n", 1)[0]
    return next(line.split(":", 1)[1].strip() for line in head.splitlines() if line.startswith("reviewed:"))


def source(front_matter: str) -> frontmatter.Source:
    return frontmatter.parse(f"---\ntitle: T\ndescription: A page.\n{front_matter}\n---\n\n# T\n", "x/page.md")


# --- the front-matter check ----------------------------------------------------------------

TODAY = date(2026, 11, 28)


def test_a_good_date_passes_and_sets_the_next_review_a_year_on() -> None:
    page = source("reviewed: 2026-11-03")
    assert frontmatter.check_review(page, TODAY) == []
    assert (page.reviewed, page.next_review) == (date(2026, 11, 3), date(2027, 11, 3))


def test_review_every_sets_the_interval_in_months() -> None:
    assert source("reviewed: 2026-11-03\nreview_every: 6 months").next_review == date(2027, 5, 3)
    assert source("reviewed: 2026-11-03\nreview_every: 1 month").next_review == date(2026, 12, 3)
    # A month with fewer days: the due date is that month's last day.
    assert source("reviewed: 2026-08-31\nreview_every: 6 months").next_review == date(2027, 2, 28)
    assert source("reviewed: 2027-08-31\nreview_every: 6 months").next_review == date(2028, 2, 29)


@pytest.mark.parametrize(
    ("front_matter", "says"),
    [
        ("", "no `reviewed:` date in the front matter. Fix: check the page is still right, then add `reviewed: 2026-11-28`"),
        ("reviewed: 25/11/2026", "`reviewed: 25/11/2026` is not a date written as YYYY-MM-DD. Fix: write it like `reviewed: 2026-11-28`"),
        ("reviewed: 2026-11-5", "`reviewed: 2026-11-5` is not a date written as YYYY-MM-DD"),
        ("reviewed: yes", "`reviewed: yes` is not a date"),
        ("reviewed: 2026-12-01", "`reviewed: 2026-12-01` is in the future"),
        ("reviewed: 2026-11-01\nreview_every: 6", "`review_every: 6` is not a number of months from 1 to 24. Fix: write it like `review_every: 6 months`"),
        ("reviewed: 2026-11-01\nreview_every: 1 year", "`review_every: 1 year` is not a number of months"),
        ("reviewed: 2026-11-01\nreview_every: 36 months", "`review_every: 36 months` is not a number of months from 1 to 24"),
    ],
)
def test_a_bad_review_date_names_the_problem_and_the_fix(front_matter: str, says: str) -> None:
    problems = frontmatter.check_review(source(front_matter), TODAY)
    assert any(says in problem for problem in problems), problems


@pytest.mark.parametrize(
    ("front_matter", "says"),
    [
        # The schema (schemas/front-matter.schema.json) lists the keys; a near miss gets a did-you-mean,
        # with the file's line (source() writes '---', title and description on lines 1 to 3).
        ("last_reviewed: 2026-11-01", "line 4: front matter key `last_reviewed:` is not read by anything. Fix: rename it to `reviewed:`."),
        ("reviewed: 2026-11-01\nreview-every: 6 months", "line 5: front matter key `review-every:` is not read by anything. Fix: rename it to `review_every:`."),
        ("reviewed: 2026-11-01\nreview_evrey: 6 months", "line 5: front matter key `review_evrey:` is not read by anything. Fix: rename it to `review_every:`."),
    ],
)
def test_a_misspelt_review_key_is_named_with_its_line_and_the_key_meant(front_matter: str, says: str) -> None:
    problems = frontmatter.check_keys(source(front_matter))
    assert any(says in problem for problem in problems), problems


def test_a_day_that_does_not_exist_is_explained_not_a_traceback() -> None:
    with pytest.raises(frontmatter.GuideError) as error:
        source("reviewed: 2026-02-30")
    assert "docs/x/page.md: the front matter has a date that does not exist" in error.value.message
    assert "Fix: write a real day as YYYY-MM-DD" in error.value.message


def test_time_passing_never_fails_a_date() -> None:
    # A commit that builds today must still build in ten years.
    page = source("reviewed: 2026-11-03")
    assert frontmatter.check_review(page, date(2036, 11, 3)) == []


def test_the_future_is_later_than_today_anywhere_in_the_world() -> None:
    # Today in the furthest time zone (UTC+14) passes, so an editor east of the build server is never refused.
    latest = frontmatter.latest_today()
    assert latest >= date.today()
    assert frontmatter.check_review(source(f"reviewed: {latest.isoformat()}")) == []
    tomorrow = latest + timedelta(days=1)
    assert "is in the future" in " ".join(frontmatter.check_review(source(f"reviewed: {tomorrow.isoformat()}")))


def test_every_page_has_a_plausible_review_date() -> None:
    # The content was written from 20 November 2026; every page was checked since.
    for src in SRCS:
        reviewed = date.fromisoformat(typed_reviewed(src))
        assert date(2026, 11, 20) <= reviewed <= date.today(), src


def test_dates_read_like_the_nhs_pages() -> None:
    assert frontmatter.long_date(date(2026, 11, 3)) == "3 November 2026"
    assert frontmatter.long_date(date(2027, 1, 21)) == "21 January 2027"


# --- the build ------------------------------------------------------------------------------


def set_reviewed(page: Path, line: str) -> None:
    text = page.read_text(encoding="utf-8")
    head, body = text.split("\n---\n", 1)
    head = "\n".join(l for l in head.splitlines() if not l.startswith("reviewed:"))
    page.write_text(head + (f"\n{line}" if line else "") + "\n---\n" + body, encoding="utf-8")


def test_the_build_lists_every_missing_or_mistyped_date_naming_the_file_and_fix(project_copy: Path) -> None:
    set_reviewed(project_copy / "docs" / "during" / "keep-calm.md", "")
    set_reviewed(project_copy / "docs" / "about.md", "reviewed: 2026-13-01")
    set_reviewed(project_copy / "docs" / "scenarios" / "sweaty-hands.md", "reviewed: 2062-11-25")
    result = guide_build(project_copy)
    assert result.returncode == 1
    assert "docs/during/keep-calm.md: no `reviewed:` date in the front matter. Fix:" in result.stderr
    assert "docs/about.md: the front matter has a date that does not exist" in result.stderr
    assert "docs/scenarios/sweaty-hands.md: `reviewed: 2062-11-25` is in the future" in result.stderr


def test_the_care_team_address_is_checked(project_copy: Path) -> None:
    config = project_copy / "mkdocs.yml"
    config.write_text(config.read_text().replace(f"care_team_email: {CARE_TEAM}", "care_team_email: the care team"))
    result = guide_build(project_copy)
    assert result.returncode == 1
    assert "mkdocs.yml: `care_team_email: the care team` is not an email address. Fix: under `extra:`" in result.stderr


# --- the foot of every page -----------------------------------------------------------------


def foot(site: Path, src: str):
    soup = BeautifulSoup(pages.html_file(site, pages.url_of(src)).read_text(encoding="utf-8"), "html.parser")
    feet = soup.select("article footer.guide-page-foot")
    assert len(feet) == 1, f"{src}: {len(feet)} page feet"
    return soup, feet[0]


def test_a_page_foot_reads_like_the_nhs_one(site_dir: Path) -> None:
    # docs/scenarios/sweaty-hands.md says `reviewed: 2026-11-25` and has no review_every.
    assert typed_reviewed("scenarios/sweaty-hands.md") == "2026-11-25"
    _, element = foot(site_dir, "scenarios/sweaty-hands.md")
    line = " ".join(element.select_one("p.guide-reviewed").get_text().split())
    assert line == "Page last reviewed: 25 November 2026 · Next review due: 25 November 2027"


@pytest.mark.parametrize("src", SRCS)
def test_every_page_shows_its_dates_and_a_prefilled_report_link(site_dir: Path, src: str) -> None:
    soup, element = foot(site_dir, src)
    last, due = (time["datetime"] for time in element.select("p.guide-reviewed time"))
    reviewed = date.fromisoformat(typed_reviewed(src))
    assert last == reviewed.isoformat()
    assert due == reviewed.replace(year=reviewed.year + 1).isoformat()  # no page sets review_every yet
    link = element.select_one("p.guide-report a")
    assert link.get_text() == "Report a problem with this page"
    href = urlsplit(link["href"])
    assert (href.scheme, unquote(href.path)) == ("mailto", CARE_TEAM)
    fields = parse_qs(href.query)
    title = frontmatter.read(DOCS, src).meta["title"]
    url = soup.find("link", rel="canonical")["href"]
    assert title in fields["subject"][0]
    assert f"Page: {title}" in fields["body"][0] and f"Link: {url}" in fields["body"][0]
    assert "+" not in href.query, "a space is %20 in a mailto: link (RFC 6068), never '+'"


def test_the_foot_stays_out_of_search(site_dir: Path) -> None:
    # (The about page's own text mentions the report link, so the dates' words are the test.)
    index = (site_dir / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "Page last reviewed" not in index and "Next review due" not in index


def test_the_404_page_has_a_broken_link_report_and_no_review_dates(site_dir: Path) -> None:
    soup = BeautifulSoup((site_dir / "404.html").read_text(encoding="utf-8"), "html.parser")
    assert soup.select("footer.guide-page-foot") == []
    link = soup.select_one("p.nf-report a")
    assert link.get_text() == "Report a broken link"
    href = urlsplit(link["href"])
    assert (href.scheme, href.path) == ("mailto", CARE_TEAM)
    assert "The link I followed" in parse_qs(href.query)["body"][0]


def test_the_report_link_opens_mail_without_a_request_and_stays_off_paper(base_url: str, page) -> None:
    goto_settled(page, base_url + "follow-up/thank-you-note/")
    link = page.locator("article .guide-report a")
    assert link.is_visible()
    assert link.get_attribute("href").startswith(f"mailto:{CARE_TEAM}?subject=")
    requests = []
    page.on("request", lambda request: requests.append(request))
    link.click()
    page.wait_for_timeout(300)
    # The click hands the mailto: address to the mail app (Playwright lists it as a navigation);
    # nothing goes to a server: no POST, no other host, no query (the browser may fetch the tab's icon again).
    assert [r.url for r in requests if r.is_navigation_request()] == [link.get_attribute("href")]
    sent = [r for r in requests if r.url.startswith("http")
            and (r.method != "GET" or not r.url.startswith(base_url) or urlsplit(r.url).query)]
    assert sent == [], [(r.method, r.url) for r in sent]
    assert page.url.startswith(base_url + "follow-up/thank-you-note/")
    # Print preview renders the print stylesheet: the foot is not on the sheet.
    page.emulate_media(media="print")
    assert page.locator("article .guide-page-foot").is_hidden()
    page.emulate_media(media="screen")
    assert page.locator("article .guide-page-foot").is_visible()


def test_worksheet_pdfs_leave_out_the_foot(site_dir: Path) -> None:
    for pdf in sorted(site_dir.glob("downloads/worksheets/*.pdf")):
        text = " ".join(page.extract_text() for page in PdfReader(pdf).pages)
        assert "Report a problem" not in text and "Page last reviewed" not in text, pdf.name


def test_without_the_care_team_address_the_foot_names_the_setting() -> None:
    # render_markdown passes no `extra:`, as a mkdocs.yml without the address would.
    with pytest.raises(frontmatter.GuideError) as error:
        render_markdown("# Sweaty hands\n", "scenarios/sweaty-hands.md", ["guide.markdown.page_foot"])
    assert "no `care_team_email` under `extra:`" in error.value.message
    assert "Fix: under `extra:` in mkdocs.yml, set `care_team_email:" in error.value.message


# --- the sitemap ----------------------------------------------------------------------------


def test_each_engine_dates_the_sitemap_by_review(engine_site) -> None:
    engine, site = engine_site
    expected = {pages.path_of(src): typed_reviewed(src) for src in SRCS}
    root = etree.parse(site / "sitemap.xml").getroot()
    found = {urlsplit(url.findtext("s:loc", namespaces=NS)).path: url.findtext("s:lastmod", namespaces=NS)
             for url in root.findall("s:url", NS)}
    assert found == expected, engine
    compressed = site / "sitemap.xml.gz"
    if engine == "mkdocs":
        assert gzip.decompress(compressed.read_bytes()) == (site / "sitemap.xml").read_bytes()


def test_the_sitemap_step_inserts_lastmod_where_there_is_none_and_refuses_strangers() -> None:
    xml = (b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
           b"<url><loc>https://x.org/help/a/</loc><changefreq>daily</changefreq></url></urlset>")
    out = etree.fromstring(sitemap.dated(xml, {"/a/": "2026-11-25"}, "https://x.org/help/", "sitemap.xml"))
    assert [child.tag.split("}")[1] for child in out[0]] == ["loc", "lastmod", "changefreq"]
    assert out[0].findtext("s:lastmod", namespaces=NS) == "2026-11-25"
    with pytest.raises(frontmatter.GuideError) as error:
        sitemap.dated(xml, {"/b/": "2026-11-25"}, "https://x.org/help/", "sitemap.xml")
    assert "sitemap.xml lists 1 URL(s) that no page in docs/ builds at https://x.org/help/: https://x.org/help/a/" in error.value.message


# --- make review ----------------------------------------------------------------------------


def write_page(docs: Path, src: str, front_matter: str) -> None:
    path = docs / src
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\ntitle: {src}\ndescription: A page.\n{front_matter}\n---\n\n# Page\n", encoding="utf-8")


def test_review_lists_overdue_and_soon_due_pages_only(tmp_path: Path) -> None:
    write_page(tmp_path, "old.md", "reviewed: 2024-11-01")
    write_page(tmp_path, "soon.md", "reviewed: 2025-12-20")
    write_page(tmp_path, "often.md", "reviewed: 2025-09-01\nreview_every: 3 months")
    write_page(tmp_path, "fresh.md", "reviewed: 2025-11-01")
    write_page(tmp_path, "undated.md", "title_only: yes")
    text = review.report(tmp_path, today=date(2025, 12, 1))
    assert "docs/old.md" in text and "OVERDUE by 30 days" in text
    assert "docs/often.md" in text and "due today" in text
    assert "docs/fresh.md" not in text
    assert "docs/undated.md: no `reviewed:` date" in text
    assert text.index("docs/old.md") < text.index("docs/often.md")  # most overdue first
    assert "docs/soon.md" not in text  # due 2026-12-20: more than 30 days away
    assert "docs/soon.md" in review.report(tmp_path, today=date(2026, 11, 25))


def test_make_review_prints_and_never_fails_however_late(project_copy: Path) -> None:
    command = [sys.executable, "-m", "guide", "review", "-f", str(project_copy / "mkdocs.yml")]
    now = subprocess.run(command, capture_output=True, text=True, cwd=project_copy)
    assert now.returncode == 0, now.stderr
    assert "No page is overdue" in now.stdout
    later = subprocess.run(command + ["--today", "2031-01-01"], capture_output=True, text=True, cwd=project_copy)
    assert later.returncode == 0, later.stderr
    assert f"{len(SRCS)} of {len(SRCS)} pages are overdue" in later.stdout
    # And the build of a years-old commit still passes its date checks.
    assert all(frontmatter.check_review(frontmatter.read(DOCS, src), date(2031, 1, 1)) == [] for src in SRCS)


def test_the_makefile_has_a_review_target() -> None:
    makefile = (ROOT / "Makefile").read_text()
    assert "\nreview: $(STAMP)\n\t$(BIN)/python -m guide review\n" in makefile
