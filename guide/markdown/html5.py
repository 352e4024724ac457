"""Write pages as HTML5 (<input>, <br>), not XHTML (<input />, <br />).

Python-Markdown writes XHTML unless told otherwise, and neither engine tells
it. The site is HTML5: the Nu Html Checker notes every trailing slash on a
void element ("has no effect and interacts badly with unquoted attribute
values"), and the form controls the other extensions make are full of them.
"""
from __future__ import annotations

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor


class Html5(Preprocessor):
    # At conversion time: Markdown() sets its output format after loading the
    # extensions, so setting it in extendMarkdown would be undone.
    def run(self, lines: list[str]) -> list[str]:
        self.md.set_output_format("html")
        return lines


class Html5Extension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        md.preprocessors.register(Html5(md), "guide_html5", 1000)


def makeExtension(**kwargs) -> Html5Extension:  # noqa: N802 - Python-Markdown's entry point
    return Html5Extension(**kwargs)
