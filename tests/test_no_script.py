"""Nothing an editor writes runs as script, on both engines.

Once, a <script> in a page's Markdown built, and the csp step
hashed it into every page's policy, so it ran when served; an on*= handler was
refused, but naming site/about/index.html, not the Markdown file and line. On
Zensical, a front-matter title reached <title> and the header unescaped, and a
description with double quotes broke <meta name="description">.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import guide_build, render_markdown
from guide.errors import GuideError
from guide.web import html
from guide.web import policy as csp

ENGINES = ["mkdocs", "zensical"]

# What an editor might paste, and a word of what the build says about it. The line
# named is the one where the offending tag or attribute is written.
HOSTILE = [
    ("<script>alert(1)</script>", "<script>: a <script> runs code"),
    ('<script src="../assets/evil.js"></script>', "<script>: a <script> runs code"),
    ('<button type="button" onclick="alert(1)">Hi</button>', '<button onclick="...">: an inline event handler'),
    ("A [harmless-looking link](javascript:alert(1)).", "a javascript: URL runs code"),
    ('<iframe src="https://example.org/"></iframe>', "<iframe>: an <iframe> loads another page"),
    ('<object data="movie.swf"></object>', "<object>: an <object> loads and runs"),
    ('<embed src="movie.swf">', "<embed>: an <embed> loads and runs"),
    ('<p style="color:red">Red</p>', '<p style="color:red">: a strict Content-Security-Policy blocks it'),
    ('Tick me\n{: onmouseover="alert(1)" }', '<p onmouseover="...">: an inline event handler'),
]


def append(page: Path, markup: str) -> int:
    """Add `markup` as a block at the end of the page; the file line of its last line."""
    text = page.read_text(encoding="utf-8").rstrip("\n") + "\n\n"
    page.write_text(text + markup + "\n", encoding="utf-8")
    return text.count("\n") + 1 + markup.count("\n")


@pytest.mark.parametrize(("markup", "says"), HOSTILE, ids=[says.split(":")[0] for _, says in HOSTILE])
def test_script_in_a_pages_markdown_is_refused_naming_its_file_and_line(markup: str, says: str) -> None:
    """Each kind, from the extension itself; one build per engine below runs them all end to end."""
    text = "# About us\n\nWe help after interviews.\n\n" + markup + "\n"
    line = 5 + markup.count("\n")
    with pytest.raises(GuideError) as raised:
        render_markdown(text, "nowhere/about.md", ["guide.markdown.no_script", "md_in_html"])
    message = raised.value.message
    assert f"docs/nowhere/about.md, line {line}: " in message and says in message, message
    assert "Fix: " in message


@pytest.mark.parametrize("engine", ENGINES)
def test_every_hostile_line_is_named_in_one_pass(project_copy: Path, engine: str) -> None:
    page = project_copy / "docs" / "about.md"
    lines = [append(page, markup) for markup, _ in HOSTILE]
    result = guide_build(project_copy, engine=engine)
    output = result.stdout + result.stderr
    assert result.returncode == 1
    for line, (_, says) in zip(lines, HOSTILE):
        assert f"docs/about.md, line {line}: " in output and says in output, (line, says, output)
    assert "Fix: " in output


def test_code_that_shows_markup_is_not_refused() -> None:
    text = "Write `<script>` or `<iframe>` as code.\n\n```html\n<script>alert(1)</script>\n<b onclick=\"x\">b</b>\n```\n\n<!-- <script>not run</script> -->\n"
    out = render_markdown(text, "nowhere/code.md", ["guide.markdown.no_script", "md_in_html", "pymdownx.superfences"])
    assert "&lt;script&gt;" in out and "<script>alert" not in out and "onclick=" not in out


def test_markup_inside_md_in_html_is_refused() -> None:
    text = 'Intro.\n\n<div markdown="1" onclick="alert(1)">\n*Hi*\n</div>\n'
    with pytest.raises(GuideError) as raised:
        render_markdown(text, "nowhere/page.md", ["guide.markdown.no_script", "md_in_html"])
    assert "docs/nowhere/page.md, line 3: <div onclick=" in raised.value.message


def test_the_policy_never_hashes_a_script_in_the_page_content() -> None:
    """The csp step's backstop: only the templates' inline scripts are the site's to hash."""
    page = (
        "<html><head><meta charset=utf-8><script>theme()</script></head><body>"
        '<div class="md-content" data-md-component="content"><article class="md-content__inner">'
        "<p>Hi</p><script>editor()</script></article></div><script>footer()</script></body></html>"
    )
    template, content = csp.split_inline_code(page)
    assert [i.source for i in template] == [csp.sha256_source("theme()"), csp.sha256_source("footer()")]
    assert [i.source for i in content] == [csp.sha256_source("editor()")]


