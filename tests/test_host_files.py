"""The host configuration as Cloudflare Pages and Netlify read it, for any number of pages and offices.

Both hosts join the headers of every rule whose pattern matches a path, and
Netlify cannot take a header off a path again (Cloudflare's `! Name` line is
ignored there). So the rules must be read the way each host reads them:

- Netlify: with its own parsers, @netlify/headers-parser and
  netlify-redirect-parser (pinned in package.json), run by tests/host_parsers.mjs;
  a request path gets the headers of every rule whose `forRegExp` matches it
  (the parser makes `/worksheets/debrief/*` into `^/worksheets/debrief/?(.*)/?$`,
  which matches `/worksheets/debrief-a4.pdf` too);
- Cloudflare Pages: as its documentation says (pages/configuration/headers,
  "Match a path"): a splat `*` matches any characters, greedily, one per
  pattern; a placeholder `:name` matches up to the next `/`; at most 100 rules
  and 2,000 characters a line; 2,000 static redirects, 1,000 characters each.

nginx is served and asked in tests/test_served.py; the downloads and their old
URLs are asked of it here too. The expected headers are written from the issue,
not read from the generator.
"""
from __future__ import annotations

import dataclasses
import json
import os
import posixpath
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT
from guide.checks import scale
from guide.sources import branches
from guide.steps import host_config

IMMUTABLE = "public, max-age=31536000, immutable"
FINGERPRINTED = re.compile(r"\.[0-9a-f]{8,}\.min\.(?:js|css)(?:\.map)?$")
# What a browser shows in a document of its own: the page policy would break it
# (Chromium's PDF viewer stays blank under object-src 'none').
DOWNLOAD_SUFFIXES = (".pdf", ".vcf")
PARSERS = ROOT / "tests" / "host_parsers.mjs"
CLOUDFLARE_RULES, CLOUDFLARE_LINE, CLOUDFLARE_REDIRECTS, CLOUDFLARE_REDIRECT_LINE = 100, 2000, 2000, 1000


def served_files(site: Path) -> list[str]:
    skip = {"_headers", "_redirects", "nginx.conf"}
    return sorted(
        p.relative_to(site).as_posix() for p in site.rglob("*")
        if p.is_file() and p.name not in skip and p.suffix not in (".gz", ".br")
    )


def request_path(relative: str) -> str:
    """The path a reader asks for: a page by its folder, any other file by its name."""
    return "/" + (relative[: -len("index.html")] if relative.endswith("index.html") else relative)


def page_policy(site: Path) -> str:
    """The policy every page's header carries: its <meta> copy plus frame-ancestors (README, "Deploying")."""
    soup = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    return soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"] + "; frame-ancestors 'none'"


