"""Links that branch offices email keep working: short links, every published URL,
previews, the sitemap, the recruiters page and the 404 page, checked over real
HTTP against the built site."""
from __future__ import annotations

import functools
import http.server
import re
import subprocess
import threading
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import urljoin, urlsplit
from urllib.request import urlopen

import pytest
from bs4 import BeautifulSoup
from PIL import Image

from conftest import ROOT

from guide.sources import registry
from guide.sources.config import load_project
from guide.sources.pages import path_of as page_path
from guide.sources.registry import PLACEHOLDER_RE
from guide.steps.published_urls import RECORD, read_record

REGISTRY = registry.load(ROOT)
REFRESH = re.compile(r"^\s*\d+\s*;\s*url=(.+)$", re.I)


def fetch(url: str) -> tuple[int, str, str]:
    """GET url (following HTTP redirects); return status, final URL and body."""
    try:
        with urlopen(url, timeout=10) as response:
            return response.status, response.geturl(), response.read().decode("utf-8", "replace")
    except HTTPError as error:
        return error.code, url, error.read().decode("utf-8", "replace")


def refresh_target(html: str) -> str | None:
    # A refresh is a <meta> of the head: parsing only the head spares reading a whole page's body for it.
    head = html.split("</head>", 1)[0]
    meta = BeautifulSoup(head, "html.parser").find("meta", attrs={"http-equiv": re.compile("^refresh$", re.I)})
    if meta is None:
        return None
    match = REFRESH.match(meta.get("content", ""))
    assert match, f"unreadable meta refresh: {meta}"
    return match.group(1).strip()


def follow(url: str) -> tuple[int, str, str, str]:
    """Follow HTTP redirects and meta refreshes as a browser without JS would.

    Returns status, final URL (without fragment), the fragment it ends on, and the body.
    """
    fragment = ""
    for _ in range(5):
        status, final, body = fetch(url.split("#")[0])
        target = refresh_target(body) if status == 200 else None
        if target is None:
            return status, final, fragment, body
        url = urljoin(final, target)
        fragment = urlsplit(url).fragment or fragment
    raise AssertionError(f"{url}: more than 5 redirects")


def is_stub(path: Path) -> bool:
    return refresh_target(path.read_text(encoding="utf-8")) is not None


def built_page_paths(site: Path) -> set[str]:
    """URL paths of every real page: not 404.html, not redirect stubs."""
    paths = set()
    for html in site.rglob("*.html"):
        rel = html.relative_to(site).as_posix()
        if html.name == "404.html" or is_stub(html):  # each edition's (es/404.html too)
            continue
        assert rel.endswith("index.html"), f"{rel}: a page outside the /section/page/ URL scheme"
        paths.add("/" + rel[: -len("index.html")])
    return paths


def ids_in(html: str) -> set[str]:
    return {el["id"] for el in BeautifulSoup(html, "html.parser").find_all(id=True)}


def site_url(site: Path) -> str:
    canonical = BeautifulSoup((site / "index.html").read_text(), "html.parser").find("link", rel="canonical")
    assert canonical, "the home page has no canonical link: is site_url set in mkdocs.yml?"
    return canonical["href"]


# ------------------------------------------------------------- short links

@pytest.mark.parametrize("link", REGISTRY.links, ids=lambda link: link.alias)
def test_short_link_reaches_its_target_page_and_section(base_url: str, link) -> None:
    status, final, fragment, body = follow(f"{base_url}go/{link.alias}/")
    assert status == 200, f"/go/{link.alias}/ ends on HTTP {status}"
    assert urlsplit(final).path == page_path(link.page), f"/go/{link.alias}/ lands on {final}"
    if link.anchor:
        assert fragment == link.anchor, f"/go/{link.alias}/ drops the section #{link.anchor}"
        assert link.anchor in ids_in(body), f"{final} has no element with id {link.anchor!r}"