# The content's end is read by lxml when it finds the same inline code as the exact reading, else
# by Python's parser (guide/web/policy.py, split_inline_code): each page here says which code is the
# content's, whichever reading decides.
@pytest.mark.parametrize(("inside", "expected"), [
    ("<p>Hi</p><script>editor()</script>", ["editor()"]),
    ("<style>p{}</style><script>a = '</div>'</script>", ["p{}", "a = '</div>'"]),
    # A script in a comment counts as well (so lxml, which drops comments, leaves this page to Python's parser).
    ("<!-- <script>old()</script> --><script>editor()</script>", ["old()", "editor()"]),
    ("</article></div></div><script>early()</script>", []),  # raw HTML that closes the content first
    ("<script src=a.js></script><script type=application/json>{}</script><script type=module>m()</script>", ["m()"]),
])
def test_either_reading_of_the_content_finds_its_inline_code(inside: str, expected: list[str]) -> None:
    page = (
        "<html><head><meta charset=utf-8><script>theme()</script></head><body>"
        f'<div class="md-content" data-md-component="content"><article class="md-content__inner">{inside}'
        "</article></div><script>footer()</script></body></html>"
    )
    template, content = csp.split_inline_code(page)
    assert [i.source for i in content] == [csp.sha256_source(code) for code in expected]
    assert template[0].source == csp.sha256_source("theme()") and template[-1].source == csp.sha256_source("footer()")

# --- front matter -------------------------------------------------------------------------

TITLE = 'Keep calm <script>alert(1)</script> & "reset"'
DESCRIPTION = 'How to calm down when a "no" feels near & <b>certain</b>.'


@pytest.mark.parametrize("engine", ENGINES)
def test_front_matter_text_is_escaped_in_the_page_on_both_engines(english_copy: Path, engine: str) -> None:
    page = english_copy / "docs" / "during" / "keep-calm.md"
    text = page.read_text(encoding="utf-8")
    head, body = text.split("\n---\n", 1)
    fields = [line for line in head.split("\n") if not line.startswith(("title:", "description:"))]
    fields[1:1] = [f"title: '{TITLE}'", f"description: '{DESCRIPTION}'"]
    page.write_text("\n".join(fields) + "\n---\n" + body, encoding="utf-8")
    result = guide_build(english_copy, engine=engine)
    assert result.returncode == 0, result.stdout + result.stderr
    built = (english_copy / "site" / "during" / "keep-calm" / "index.html").read_text(encoding="utf-8")
    assert "alert(1)</script>" not in built and "<b>certain" not in built
    # Read back by an HTML parser, each place says exactly what the editor wrote.
    title = next(html.start_tags(built, "title"))
    assert html.text(built[title.start : built.index("</title>", title.start) + 8]) == f"{TITLE} - Interview Recovery Guide"
    metas = {e.attrs.get("name") or e.attrs.get("property"): e.attrs.get("content") for e in html.start_tags(built, "meta")}
    assert metas["description"] == DESCRIPTION
    assert metas["og:title"] == metas["twitter:title"] == TITLE
    assert metas["og:description"] == metas["twitter:description"] == DESCRIPTION
    header = next(e for e in html.scan(built) if e.has_class("md-header__topic") and "data-md-component" in e.attrs)
    assert html.text(html.inner(built, header)) == TITLE


# --- robots.txt -------------------------------------------------------------------------


def test_robots_txt_gets_one_absolute_sitemap_line_under_any_site_url() -> None:
    from guide.steps.sitemap import robots

    source = "# Comment\nUser-agent: *\nAllow: /\nSitemap: https://old.example.org/sitemap.xml\n\n"
    assert robots(source, "https://guide.example.org/help/guide/") == (
        "# Comment\nUser-agent: *\nAllow: /\n\nSitemap: https://guide.example.org/help/guide/sitemap.xml\n"
    )
    assert robots("", "https://guide.example.org/") == "Sitemap: https://guide.example.org/sitemap.xml\n"
