"""Make the site's search answer in the reader's own words, without clutter on the page.

Readers type what happened to them ("sweaty hands", "should i say sorry",
"showed up late"), not our page titles. Editors list those words per page:

    ---
    title: My hands were sweaty
    description: ...
    search_phrases:
      - sweaty palms
      - clammy hands
    ---

This hook then:

1. checks every `search_phrases:` value (a list of short strings) and fails the
   build naming the file and the fix when one is malformed;
2. after Material's search plugin has written `search/search_index.json`, adds
   the phrases to the page's entry as a `phrases` field. Lunr indexes that field
   (its weight is `fields: phrases: boost:` under the search plugin in
   mkdocs.yml), but Material's result template only displays `title` and `text`,
   so the phrases are found, never shown, and never appear in the page's HTML;
3. starts each page's entry text with the page's `description`, so a result
   shows the one-line summary instead of whatever text happens to come first;
4. extends the search separator with lunr's stop words (see STOP_WORDS);
5. keeps navigation, controls and forms out of the index: every "What to
   read next" section (heading id `read-next`) and the home page's doors
   (`doors`) are lists of links to other pages, and would make every page
   match every other page's title; an inline SVG's labels and a button's
   caption are not sentences; a worksheet's field labels ("Date of the
   interview") are not advice.
   (To keep any other block or section out, add `{ data-search-exclude }` to
   it in Markdown; to keep a whole page out, `search: exclude: true`.)
"""
from __future__ import annotations

import html
import json
import re
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

KEY = "search_phrases"
FIELD = "phrases"
# Sections that only point elsewhere; their words belong to the pages they name.
# (`doors`: the home page's one-tap links by moment.)
NAVIGATION_SECTION_IDS = {"read-next", "doors"}
# Blocks made by hooks/worksheet_fields.py that hold a worksheet's field labels
# and its print/download/clear controls: words to write next to, not advice.
# (Checklist items are kept: they are short sentences of advice.)
FORM_CLASSES = ("ws-field", "ws-actions")
MAX_PHRASE_CHARS = 80
# Near-misses of KEY that MkDocs would otherwise accept silently.
TYPOS = {"search_phrase", "search-phrases", "search-phrase", "searchphrases", "phrases", "search_terms"}
EXAMPLE = "search_phrases:\n  - sweaty palms\n  - clammy hands"

# Lunr drops its English stop words from the index, but Material adds a
# trailing wildcard to every query word and lunr skips the stop-word filter for
# wildcard words: "should i say sorry" then searches i*, which matches every
# "interview" and "interviewer" on the site. Splitting on whole stop words drops
# them from queries and from the index alike, before any wildcard is added.
# The list is lunr 2.3.9's, as bundled in Material's search worker, less
# "after": on this site it names a moment ("right after", "the first 24 hours
# after"), so it must count in a query. That is why mkdocs.yml runs lunr's
# pipeline without its own stopWordFilter: this separator is the one stop-word
# list, for the index and the query alike. The first letter may be a capital,
# since phones capitalise the first word.
STOP_WORDS = (
    "a able about across all almost also am among an and any are as at be because been but by can "
    "cannot could dear did do does either else ever every for from get got had has have he her hers him his "
    "how however i if in into is it its just least let like likely may me might most must my neither no nor "
    "not of off often on only or other our own rather said say says she should since so some than that the "
    "their them then there these they this tis to too twas us wants was we were what when where which while "
    "who whom why will with would yet you your"
).split()
STOP_WORD_SEPARATOR = r"\b(?:" + "|".join(
    f"[{w[0]}{w[0].upper()}]{w[1:]}" for w in sorted(STOP_WORDS, key=lambda w: (-len(w), w))
) + r")\b"

_phrases: dict[str, list[str]] = {}  # page URL -> phrases
_descriptions: dict[str, str] = {}  # page URL -> description
_problems: list[str] = []


def on_pre_build(config, **kwargs) -> None:
    # `mkdocs serve` rebuilds in the same process: start each build clean.
    _phrases.clear()
    _descriptions.clear()
    _problems.clear()


@event_priority(100)  # before the search plugin's own on_config copies its settings
def on_config(config, **kwargs):
    search = _search_config(config)
    if FIELD not in (search.get("fields") or {}):
        raise PluginError(
            f"mkdocs.yml: hooks/search_phrases.py needs the search plugin to index a `{FIELD}` field. "
            f"Fix: under `plugins:` write\n  - search:\n      fields:\n        {FIELD}:\n          boost: 1500"
        )
    if not search.get("separator"):
        raise PluginError("mkdocs.yml: set `separator:` under `- search:`; hooks/search_phrases.py extends it.")
    if STOP_WORD_SEPARATOR not in search["separator"]:
        search["separator"] = f"{search['separator']}|{STOP_WORD_SEPARATOR}"
    return config


