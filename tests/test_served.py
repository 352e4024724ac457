"""The built site served the way production serves it: Debian's nginx with the site's own
generated nginx.conf (handbook/operators.md), once per engine, over HTTP.

Short links answer 301 with their page's URL; every recorded URL answers; an
unknown path gets the 404 page with status 404; each kind of file carries its
security headers, caching and MIME type; compression follows Accept-Encoding.
The expected values are written here from what handbook/operators.md promises, not read from the output.
The _headers and _redirects files that other hosts read are checked against
what nginx sends, so the three configurations say the same thing.
"""
from __future__ import annotations

import base64
import functools
import gzip
import hashlib
import http.client
import re
from pathlib import Path
from urllib.parse import urlsplit

import brotli
import pytest
from bs4 import BeautifulSoup

from conftest import ENGINES, ROOT
from guide.sources import pages
from guide.sources.registry import load as load_registry
from guide.steps.published_urls import RECORD, read_record

REGISTRY = load_registry(ROOT)
IMMUTABLE = "public, max-age=31536000, immutable"
SECURITY = {
    "strict-transport-security": "max-age=63072000",
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "cross-origin-opener-policy": "same-origin",
}
TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
    ".svg": "image/svg+xml; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".pdf": "application/pdf",
    ".png": "image/png",
}
NOT_FOUND_HEADING = "We can't find that page"


