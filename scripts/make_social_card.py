"""Draw the default link-preview card, docs/assets/social-card.png (1200x630).

Chat apps and email clients show this image when someone pastes a link to the
guide. It is committed, so the build needs no fonts, no image libraries and no
network; run this script again only to change the card's look or words:

    .venv/bin/python scripts/make_social_card.py
"""
from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

OUT = Path(__file__).resolve().parent.parent / "docs" / "assets" / "social-card.png"
SIZE = (1200, 630)
INDIGO = (63, 81, 181)  # the theme's primary colour, so the card matches the site
WHITE = (255, 255, 255)
PALE = (220, 225, 250)
FONT_DIRS = ["/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/truetype/liberation"]


def font(names: list[str], size: int) -> ImageFont.FreeTypeFont:
    for folder in FONT_DIRS:
        for name in names:
            path = Path(folder) / name
            if path.is_file():
                return ImageFont.truetype(str(path), size)
    # Pillow's bundled font keeps the script usable where DejaVu is missing.
    return ImageFont.load_default(size=size)


def main() -> None:
    card = Image.new("RGB", SIZE, INDIGO)
    draw = ImageDraw.Draw(card)
    # The favicon's lifebuoy ring, drawn large.
    cx, cy, r = 1060, 315, 100
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=WHITE)
    draw.ellipse((cx - r + 38, cy - r + 38, cx + r - 38, cy + r - 38), fill=INDIGO)
    bold = ["DejaVuSans-Bold.ttf", "LiberationSans-Bold.ttf"]
    regular = ["DejaVuSans.ttf", "LiberationSans-Regular.ttf"]
    draw.text((80, 150), "Interview Recovery Guide", font=font(bold, 58), fill=WHITE)
    lines = ["Calm, quick help when a job", "interview goes badly, or just did."]
    for i, line in enumerate(lines):
        draw.text((80, 270 + i * 62), line, font=font(regular, 44), fill=PALE)
    draw.text((80, 500), "During \u00b7 Right after \u00b7 Following up \u00b7 Moving on", font=font(regular, 32), fill=PALE)
    # A few flat colours: a palette PNG keeps the file small for slow phones.
    card.quantize(colors=32).save(OUT, optimize=True)
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
