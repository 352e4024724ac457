"""Make the search answer in the reader's own words, without clutter on the page.

Readers type what happened to them ("sweaty hands", "should i say sorry"),
not our page titles. Editors list those words per page as `search_phrases:`
(checked with the rest of the front matter, guide.sources.frontmatter). After the
generator has written the search index, this step:

1. adds each page's phrases to its entry as a `phrases` field (MkDocs +
   Material: lunr indexes the field with the boost set under `fields:` in
   mkdocs.yml, and the result template shows only title and text, so the
   phrases are found, never shown, and never in the page's HTML);
2. starts each page's entry with its `description`, so a result shows the
   one-line summary instead of whatever text comes first;
3. adds lunr's stop words to the separator (see STOP_WORDS), and lists them
   in the index's config for the spelling mender (docs/assets/search-fuzzy.js).

Zensical writes search.json, whose engine indexes only titles and text: it
gets 2 and 3; its missing phrases are listed in README, "Engines".
"""
from __future__ import annotations

import html as _html
import json

from guide.sources import frontmatter, pages
from guide.web import html
from guide.errors import GuideError

FIELD = "phrases"
INDEX = {"mkdocs": "search/search_index.json", "zensical": "search.json"}
ENTRIES = {"mkdocs": "docs", "zensical": "items"}

# Material adds a trailing wildcard to every query word and lunr skips its
# stop-word filter for wildcard words: "should i say sorry" then searches i*,
# which matches every "interview" on the site. Splitting on whole stop words
# drops them from queries and from the index alike, before any wildcard is
# added. The list is lunr 2.3.9's, as bundled in Material's search worker,
# less "after": here it names a moment ("right after"), so it must count in a
# query. That is why mkdocs.yml runs lunr's pipeline without its own
# stopWordFilter: this separator is the one stop-word list, for the index and
# the query alike. The first letter may be a capital: phones capitalise the
# first word.
STOP_WORDS = (
    "a able about across all almost also am among an and any are as at be because been but by can "
    "cannot could dear did do does either else ever every for from get got had has have he her hers him his "
    "how however i if in into is it its just least let like likely may me might most must my neither no nor "
    "not of off often on only or other our own rather said say says she should since so some than that the "
    "their them then there these they this tis to too twas us wants was we were what when where which while "
    "who whom why will with would yet you your"
).split()
STOP_WORDS_KEY = "stop_words"
STOP_WORD_SEPARATOR = r"\b(?:" + "|".join(
    f"[{w[0]}{w[0].upper()}]{w[1:]}" for w in sorted(STOP_WORDS, key=lambda w: (-len(w), w))
) + r")\b"


def run(build) -> None:
    path = build.site_dir / INDEX[build.engine]
    if not path.is_file():
        raise GuideError(
            f"{path} was not written. Fix: keep `- search` under `plugins:` in mkdocs.yml; the search index "
            "is where readers' phrases go."
        )
    index = json.loads(path.read_text(encoding="utf-8"))
    config = index.setdefault("config", {})
    if build.engine == "mkdocs" and FIELD not in (config.get("fields") or {}):
        raise GuideError(
            f"mkdocs.yml: the search plugin must index a `{FIELD}` field for the readers' search phrases. "
            f"Fix: under `plugins:` write\n  - search:\n      fields:\n        {FIELD}:\n          boost: 1500"
        )
    if build.engine == "mkdocs":
        # For docs/assets/search-fuzzy.js: a misspelt "shoud" mends to "should" (then dropped),
        # though the separator keeps stop words out of the index it mends from.
        config[STOP_WORDS_KEY] = STOP_WORDS
    if STOP_WORD_SEPARATOR not in config.get("separator", ""):
        config["separator"] = f"{config['separator']}|{STOP_WORD_SEPARATOR}" if config.get("separator") else STOP_WORD_SEPARATOR
    by_url = {pages.url_of(src): source for src, source in build.sources.items()}
    for entry in index.get(ENTRIES[build.engine], []):
        source = by_url.get(entry.get("location"))  # a page's entry, not one of its sections (url#id)
        if source is None:
            continue
        phrases = frontmatter.phrases(source)
        if phrases and build.engine == "mkdocs":
            # Commas are in the search separator, so each phrase stays a run of words.
            entry[FIELD] = ", ".join(phrases)
        description = source.description
        if description and not _plain(entry.get("text", "")).startswith(_plain(description)):
            lead = f"<p>{_html.escape(description, quote=False)}</p>"
            entry["text"] = lead + (f" {entry['text']}" if entry.get("text") else "")
    build.write(path, json.dumps(index, separators=(",", ":"), ensure_ascii=False))


def _plain(fragment: str) -> str:
    return html.text(fragment).lower()