def fetch(url: str, headers: dict[str, str] | None = None, method: str = "GET") -> tuple[int, dict[str, str], bytes]:
    """One request, redirects not followed: (status, headers with lowercase names, body)."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        connection.request(method, parts.path + (f"?{parts.query}" if parts.query else ""), headers=headers or {})
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


def served_files(site: Path) -> list[str]:
    """Every file a reader may ask for (not the host configuration, not the compressed copies)."""
    skip = {"_headers", "_redirects", "nginx.conf"}
    return sorted(
        p.relative_to(site).as_posix() for p in site.rglob("*")
        if p.is_file() and p.name not in skip and p.suffix not in (".gz", ".br")
    )


def expected_location(link) -> str:
    return pages.path_of(link.page)


# --- short links ----------------------------------------------------------------------


@pytest.mark.parametrize("variant", ["", "/", "/index.html"])
def test_every_short_link_answers_301_with_its_page_and_keeps_the_query(nginx_url, variant: str) -> None:
    _, base = nginx_url
    assert REGISTRY.links
    for link in REGISTRY.links:
        status, headers, _ = fetch(f"{base}go/{link.alias}{variant}?from=north-office&utm=email")
        fragment = f"#{link.anchor}" if link.anchor else ""
        assert status == 301, link.alias
        assert headers["location"] == f"{expected_location(link)}?from=north-office&utm=email{fragment}", link.alias
        # A target can change (handbook/operators.md, "What each header is for"): browsers must
        # ask again rather than keep the 301 for ever.
        assert headers["cache-control"] == "no-cache"
        assert fetch(base.rstrip("/") + expected_location(link))[0] == 200


def test_a_short_link_without_a_query_gets_none(nginx_url) -> None:
    _, base = nginx_url
    link = next(link for link in REGISTRY.links if link.anchor)
    assert fetch(f"{base}go/{link.alias}/")[1]["location"] == f"{expected_location(link)}#{link.anchor}"


def test_an_unknown_short_link_is_a_404(nginx_url) -> None:
    _, base = nginx_url
    status, _, body = fetch(base + "go/no-such-alias/")
    assert status == 404
    assert NOT_FOUND_HEADING in body.decode()


# --- every URL ------------------------------------------------------------------------


def test_every_recorded_url_answers(nginx_url) -> None:
    _, base = nginx_url
    record = read_record(ROOT / RECORD)
    assert len(record) > 50
    for url in record:
        if url.startswith("/go/") or url.startswith("/es/go/"):
            continue  # the short links: above, and the Spanish ones below
        status, headers, body = fetch(base.rstrip("/") + url)
        assert status == 200, url
        assert headers["content-type"] == "text/html; charset=utf-8", url
        assert b"<h1" in body, url


def test_an_unknown_path_gets_the_404_page_with_status_404(nginx_url) -> None:
    _, base = nginx_url
    for path in ("no-such-page/", "during/no-such-page/", "assets/no-such.css", "during/keep-calm/x.pdf"):
        status, headers, body = fetch(base + path, {"Accept-Encoding": "gzip"})
        assert status == 404, path
        assert headers["content-type"] == "text/html; charset=utf-8"
        assert NOT_FOUND_HEADING in gzip.decompress(body).decode(), path
        assert headers["content-security-policy"].startswith("default-src 'none'")


def test_the_spanish_edition_has_its_short_links_and_its_own_404_page(nginx_url) -> None:
    _, base = nginx_url
    link = next(link for link in REGISTRY.links if not link.anchor)
    status, headers, _ = fetch(f"{base}es/go/{link.alias}/")
    assert status == 301
    assert headers["location"].endswith("/es/" + pages.url_of(link.page)), headers["location"]
    status, headers, body = fetch(base + "es/no-such-page/")
    assert status == 404
    assert '<html lang="es"' in body.decode()
    assert headers["content-security-policy"].startswith("default-src 'none'")


def test_a_folder_without_its_slash_answers_301_to_the_slash(nginx_url) -> None:
    _, base = nginx_url
    for path in ("during", "worksheets/debrief", "scenarios/arrived-late"):
        status, headers, _ = fetch(f"{base}{path}?q=late")
        assert status == 301, path
        assert headers["location"] == f"{urlsplit(base).path}{path}/?q=late"


def test_the_host_configuration_is_not_served(nginx_url) -> None:
    _, base = nginx_url
    for name in ("nginx.conf", "_headers", "_redirects"):
        assert fetch(base + name)[0] == 404, name


# --- headers by kind of file ----------------------------------------------------------


@functools.cache
def policy_and_scripts(page: Path) -> tuple[tuple[str, tuple[int, int]] | None, list[dict]]:
    """A built page's policy <meta> tag (its content and where it is) and its <script> elements in
    order, read once for the two tests below (parsing every page of both builds twice was 9 s)."""
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    meta = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
    scripts = [{"src": script.get("src"), "type": script.get("type"), "text": script.string,
                "at": (script.sourceline, script.sourcepos)} for script in soup.find_all("script")]
    return (None if meta is None else (meta["content"], (meta.sourceline, meta.sourcepos))), scripts


def policy_hashes(site: Path, edition: str = "") -> set[str]:
    """The sha256 of every inline script that runs, on every page of an edition ('' or 'es')
    but the redirect pages, hashed here. Each edition has its own policy."""
    found = set()
    for path in (site / edition).rglob("*.html"):
        parts = path.relative_to(site / edition).parts
        if parts[0] == "go" or (not edition and parts[0] == "es"):
            continue
        for script in policy_and_scripts(path)[1]:
            if script["src"] or (script["type"] or "text/javascript") not in ("text/javascript", "module"):
                continue
            digest = hashlib.sha256(script["text"].encode("utf-8")).digest()
            found.add("'sha256-" + base64.b64encode(digest).decode() + "'")
    return found


def test_pages_carry_the_strict_policy_and_the_security_headers(nginx_url) -> None:
    engine, base = nginx_url
    site = ENGINES[engine]
    for edition in ("", "es"):
        check_policy(engine, site, base, edition)


def check_policy(engine: str, site: Path, base: str, edition: str) -> None:
    status, headers, body = fetch(base + (edition + "/" if edition else "") + "worksheets/debrief/")
    assert status == 200
    for name, value in SECURITY.items():
        assert headers[name] == value, name
    for feature in ("camera=()", "microphone=()", "geolocation=()"):
        assert feature in headers["permissions-policy"]
    assert headers["cache-control"] == "no-cache"
    policy = dict(part.strip().split(" ", 1) for part in headers["content-security-policy"].split(";"))
    assert policy["default-src"] == "'none'"
    assert policy["object-src"] == "'none'"
    assert policy["base-uri"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["form-action"] == "'self'"
    styles = policy["style-src"].split()
    assert styles[0] == "'self'" and all(source.startswith("'sha256-") for source in styles[1:])
    # Material needs no inline style; Zensical's search panel brings one stylesheet, allowed by its hash.
    assert len(styles) == {"mkdocs": 1, "zensical": 2}[engine]
    sources = policy["script-src"].split()
    assert sources[0] == "'self'" and "'unsafe-inline'" not in sources and "'unsafe-eval'" not in sources
    # Exactly the inline scripts of the built pages, hashed by this test on its own.
    assert set(sources[1:]) == policy_hashes(site, edition)
    # The page's <meta> copy is the same policy, less frame-ancestors (a <meta> cannot set it).
    meta = BeautifulSoup(body, "html.parser").find("meta", attrs={"http-equiv": "Content-Security-Policy"})
    assert meta["content"] + "; frame-ancestors 'none'" == headers["content-security-policy"]


def test_every_page_has_its_policy_before_its_first_script(engine_site) -> None:
    _, site = engine_site
    for path in site.rglob("*.html"):
        meta, scripts = policy_and_scripts(path)
        assert meta is not None, path
        content, meta_at = meta
        if scripts:
            assert meta_at < scripts[0]["at"], path  # (line, column)
        # A redirect page allows its own script only; a content page all of the site's.
        allowed = re.search(r"script-src ([^;]*)", content)[1].split()
        for script in scripts:
            if not script["src"] and not script["type"]:
                digest = base64.b64encode(hashlib.sha256(script["text"].encode()).digest()).decode()
                assert f"'sha256-{digest}'" in allowed, path


def test_each_file_gets_its_type_and_caching(nginx_url) -> None:
    engine, base = nginx_url
    site = ENGINES[engine]
    files = served_files(site)
    fingerprinted = [f for f in files if re.search(r"\.[0-9a-f]{8}\.min\.(js|css)$", f)]
    assert len(fingerprinted) >= 3, "the theme's bundle, stylesheet and search worker"
    for relative in files:
        status, headers, _ = fetch(base + relative, method="HEAD")
        if relative.startswith(("go/", "es/go/")):
            assert status == 301, relative  # a short link's page: nginx answers with the redirect
            continue
        assert status == 200, relative
        suffix = Path(relative).suffix
        if suffix in TYPES:
            assert headers["content-type"] == TYPES[suffix], relative
        is_immutable = relative in fingerprinted or (relative.endswith(".map") and relative[:-4] in fingerprinted)
        assert headers["cache-control"] == (IMMUTABLE if is_immutable else "no-cache"), relative
        # The policy is a page's: a PDF or image shown in a browser's own document would break under it.
        assert ("content-security-policy" in headers) == relative.endswith(".html"), relative
        assert headers["x-content-type-options"] == "nosniff"
    for named in ("sitemap.xml", "404.html"):
        assert named in files
    index = "search/search_index.json" if engine == "mkdocs" else "search.json"
    assert fetch(base + index, method="HEAD")[1]["cache-control"] == "no-cache"
    assert fetch(base + "downloads/worksheets/debrief-a4.pdf", method="HEAD")[1]["content-type"] == "application/pdf"


@pytest.mark.parametrize(("accept", "encoding"), [("br", "br"), ("gzip", "gzip"), ("gzip, deflate, br", "br"), ("", None)])
def test_text_is_sent_compressed_as_the_browser_accepts(nginx_url, accept: str, encoding: str | None) -> None:
    engine, base = nginx_url
    site = ENGINES[engine]
    bundle = next(p for p in (site / "assets" / "javascripts").glob("bundle.*.min.js"))
    for relative in ("", "during/keep-calm/", "assets/site.css", "sitemap.xml", bundle.relative_to(site).as_posix()):
        status, headers, body = fetch(base + relative, {"Accept-Encoding": accept} if accept else {})
        assert status == 200
        assert headers.get("content-encoding") == encoding, relative
        assert "Accept-Encoding" in headers.get("vary", ""), relative
        original = pages.html_file(site, relative).read_bytes()
        plain = {"br": brotli.decompress, "gzip": gzip.decompress, None: bytes}[encoding](body)
        assert plain == original, relative
    # Binary files are sent as they are.
    assert "content-encoding" not in fetch(base + "downloads/worksheets/debrief-a4.pdf", {"Accept-Encoding": "br, gzip"})[1]


def test_every_text_file_has_matching_br_and_gz_copies(engine_site) -> None:
    _, site = engine_site
    text = [f for f in served_files(site) if Path(f).suffix in (".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".map")]
    assert len(text) > 100
    for relative in text:
        original = (site / relative).read_bytes()
        assert brotli.decompress((site / (relative + ".br")).read_bytes()) == original, relative
        assert gzip.decompress((site / (relative + ".gz")).read_bytes()) == original, relative
    assert not list(site.rglob("*.pdf.gz")) and not list(site.rglob("*.png.br"))


# --- the other hosts' files say the same as nginx ---------------------------------------


def header_rules(site: Path) -> list[tuple[str, dict[str, str]]]:
    rules, current = [], None
    for line in (site / "_headers").read_text().splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if not line.startswith(" "):
            current = (line.strip(), {})
            rules.append(current)
        else:
            name, value = line.strip().split(":", 1)
            current[1][name.strip().lower()] = value.strip()
    return rules


def matches(pattern: str, path: str) -> bool:
    """Netlify's and Cloudflare's reading of a _headers path: exact, or a prefix ending in *."""
    return path.startswith(pattern[:-1]) if pattern.endswith("*") else path == pattern


def test_headers_file_gives_each_file_what_nginx_sends(nginx_url) -> None:
    engine, base = nginx_url
    site = ENGINES[engine]
    rules = header_rules(site)
    assert len(rules) <= 100, "Cloudflare Pages reads 100 rules"
    assert max(len(line) for line in (site / "_headers").read_text().splitlines()) <= 2000
    for relative in served_files(site):
        if relative.startswith("go/"):
            continue  # answered by _redirects on these hosts
        path = "/" + (relative[: -len("index.html")] if relative.endswith("index.html") else relative)
        merged: dict[str, str] = {}
        for pattern, headers in rules:
            if matches(pattern, path):
                for name, value in headers.items():
                    assert name not in merged, f"{path}: two rules set {name}, which the hosts would join with a comma"
                    merged[name] = value
        _, sent, _ = fetch(base + relative, method="HEAD")
        for name in ("cache-control", "content-security-policy", *SECURITY, "permissions-policy"):
            assert merged.get(name) == sent.get(name), f"{path}: {name}"


def test_redirects_file_lists_every_short_link_as_nginx_answers_it(nginx_url) -> None:
    engine, base = nginx_url
    lines = [line.split() for line in (ENGINES[engine] / "_redirects").read_text().splitlines() if line and not line.startswith("#")]
    rules = {source: (target, code) for source, target, code in lines}
    editions = ("", "/es")
    for link in REGISTRY.links:
        for edition in editions:
            for source in (f"{edition}/go/{link.alias}", f"{edition}/go/{link.alias}/"):
                target, code = rules[source]
                assert code == "301"
                assert target == fetch(base.rstrip("/") + source)[1]["location"], source
    # And one per download, from its URL before downloads/ (tests/test_host_files.py follows them).
    downloads = [f for f in served_files(ENGINES[engine]) if f.startswith("downloads/")]
    assert len(rules) == 2 * len(REGISTRY.links) * len(editions) + len(downloads)


def test_the_server_header_names_no_nginx_version(nginx_url) -> None:
    """Issue 18: nginx.conf sets server_tokens off (gixy: version_disclosure); nginx said nginx/1.x before."""
    _, base = nginx_url
    for path in ("", "no-such-page/"):
        _, headers, body = fetch(base + path)
        assert headers["server"] == "nginx", headers["server"]


def test_robots_txt_names_the_sitemap_by_its_absolute_url(engine_site) -> None:
    """Issue 18: robots.txt says where the sitemap is (`Sitemap:` and the absolute URL); docs/robots.txt did not."""
    _, site = engine_site
    from xml.etree import ElementTree

    locs = [e.text.strip() for e in ElementTree.parse(site / "sitemap.xml").iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    home = min(locs, key=len)  # the home page: the site's own address
    lines = (site / "robots.txt").read_text().splitlines()
    assert [line for line in lines if line.lower().startswith("sitemap:")] == [f"Sitemap: {home}sitemap.xml"]
    assert "User-agent: *" in lines
