"""Date each page in the sitemap by its review: `<lastmod>` is the page's `reviewed:` date.

MkDocs writes the build's own date as every page's <lastmod> (so each build
tells search engines that every page changed today), and Zensical writes none.
The date a page was last checked by an editor is the honest one: search
engines then recrawl what changed, and the sitemap agrees with the "Page last
reviewed" line at the page's foot (guide/markdown/page_foot.py).

Both engines write sitemap.xml; MkDocs also writes sitemap.xml.gz, which is
rewritten from the same XML so the two never disagree. The XML is read and
written with xml.etree, never edited as text.

robots.txt (docs/robots.txt, copied as it is by the generator) gets the
sitemap's address here, as the protocol asks, absolute: `Sitemap:
<site_url>sitemap.xml`, from the SITE_URL of this build (a sub-path
included), so no address is written into a source file by hand. Any Sitemap
line the source has is replaced.
"""
from __future__ import annotations

import gzip
import xml.etree.ElementTree as etree
from urllib.parse import urlsplit

from guide.sources import pages
from guide.errors import GuideError

NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
# Each page's twins in the other editions, as search engines read them from a sitemap.
XHTML = "http://www.w3.org/1999/xhtml"
SITEMAP = "sitemap.xml"
COMPRESSED = "sitemap.xml.gz"
ROBOTS = "robots.txt"


def _tag(name: str) -> str:
    return f"{{{NS}}}{name}"


def dated(xml: bytes, lastmod: dict[str, str], site_url: str, where: str, alternates: dict[str, list[tuple[str, str]]] | None = None) -> bytes:
    """The sitemap with each page's <lastmod> set from `lastmod` (URL path -> YYYY-MM-DD) and, when a
    page has twins in other editions, an <xhtml:link rel="alternate"> for each (`alternates`: URL
    path -> (lang, absolute URL), the page itself included)."""
    try:
        root = etree.fromstring(xml)
    except etree.ParseError as error:
        raise GuideError(f"{where} is not valid XML ({error}). Fix: rebuild; the generator wrote it.") from None
    if root.tag != _tag("urlset"):
        raise GuideError(f"{where}: expected a <urlset> of the sitemap protocol, found <{root.tag}>.")
    base = urlsplit(site_url).path or "/"
    unknown = []
    for url in root.iter(_tag("url")):
        loc = url.find(_tag("loc"))
        path = urlsplit((loc.text or "").strip()).path if loc is not None else ""
        day = lastmod.get(path[len(base) - 1:] if path.startswith(base) else path)
        if day is None:
            unknown.append((loc.text or "").strip() if loc is not None else "(a <url> with no <loc>)")
            continue
        stamp = url.find(_tag("lastmod"))
        if stamp is None:
            stamp = etree.Element(_tag("lastmod"))
            url.insert(list(url).index(loc) + 1, stamp)  # the protocol's order: loc, lastmod, ...
        stamp.text = day
        for lang, href in (alternates or {}).get(path[len(base) - 1:] if path.startswith(base) else path, []):
            etree.SubElement(url, f"{{{XHTML}}}link", {"rel": "alternate", "hreflang": lang, "href": href})
    if unknown:
        raise GuideError(
            f"{where} lists {len(unknown)} URL(s) that no page in docs/ builds at {site_url}: "
            f"{', '.join(unknown[:5])}. Fix: build with SITE_URL set to the address the sitemap should use."
        )
    etree.register_namespace("", NS)
    etree.register_namespace("xhtml", XHTML)
    etree.indent(root)
    return etree.tostring(root, encoding="UTF-8", xml_declaration=True) + b"\n"


def robots(text: str, site_url: str) -> str:
    """robots.txt with one Sitemap line: the absolute URL of the sitemap at `site_url`."""
    kept = [line for line in text.splitlines() if not line.strip().lower().startswith("sitemap:")]
    while kept and not kept[-1].strip():
        kept.pop()
    base = site_url if site_url.endswith("/") else site_url + "/"
    return "\n".join([*kept, "", f"Sitemap: {base}{SITEMAP}"]).lstrip("\n") + "\n"


def run(build) -> None:
    path = build.site_dir / SITEMAP
    if not path.is_file():
        raise GuideError(f"{path} was not written. Fix: keep `site_url` set in mkdocs.yml; the generator writes the sitemap from it.")
    lastmod = {pages.path_of(src): source.reviewed.isoformat() for src, source in build.sources.items() if source.reviewed}
    alternates = {}
    if len(build.editions) > 1:
        for src in build.sources:
            twins = [(each.edition.lang, each.project.absolute_url(pages.url_of(src)))
                     for each in build.editions if src in each.sources]
            if len(twins) > 1:
                alternates[pages.path_of(src)] = twins
    xml = dated(path.read_bytes(), lastmod, build.project.site_url, f"{build.site_dir.name}/{SITEMAP}", alternates)
    path.write_bytes(xml)
    compressed = build.site_dir / COMPRESSED
    if compressed.is_file():
        # mtime 0: the same sitemap gives the same bytes, build after build.
        compressed.write_bytes(gzip.compress(xml, mtime=0))
    robots_file = build.site_dir / ROBOTS
    source = robots_file.read_text(encoding="utf-8") if robots_file.is_file() else ""
    robots_file.unlink(missing_ok=True)  # a new file, whatever the generator's copy was linked to
    build.write(robots_file, robots(source, build.project.site_url))