def on_page_markdown(markdown: str, page, config, files, **kwargs) -> str:
    path = f"docs/{page.file.src_uri}"
    meta = page.meta
    for typo in TYPOS & set(meta):
        _problems.append(f"{path}: front matter key `{typo}:` is not read by anything. Fix: rename it to `{KEY}:`.")
    if isinstance(meta.get("description"), str):
        _descriptions[page.url] = " ".join(meta["description"].split())
    if KEY not in meta:
        return markdown
    value = meta[KEY]
    if not isinstance(value, list) or not value:
        _problems.append(
            f"{path}: `{KEY}:` must be a list of phrases, one per line, each starting with '- ', "
            f"got {type(value).__name__} {value!r}. Fix, for example:\n{EXAMPLE}"
        )
        return markdown
    phrases: list[str] = []
    for number, phrase in enumerate(value, 1):
        if not isinstance(phrase, str):
            # YAML reads a bare no, yes, on, off or a number as something other than text.
            _problems.append(
                f"{path}: `{KEY}:` item {number} ({phrase!r}) is a {type(phrase).__name__}, not text. "
                f"Fix: put it in quotes, e.g. - \"{phrase}\"."
            )
            continue
        phrase = " ".join(phrase.split())
        if not phrase:
            _problems.append(f"{path}: `{KEY}:` item {number} is empty. Fix: delete the line.")
        elif len(phrase) > MAX_PHRASE_CHARS:
            _problems.append(
                f"{path}: `{KEY}:` item {number} is {len(phrase)} characters long ({phrase[:40]!r}...). "
                f"Fix: keep each phrase under {MAX_PHRASE_CHARS} characters: the few words a reader would type."
            )
        else:
            phrases.append(phrase)
    _phrases[page.url] = phrases
    return markdown


def on_page_content(html_text: str, page, config, files, **kwargs) -> str:
    # Material's search plugin skips a section whose heading carries this
    # attribute, and strips the attribute from the page afterwards.
    ids = "|".join(map(re.escape, sorted(NAVIGATION_SECTION_IDS)))
    html_text = re.sub(rf'<(h[1-6]) id="({ids})"', r'<\1 data-search-exclude="navigation" id="\2"', html_text)
    html_text = re.sub(r"<(svg|button)(?=[\s>])", r'<\1 data-search-exclude="control"', html_text)
    classes = "|".join(map(re.escape, FORM_CLASSES))
    return re.sub(
        rf'<div class="(?=[^"]*\b(?:{classes})\b)',
        '<div data-search-exclude="form" class="',
        html_text,
    )


def on_env(env, config, files, **kwargs):
    if _problems:
        raise PluginError(
            f"hooks/search_phrases.py found {len(_problems)} problem(s) with search phrases:\n  - "
            + "\n  - ".join(_problems)
        )
    return env


def on_post_build(config, **kwargs) -> None:
    index_file = Path(config["site_dir"]) / "search" / "search_index.json"
    if not index_file.is_file():
        raise PluginError(
            f"hooks/search_phrases.py: {index_file} was not written. The search plugin must be listed "
            "under `plugins:` in mkdocs.yml, before this hook runs."
        )
    index = json.loads(index_file.read_text(encoding="utf-8"))
    if FIELD not in index["config"].get("fields", {}):
        raise PluginError(f"{index_file}: the search index does not declare the `{FIELD}` field; see mkdocs.yml.")
    for doc in index["docs"]:
        url = doc["location"]
        if "#" in url:
            continue
        phrases = _phrases.get(url)
        if phrases:
            # Commas are in the search separator, so each phrase stays a run of words.
            doc[FIELD] = ", ".join(phrases)
        description = _descriptions.get(url)
        if description and not _plain(doc["text"]).startswith(_plain(description)):
            doc["text"] = f"<p>{html.escape(description, quote=False)}</p>" + (
                f" {doc['text']}" if doc["text"] else ""
            )
    index_file.write_text(json.dumps(index, separators=(",", ":")), encoding="utf-8")


def _plain(text: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", text)).split()).lower()


def _search_config(config):
    for name, plugin in config["plugins"].items():
        if name.split("/")[-1] == "search":
            return plugin.config
    raise PluginError(
        "mkdocs.yml: hooks/search_phrases.py needs Material's search plugin. Fix: add `- search` under `plugins:`."
    )