@pytest.mark.parametrize("alias", ["now", "example-note", "sorry-advice"])
def test_short_link_without_trailing_slash(base_url: str, alias: str) -> None:
    link = REGISTRY.by_alias()[alias]
    status, final, fragment, _ = follow(f"{base_url}go/{alias}")
    assert status == 200
    assert urlsplit(final).path == page_path(link.page)
    assert fragment == link.anchor


def test_short_link_stub_works_without_javascript(site_dir: Path) -> None:
    link = next(link for link in REGISTRY.links if link.anchor)
    soup = BeautifulSoup((site_dir / "go" / link.alias / "index.html").read_text(), "html.parser")
    target = f"{page_path(link.page)}#{link.anchor}"
    assert refresh_target(str(soup)).endswith(target)
    assert soup.find("link", rel="canonical")["href"].endswith(target)
    assert soup.find("a", href=re.compile(re.escape(target) + "$")), "no plain link for readers without refresh"
    assert soup.find("meta", attrs={"name": "robots", "content": "noindex"})
    # A chat preview of the short link shows the target page, since crawlers do not follow redirects.
    assert soup.find("meta", property="og:url")["content"].endswith(target)


def test_short_link_keeps_the_readers_anchor_when_the_target_has_none(site_dir: Path) -> None:
    link = next(link for link in REGISTRY.links if not link.anchor)
    script = BeautifulSoup((site_dir / "go" / link.alias / "index.html").read_text(), "html.parser").find("script")
    assert script and "location.hash" in script.string and "location.replace" in script.string


# ------------------------------------------------------------- published URLs

def committed_record() -> list[str]:
    """The record as committed: CI must not rely on a build appending to a tracked file."""
    shown = subprocess.run(["git", "show", f"HEAD:{RECORD}"], cwd=ROOT, capture_output=True, text=True)
    if shown.returncode != 0:
        pytest.fail(f"cannot read the committed {RECORD} from git: {shown.stderr.strip()}")
    return [line.strip() for line in shown.stdout.splitlines() if line.strip() and not line.startswith("#")]


def test_committed_record_lists_every_built_page_and_short_link(site_dir: Path) -> None:
    recorded = set(committed_record())
    missing = sorted(built_page_paths(site_dir) - recorded)
    missing += sorted(f"/go/{link.alias}/" for link in REGISTRY.links if f"/go/{link.alias}/" not in recorded)
    assert not missing, (
        f"{RECORD} as committed lacks {missing}. Build once (the build appends them) and commit {RECORD}."
    )