def netlify_reading(site: Path) -> dict:
    node = shutil.which("node")
    if node is None or not (ROOT / "node_modules" / "@netlify" / "headers-parser").is_dir():
        pytest.fail("Netlify's parsers are not installed: run `make node` (npm ci, from package-lock.json).")
    result = subprocess.run([node, str(PARSERS), str(site)], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def cloudflare_rules(site: Path) -> list[tuple[str, dict[str, str], set[str]]]:
    """(pattern, headers set, headers detached) per rule of _headers, read as Cloudflare documents it."""
    rules: list[tuple[str, dict[str, str], set[str]]] = []
    for line in (site / "_headers").read_text(encoding="utf-8").splitlines():
        assert len(line) <= CLOUDFLARE_LINE, f"Cloudflare reads lines of {CLOUDFLARE_LINE} characters: {line[:60]}..."
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            assert line.count("*") <= 1, f"{line}: Cloudflare allows one splat in a pattern"
            rules.append((line.strip(), {}, set()))
        elif line.strip().startswith("!"):
            rules[-1][2].add(line.strip()[1:].strip().lower())
        else:
            name, value = line.strip().split(":", 1)
            rules[-1][1][name.strip().lower()] = value.strip()
    return rules


def cloudflare_regex(pattern: str) -> re.Pattern:
    out = []
    for token in re.split(r"(\*|:[A-Za-z]\w*)", pattern):
        if token == "*":
            out.append(".*")
        elif token.startswith(":") and len(token) > 1:
            out.append("[^/]+")
        else:
            out.append(re.escape(token))
    return re.compile("".join(out))


def headers_by_host(site: Path) -> dict[str, dict[str, dict[str, list[str]]]]:
    """host -> request path -> header name -> the value each matching rule gives (a list: the hosts join them)."""
    reading = netlify_reading(site)
    assert reading["headerErrors"] == [], reading["headerErrors"]
    netlify = [(re.compile(rule["regexp"], re.IGNORECASE), rule["values"]) for rule in reading["headers"]]
    cloudflare = [(cloudflare_regex(pattern), values, detached) for pattern, values, detached in cloudflare_rules(site)]
    assert len(cloudflare) <= CLOUDFLARE_RULES, f"_headers has {len(cloudflare)} rules; Cloudflare reads {CLOUDFLARE_RULES}"
    assert len(netlify) == len(cloudflare), "Netlify read a different number of rules than the file holds"
    found: dict[str, dict[str, dict[str, list[str]]]] = {"netlify": {}, "cloudflare": {}}
    for relative in served_files(site):
        path = request_path(relative)
        given: dict[str, list[str]] = {}
        for regex, values in netlify:
            if regex.search(path):
                for name, value in values.items():
                    given.setdefault(name.lower(), []).append(value)
        found["netlify"][relative] = given
        given, detached = {}, set()
        for regex, values, off in cloudflare:
            if regex.fullmatch(path):
                for name, value in values.items():
                    given.setdefault(name, []).append(value)
                detached |= off
        found["cloudflare"][relative] = {name: values for name, values in given.items() if name not in detached}
    return found


def test_no_download_gets_the_page_policy_and_every_page_does(engine_site) -> None:
    engine, site = engine_site
    policies = {"": page_policy(site), "es/": page_policy(site / "es")}  # each edition has its own
    files = served_files(site)
    downloads = [f for f in files if f.endswith(DOWNLOAD_SUFFIXES)]
    assert len(downloads) >= 12 + 2 + 3, "six worksheets in A4 and Letter, two print packs, three contact cards"
    for host, by_file in headers_by_host(site).items():
        for relative, given in by_file.items():
            where = f"{engine} on {host}: {request_path(relative)}"
            if relative in downloads:
                assert "content-security-policy" not in given, (
                    f"{where}: a download gets the page policy, under which a browser's viewer breaks")
            for name, values in given.items():
                assert len(values) == 1, f"{where}: {len(values)} rules set {name}, which {host} joins: {values}"
            for name in ("strict-transport-security", "x-content-type-options", "referrer-policy",
                         "permissions-policy", "cross-origin-opener-policy"):
                assert name in given, f"{where}: no {name}"
            cache = IMMUTABLE if FINGERPRINTED.search(relative) else "no-cache"
            assert given.get("cache-control") == [cache], f"{where}: Cache-Control"
            edition = "es/" if relative.startswith("es/") else ""
            if relative.endswith(".html") and not relative.startswith(edition + "go/"):
                assert given.get("content-security-policy") == [policies[edition]], f"{where}: a page without the page policy"
    # One folder per edition, so that one rule without the policy covers them all, whatever their number.
    folders = ("downloads/", "es/downloads/")
    assert all(f.startswith(folders) for f in downloads), [f for f in downloads if not f.startswith(folders)]


def test_old_download_urls_redirect_and_the_redirects_parse(engine_site) -> None:
    engine, site = engine_site
    reading = netlify_reading(site)
    assert reading["redirectErrors"] == [], reading["redirectErrors"]
    netlify = {rule["from"]: (rule["to"], rule["status"], rule["force"]) for rule in reading["redirects"]}
    lines = [line for line in (site / "_redirects").read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    assert len(lines) == len(netlify), "Netlify read a different number of redirects than the file holds"
    assert len(lines) <= CLOUDFLARE_REDIRECTS and all(len(line) <= CLOUDFLARE_REDIRECT_LINE for line in lines)
    cloudflare = {}
    for line in lines:
        source, target, code = line.split()
        assert "*" not in source and ":" not in source, f"{line}: a static redirect (Cloudflare reads 100 dynamic ones)"
        cloudflare[source] = (target, int(code))
    downloads = [f for f in served_files(site) if f.startswith("downloads/")]
    for relative in downloads:
        old, new = "/" + relative[len("downloads/"):], "/" + relative
        assert netlify[old] == (new, 301, False), f"{engine}: Netlify, {old}"
        assert cloudflare[old] == (new, 301), f"{engine}: Cloudflare, {old}"
        assert not (site / old.lstrip("/")).exists(), f"{old}: a file there would win over the redirect on Netlify"
    # The URLs the site published before the downloads moved.
    for old in ("/worksheets/debrief-a4.pdf", "/worksheets/print-pack-letter.pdf", "/branches/riverside.vcf"):
        assert cloudflare[old][0] == "/downloads" + old


def test_nginx_sends_downloads_without_the_policy_and_redirects_their_old_urls(nginx_url) -> None:
    from test_served import fetch

    _, base = nginx_url
    for relative in ("downloads/worksheets/debrief-a4.pdf", "downloads/worksheets/print-pack-a4.pdf",
                     "downloads/branches/riverside.vcf"):
        status, headers, _ = fetch(base + relative, method="HEAD")
        assert status == 200, relative
        assert "content-security-policy" not in headers, relative
        assert headers["x-content-type-options"] == "nosniff"
        status, headers, _ = fetch(base + relative[len("downloads/"):], method="HEAD")
        assert status == 301, relative
        assert headers["location"] == "/" + relative


def with_offices(site: Path, count: int) -> list[str]:
    """The built site's files with `count` branch offices in place of its own, each one's page
    and contact card where the build puts them (guide.sources.branches.Branch)."""
    example = next(iter(branches.load(ROOT)))
    folder, cards = f"{branches.FOLDER}/", posixpath.dirname(example.card) + "/"
    files = [
        f for f in host_config.served_files(site)
        if not (f.startswith(folder) and f != branches.LIST_PAGE.replace(".md", ".html")) and not f.startswith(cards)
    ]
    for n in range(count):
        office = dataclasses.replace(example, number=n + 1, slug=f"office-{n:03d}")
        files += [f"{office.url}index.html", office.card]
    return sorted(files)


def rule_count(files: list[str]) -> int:
    stubs = {f for f in files if f.startswith("go/")}
    headers = {f: host_config.file_headers(f, "default-src 'none'", stubs) for f in files}
    return len(host_config.header_rules(headers, "/")) + 1  # and the /* rule of the security headers


def test_the_number_of_header_rules_does_not_grow_with_branch_offices(site_dir) -> None:
    counts = {count: rule_count(with_offices(site_dir, count)) for count in (3, 25, 500)}
    assert counts[3] <= CLOUDFLARE_RULES, counts
    assert counts[3] == counts[25] == counts[500], f"header rules by number of offices: {counts}"


# The project_copy fixture, not copy_project(tmp_path): the fixture marks the test `build`
# (tests/conftest.py, NEEDS), so make test-fast leaves its two-minute build out.
def test_a_build_with_500_branch_offices_passes(project_copy) -> None:
    project = project_copy
    scale.add_branches(project, 500)
    scale.guide_command(project, "branch-pages")
    scale.guide_command(project, "record-urls")
    # Without the compress step: Brotli 11 over 500 new pages takes a minute and cannot fail
    # on their number; its time is the bench's (scripts/bench.py) and the build-speed issue's.
    command = [sys.executable, "-m", "guide", "build", "-f", str(project / "mkdocs.yml"), "--skip", "compress"]
    result = subprocess.run(command, capture_output=True, text=True, cwd=project,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "NO_COLOR": "1"})
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    site = project / "site"
    assert (site / "downloads" / "branches" / "branch-500.vcf").is_file()
    rules = [line for line in (site / "_headers").read_text().splitlines() if line.startswith("/")]
    assert len(rules) == rule_count(with_offices(site, 3)), f"{len(rules)} header rules with 503 offices"
    assert "/branches/branch-500.vcf /downloads/branches/branch-500.vcf 301" in (site / "_redirects").read_text()


def test_a_folder_rule_never_covers_a_neighbour_whose_name_starts_like_it() -> None:
    # Netlify reads `/worksheets/*` as ^/worksheets/?(.*)/?$: it would give the page policy
    # to /worksheets-a4.pdf beside the folder, and Netlify cannot take a header off again.
    files = {"worksheets/index.html": {"CSP": "x"}, "worksheets/debrief/index.html": {"CSP": "x"},
             "worksheets-a4.pdf": {}, "about/index.html": {"CSP": "x"}}
    patterns = [pattern for pattern, _ in host_config.header_rules(files, "/")]
    assert "/worksheets/*" not in patterns and "/about/*" in patterns, patterns
    assert host_config.mixed_folders(files) == ["worksheets"]
