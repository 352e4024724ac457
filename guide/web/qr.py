"""QR codes for paper: a phone camera pointed at a printed sheet opens that sheet.

Made at build time by segno, as inline SVG (no image file, no request, and
the same element prints from the browser and into WeasyPrint's PDFs):

- `make_qr` always makes a full QR code, never a Micro QR code: few phone
  cameras read Micro QR;
- error correction level M exactly (boost_error=False, so segno does not
  raise it and grow the code): it survives a fold or a smudge and keeps the
  code small enough for a pocket card;
- no quiet zone in the SVG: the stylesheet gives the code its fixed printed
  size (QR_SIZE, at least 2 cm for the code itself, whatever its version) and
  the white margin around it, with a class, not a style attribute.

The code holds exactly the URL printed beside it: the short link from
data/links.yml, else the page's own URL (guide.markdown.paper).
"""
from __future__ import annotations

import functools
import xml.etree.ElementTree as etree

import segno

ERROR = "M"
QR_SIZE_MM = 22  # the printed side of the code itself, without its quiet zone (docs/assets/worksheets.css)


@functools.lru_cache(maxsize=256)
def _svg(url: str) -> str:
    code = segno.make_qr(url, error=ERROR, boost_error=False)
    return code.svg_inline(border=0, omitsize=True, svgclass=None, lineclass=None)


def svg(url: str, css_class: str) -> etree.Element:
    """The QR code for `url` as an <svg> element (a picture of the URL printed beside it)."""
    element = etree.fromstring(_svg(url))
    element.set("class", css_class)
    element.set("role", "img")
    element.set("aria-label", f"QR code for {url}")
    return element