def test_record_never_lost_a_line() -> None:
    # Append-only: the committed record must contain every line it ever had.
    log = subprocess.run(
        ["git", "log", "--format=%H", "--", RECORD], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    current = set(committed_record())
    for commit in log:
        old = subprocess.run(["git", "show", f"{commit}:{RECORD}"], cwd=ROOT, capture_output=True, text=True)
        if old.returncode:
            continue  # the commit deleted the file; the current check below catches that
        lost = {line.strip() for line in old.stdout.splitlines() if line.strip().startswith("/")} - current
        assert not lost, f"{RECORD} lost {sorted(lost)} (they were in commit {commit[:9]}): put them back."
    assert log, f"{RECORD} has no history in git"


@pytest.mark.parametrize("url", read_record(ROOT / RECORD))
def test_every_recorded_url_still_answers(base_url: str, url: str) -> None:
    status, final, _, body = follow(base_url + url.lstrip("/"))
    assert status == 200, f"{url} (published earlier) now ends on HTTP {status} at {final}"
    assert "<article" in body, f"{url} ends on {final}, which is not a page of the guide"


# ------------------------------------------------------------- previews and sitemap

def content_pages(site: Path) -> list[Path]:
    return [p for p in sorted(site.rglob("*.html")) if p.name != "404.html" and not is_stub(p)]


def test_every_page_has_link_preview_metadata(site_dir: Path) -> None:
    root = site_url(site_dir)
    assert root.startswith(("http://", "https://")) and root.endswith("/")
    problems = []
    for page in content_pages(site_dir):
        soup = BeautifulSoup(page.read_text(), "html.parser")
        where = page.relative_to(site_dir).as_posix()
        expected_url = root + where[: -len("index.html")]
        card = root + ("es/" if where.startswith("es/") else "") + "assets/social-card.png"  # each edition's own assets/

        def meta(**attrs) -> list[str]:
            return [tag.get("content", "") for tag in soup.find_all("meta", attrs=attrs)]

        canonical = [tag["href"] for tag in soup.find_all("link", rel="canonical")]
        if canonical != [expected_url]:
            problems.append(f"{where}: canonical {canonical}, expected [{expected_url}]")
        description = meta(name="description")
        if len(description) != 1 or not description[0].strip():
            problems.append(f"{where}: needs exactly one non-empty meta description, has {description}")
        checks = {
            "og:url": [expected_url],
            "og:image": [card],
            "og:type": None,
            "og:title": None,
            "og:site_name": None,
            "og:description": description[:1],
        }
        for prop, want in checks.items():
            got = meta(property=prop)
            if len(got) != 1 or not got[0].strip() or (want is not None and got != want):
                problems.append(f"{where}: {prop} is {got}, expected {want or 'one non-empty value'}")
        for name in ("twitter:card", "twitter:title", "twitter:description", "twitter:image"):
            if len(meta(name=name)) != 1:
                problems.append(f"{where}: needs one {name}")
        if meta(property="og:title") != meta(name="twitter:title"):
            problems.append(f"{where}: og:title and twitter:title differ")
    assert not problems, "\n".join(problems)


def test_preview_card_image_is_committed_and_right_size(site_dir: Path) -> None:
    committed = subprocess.run(
        ["git", "ls-files", "--error-unmatch", "docs/assets/social-card.png"], cwd=ROOT, capture_output=True
    )
    assert committed.returncode == 0, "docs/assets/social-card.png is not committed"
    with Image.open(site_dir / "assets" / "social-card.png") as card:
        assert card.format == "PNG" and card.size == (1200, 630)
    assert (site_dir / "assets" / "social-card.png").stat().st_size < 100_000


def test_sitemap_lists_every_page_with_absolute_urls(site_dir: Path) -> None:
    every = built_page_paths(site_dir)
    for edition in ("", "es/"):  # each edition lists its own pages in its own sitemap.xml
        root = site_url(site_dir) + edition
        tree = ET.parse(site_dir / edition / "sitemap.xml")
        locs = [el.text.strip() for el in tree.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
        assert all(loc.startswith(root) for loc in locs), [loc for loc in locs if not loc.startswith(root)][:5]
        listed = {"/" + edition + loc[len(root):] for loc in locs}
        built = {path for path in every if path.startswith("/es/") == (edition == "es/")}
        assert built - listed == set(), f"pages missing from {edition}sitemap.xml: {sorted(built - listed)}"
        assert listed - built == set(), f"{edition}sitemap.xml lists URLs that are not pages: {sorted(listed - built)}"
        assert not any(loc.startswith(root + "go/") for loc in locs), "short-link stubs must stay out of the sitemap"


def test_page_urls_are_email_proof(site_dir: Path) -> None:
    bad = [p for p in built_page_paths(site_dir) if not re.fullmatch(r"/(?:[a-z0-9]+(?:-[a-z0-9]+)*/)*", p)]
    assert not bad, f"URLs with uppercase, spaces or other characters that break in email: {bad}"


# ------------------------------------------------------------- recruiters page

def recruiters_soup(base_url: str) -> BeautifulSoup:
    status, _, body = fetch(base_url + "recruiters/")
    assert status == 200
    return BeautifulSoup(body, "html.parser")


def test_recruiters_page_lists_every_link_under_its_moment(base_url: str, site_dir: Path) -> None:
    soup = recruiters_soup(base_url)
    root = site_url(site_dir)
    for link in REGISTRY.links:
        shown = soup.find(id=f"go-{link.alias}")
        if link.retired:
            assert shown is None, f"retired alias {link.alias} is still listed"
            continue
        assert shown is not None, f"alias {link.alias} is not on the recruiters page"
        assert shown.get_text(strip=True) == f"{root}go/{link.alias}/"
        heading = shown.find_previous("h2")
        assert heading.get("id") == link.moment, f"{link.alias} is under '{heading.get_text()}', not {link.moment}"
        item = shown.find_parent("li")
        assert link.description in item.get_text(" ", strip=True)
        button = item.find("button", attrs={"data-copy": f"go-{link.alias}"})
        assert button is not None and button.get("type") == "button"
        assert button.get_text(" ", strip=True).startswith("Copy link")
        assert item.find(attrs={"role": "status"}) is not None


def test_recruiters_page_emails_have_plain_and_html_versions(base_url: str, site_dir: Path) -> None:
    soup = recruiters_soup(base_url)
    root = site_url(site_dir)
    assert REGISTRY.emails, "no email templates in the registry"
    for email in REGISTRY.emails:
        text = soup.find(id=f"email-{email.id}-text")
        formatted = soup.find(id=f"email-{email.id}-html")
        assert text is not None and text.name == "pre" and formatted is not None
        lines = text.get_text().splitlines()
        wanted = [f"{root}go/{alias}/" for alias in PLACEHOLDER_RE.findall(email.body)]
        assert wanted, f"email {email.id} carries no short link"
        for url in wanted:
            assert url in lines, f"email {email.id}: {url} is not on a line of its own"
        assert "{go:" not in text.get_text()
        # Only markup that survives pasting into email programs.
        assert {tag.name for tag in formatted.find_all(True)} <= {"p", "br", "a"}
        links = formatted.find_all("a")
        assert [a["href"] for a in links] == wanted
        assert all(a.get_text() == a["href"] for a in links), "a link's text must be its URL"
        for url in wanted:
            status, _, _, _ = follow(base_url + url[len(root):])
            assert status == 200
        assert soup.find("button", attrs={"data-copy": f"email-{email.id}-html"}) is not None


def test_copy_assets_load_only_on_the_recruiters_and_emails_pages(site_dir: Path) -> None:
    carriers = [p.relative_to(site_dir).as_posix() for p in content_pages(site_dir) if "links/copy.js" in p.read_text()]
    pair = ["follow-up/emails/index.html", "recruiters/index.html"]
    assert carriers == [f"es/{page}" for page in pair] + pair  # in each edition
    assert (site_dir / "assets/links/copy.js").stat().st_size < 3000


# ------------------------------------------------------------- 404

class _NotFoundHandler(http.server.SimpleHTTPRequestHandler):
    """Like a static host: a missing path gets 404.html with status 404."""

    def send_error(self, code, message=None, explain=None):
        if code != 404:
            return super().send_error(code, message, explain)
        body = (Path(self.directory) / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def host_with_404(site_dir: Path):
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_NotFoundHandler, directory=str(site_dir))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def test_404_page_has_search_doors_and_contact_line_that_work_from_any_depth(host_with_404: str) -> None:
    missing = host_with_404 + "go/no-such-alias/deeper/"
    status, _, body = fetch(missing)
    assert status == 404
    soup = BeautifulSoup(body, "html.parser")
    article = soup.find("article")
    form = article.find("form", attrs={"role": "search"})
    assert form is not None and form.find("input", attrs={"name": "q"}) is not None
    assert form.find("label", attrs={"for": form.find("input")["id"]}) is not None
    assert fetch(urljoin(missing, form["action"]))[0] == 200
    doors = {a.get_text(strip=True): urljoin(missing, a["href"]) for a in article.select(".nf-doors a")}
    expected = {"/during/", "/after/", "/follow-up/", "/moving-on/", "/worksheets/", "/scenarios/"}
    assert {urlsplit(url).path for url in doors.values()} == expected
    for name, url in doors.items():
        status, _, page = fetch(url)
        assert status == 200 and "<article" in page, f"404 door {name!r} -> {url} is broken"
    contact_line = " ".join(load_project(ROOT / "mkdocs.yml").extra["contact_line"].split())
    assert contact_line in article.get_text(" ", strip=True)
