"""Put a Content-Security-Policy <meta> tag in every page, allowing exactly its inline scripts.

The policy (guide/web/policy.py) allows scripts and styles from the site's own
host and, by their sha256 hashes, the inline scripts the templates and the
steps wrote: Material's or Zensical's (__md_scope, the palette and #target
restores), overrides/partials/lazy-search.html, and each short-link page's
redirect script. The hashes are read from the built HTML, so they follow
whatever the theme writes after an upgrade. Zensical's search panel adds a
<style> of its own at run time; its text is read from the bundle and allowed
by its hash too (guide/web/policy.py, script_styles).

Every content page carries the site's policy (the hashes of every inline
script on any content page): Material's instant navigation swaps pages in
place, so the policy of the page a reader arrived on must allow the next
page's scripts too. The host configuration sends the same policy as a header
(guide/steps/host_config.py). A redirect page (a short link's /go/ALIAS/, or
an old URL from redirect_maps) carries a policy with its own script's hash
only: hosts that read the configuration answer it with a 301 and never serve
the page, so no header needs its hash (one per alias would bloat every page).

The meta copy is for hosts that send no headers (GitHub Pages). It leaves out
frame-ancestors, which a <meta> policy cannot set. It goes right after
<meta charset>, before the first script, since a policy applies only to what
follows it.

Only the scripts the templates write are hashed, never one in the page
content (the Markdown's HTML): guide/web/policy.py says how they are told
apart. The build fails, naming the page and the fix, when the page content
holds an inline script or style, or when a page holds inline code
that no hash can allow (an onclick="" handler, a style="" attribute, a
javascript: URL) or a script before the place of the policy.
"""
from __future__ import annotations

import html as _html
from pathlib import Path

from guide.web import html
from guide.sources import pages, registry
from guide.web import policy as csp
from guide.errors import GuideError, problems_error


def short_link_pages(build) -> set[Path]:
    """The redirect pages: site/go/ALIAS/index.html for every registry alias (the short-links
    step), and the old page URLs of mkdocs.yml's redirect_maps (the redirects plugin)."""
    go = {build.site_dir / registry.GO / link.alias / "index.html" for link in build.registry.links}
    moved = {pages.html_file(build.site_dir, pages.url_of(old)) for old in build.project.redirect_maps}
    return go | moved


def page_inlines(
    build, stubs: set[Path], texts: dict[Path, str] | None = None
) -> dict[Path, tuple[list[csp.Inline], list[csp.Inline]]]:
    """Each content page's inline code: (the templates', the page content's); from `texts`
    (every page's HTML) when the caller has read them already."""
    paths = sorted(texts) if texts is not None else build.own_files("*.html")
    return {
        path: csp.split_inline_code(texts[path] if texts is not None else path.read_text(encoding="utf-8"))
        for path in paths
        if path not in stubs
    }


def bundle_styles(build) -> list[csp.Inline]:
    """The <style> elements the theme's scripts make at run time (Zensical's search panel)."""
    found = []
    site_dir = build.site_dir
    for path in build.own_files("*.js"):
        try:
            texts = csp.script_styles(path.read_text(encoding="utf-8"))
        except (ValueError, IndexError) as error:
            raise GuideError(
                f"{path.relative_to(site_dir)}: {error}. Fix: teach guide/web/policy.py (script_styles) how this "
                "theme version writes its stylesheet, or the Content-Security-Policy will block it."
            ) from None
        found += [csp.Inline("style", csp.sha256_source(text), -1) for text in texts]
    return found


def content_inlines(build, texts: dict[Path, str] | None = None) -> dict[Path, tuple[list[csp.Inline], list[csp.Inline]]]:
    """Each content page's inline scripts and styles, the templates' and the content's
    (read once a build: host-config needs them too)."""
    return build.once("content-inlines", lambda: page_inlines(build, short_link_pages(build), texts))


def site_policy(build) -> csp.Policy:
    """The policy of every content page of an edition (each edition's templates write their own
    words into their inline scripts, so each has its own): the hashes of the inline scripts and styles their
    templates write (never those in the page content: guide/web/policy.py), and of the
    stylesheets the theme's scripts put in the page."""

    def compute() -> csp.Policy:
        inlines = [i for found, _ in content_inlines(build).values() for i in found]
        return csp.policy_for(inlines + bundle_styles(build))

    return build.once("site-policy", compute)


def policy_place(text: str) -> int:
    """Where the <meta> policy goes: after <meta charset>, else right after <head>."""
    for name in ("meta", "head"):
        for element in html.start_tags(text, name):
            if name == "head" or "charset" in element.attrs:
                return element.start_end
    return -1


def meta_tag(policy: csp.Policy) -> str:
    # Single quotes stay as they are (the attribute is in double quotes): shorter, and readable.
    return f'<meta http-equiv="Content-Security-Policy" content="{_html.escape(policy.meta(), quote=False).replace(chr(34), "&quot;")}">'


def run(build) -> None:
    site = build.site_dir
    # Every page is read once, here: the policy needs all pages' scripts before any page gets
    # its tag, and the step keeps every page's new text until all have passed anyway.
    texts = {path: path.read_text(encoding="utf-8") for path in build.own_files("*.html")}
    inlines = content_inlines(build, texts)
    shared = site_policy(build)
    problems: list[str] = []
    pages: dict[Path, str] = {}
    for path in list(texts):
        text = texts.pop(path)  # so that a page's text is held once, old or new
        found, in_content = inlines[path] if path in inlines else (csp.inline_code(text), [])
        policy = shared if path in inlines else csp.policy_for(found)
        name = path.relative_to(site).as_posix()
        for inline in in_content:
            # A backstop: guide/markdown/no_script.py refuses these in the Markdown, naming its line.
            problems.append(
                f"{name}: an inline <{inline.kind}> in the page content, where editors write, not the templates. "
                "Fix: remove it from the page's Markdown; a script belongs in a .js file (handbook/operators.md, 'The Content-Security-Policy and inline code')."
            )
        for line in csp.unhashable(text):
            problems.append(f"{name}: {line} (a strict Content-Security-Policy blocks it).")
        if any("http-equiv" in e.attrs and (e.attrs["http-equiv"] or "").lower() == "content-security-policy"
               for e in html.start_tags(text, "meta", containing="http-equiv")):
            problems.append(f"{name}: already has a Content-Security-Policy <meta> tag. Fix: remove it; the csp step writes it.")
            continue
        place = policy_place(text)
        if place < 0:
            problems.append(f"{name}: has no <head>, so no policy can be put before its scripts. Fix: give the page a <head>.")
            continue
        early = [i for i in found if i.start < place]
        if early:
            problems.append(f"{name}: an inline {early[0].kind} comes before <meta charset>, where the policy starts. Fix: move it into the <head> after it.")
        uncovered = [i for i in found if not policy.allows(i)]
        if uncovered:  # a guard: the policy is made from these very hashes
            problems.append(f"{name}: inline {uncovered[0].kind} {uncovered[0].source} is not in its policy.")
        pages[path] = text[:place] + meta_tag(policy) + text[place:]
    if problems:
        raise problems_error(
            "Pages hold inline code that the Content-Security-Policy cannot allow by a hash (handbook/operators.md, 'The Content-Security-Policy and inline code'):",
            problems,
        )
    for path, text in pages.items():
        build.write(path, text)
