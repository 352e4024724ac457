"""Make the search answer in the reader's own words, without clutter on the page.

Readers type what happened to them ("sweaty hands", "should i say sorry"),
not our page titles. Editors list those words per page as `search_phrases:`
(checked with the rest of the front matter, guide.sources.frontmatter). After the
generator has written the search index, this step:

1. adds each page's phrases to its entry as a `phrases` field (lunr indexes
   the field with the boost set under `fields:` in mkdocs.yml, and the result
   shows only title and text, so the phrases are found, never shown, and
   never in the page's HTML);
2. starts each page's entry with its `description`, so a result shows the
   one-line summary instead of whatever text comes first;
3. adds lunr's stop words to the separator (see STOP_WORDS), and lists them
   in the index's config for the spelling mender (docs/assets/search-fuzzy.js).

Both engines get the same search (handbook/developers.md, "One search on both
engines"): Material's lunr worker behind docs/assets/search-fuzzy.js. MkDocs
writes search/search_index.json for it. Zensical writes search.json for its
own engine, which searches only for entries holding every word typed and
cannot index phrases; so on a Zensical build this step also gives search.json
what Material's plugin puts in its index (4: the fields, their boosts, the
pipeline, each page's `search: boost`) and copies Material's worker (and, for
a language other than English, its lunr stemmers) from the installed Material
package into the site (5). search-fuzzy.js then answers Zensical's search box
with that worker, from the same entries: one ranking on both builds.
"""
from __future__ import annotations

import html as _html
import json
import re
import shutil
from importlib import resources

from guide.sources import frontmatter, pages
from guide.web import html
from guide.errors import GuideError

FIELD = "phrases"
INDEX = {"mkdocs": "search/search_index.json", "zensical": "search.json"}
ENTRIES = {"mkdocs": "docs", "zensical": "items"}
# What Material's search plugin puts in its index's config when mkdocs.yml does
# not say (material/plugins/search/plugin.py): lunr's field boosts, and `tags`.
DEFAULT_FIELDS = {"title": {"boost": 1e3}, "text": {"boost": 1e0}}
TAGS_FIELD = {"tags": {"boost": 1e6}}
DEFAULT_PIPELINE = ["stemmer", "stopWordFilter", "trimmer"]
# Where Material keeps its search worker and lunr's languages; the same folders in each build's site.
WORKERS = "assets/javascripts/workers"
LUNR = "assets/javascripts/lunr"
WORKER_NAME = re.compile(r"search\.[0-9a-f]+\.min\.js")
# The key in search.json's config that names the worker search-fuzzy.js loads on a Zensical build.
WORKER_KEY = "worker"

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
# The Spanish edition's: the commonest function words, unaccented only, because the
# separator's \\b counts an accented letter as a word's edge in a browser's RegExp.
# "no" stays a word: "no me llamaron" is a moment on this site.
SPANISH_STOP_WORDS = (
    "a al algo con como cual de del desde donde el ella ellos en entre era es esa ese eso esta este esto "
    "fue ha hay la las le les lo los me mi mis muy nos o para pero por porque que se ser si sin sobre son "
    "su sus te tu tus un una uno unos y ya yo"
).split()
STOP_WORDS_BY_LANG = {"en": STOP_WORDS, "es": SPANISH_STOP_WORDS}
STOP_WORDS_KEY = "stop_words"


def stop_word_separator(words: list[str]) -> str:
    return r"\b(?:" + "|".join(
        f"[{w[0]}{w[0].upper()}]{w[1:]}" for w in sorted(words, key=lambda w: (-len(w), w))
    ) + r")\b"


STOP_WORD_SEPARATOR = stop_word_separator(STOP_WORDS)


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
    # For docs/assets/search-fuzzy.js: a misspelt "shoud" mends to "should" (then dropped),
    # though the separator keeps stop words out of the index it mends from.
    if build.engine == "zensical":
        _as_material_config(build, config)
    lang = (config.get("lang") or ["en"])[0]
    words = STOP_WORDS_BY_LANG.get(lang)
    if words is None:
        raise GuideError(f"guide/steps/search_index.py has no stop words for the search language {lang!r}. Fix: add them to STOP_WORDS_BY_LANG.")
    config[STOP_WORDS_KEY] = words
    separator = stop_word_separator(words)
    if separator not in config.get("separator", ""):
        config["separator"] = f"{config['separator']}|{separator}" if config.get("separator") else separator
    by_url = {pages.url_of(src): source for src, source in build.sources.items()}
    for entry in index.get(ENTRIES[build.engine], []):
        if build.engine == "zensical":
            # Material's plugin gives every entry of a page (its sections too) the page's `search: boost`.
            page = by_url.get(entry.get("location", "").split("#")[0])
            boost = ((page.meta.get("search") or {}) if page else {}).get("boost")
            if isinstance(boost, (int, float)) and not isinstance(boost, bool):
                entry["boost"] = boost
        source = by_url.get(entry.get("location"))  # a page's entry, not one of its sections (url#id)
        if source is None:
            continue
        phrases = frontmatter.phrases(source)
        if phrases:
            # Commas are in the search separator, so each phrase stays a run of words.
            entry[FIELD] = ", ".join(phrases)
        description = source.description
        if description and not _plain(entry.get("text", "")).startswith(_plain(description)):
            lead = f"<p>{_html.escape(description, quote=False)}</p>"
            entry["text"] = lead + (f" {entry['text']}" if entry.get("text") else "")
    build.write(path, json.dumps(index, separators=(",", ":"), ensure_ascii=False))
    if build.engine == "zensical":
        config[WORKER_KEY] = _copy_material_worker(build, config.get("lang") or ["en"])
        build.write(path, json.dumps(index, separators=(",", ":"), ensure_ascii=False))


def _as_material_config(build, config: dict) -> None:
    """Give Zensical's search.json the config Material's plugin writes, from the same `- search:` settings."""
    settings = build.project.plugin("search") or {}
    fields = {**DEFAULT_FIELDS, **(settings.get("fields") or {}), **TAGS_FIELD}
    if FIELD not in fields:
        raise GuideError(
            f"mkdocs.yml: the search plugin must index a `{FIELD}` field for the readers' search phrases. "
            f"Fix: under `plugins:` write\n  - search:\n      fields:\n        {FIELD}:\n          boost: 1500"
        )
    config["fields"] = fields
    config["pipeline"] = settings.get("pipeline", DEFAULT_PIPELINE)
    lang = config.get("lang") or settings.get("lang") or ["en"]
    config["lang"] = [lang] if isinstance(lang, str) else list(lang)


def _copy_material_worker(build, langs: list[str]) -> str:
    """Copy Material's search worker (and lunr's stemmers for `langs`) into a Zensical site; return its name.

    From the installed, pinned Material package (pyproject.toml), so both builds run the very same file."""
    assets = resources.files("material") / "templates"
    workers = [f for f in (assets / WORKERS).iterdir() if WORKER_NAME.fullmatch(f.name)]
    if len(workers) != 1:
        raise GuideError(
            f"Material's search worker ({WORKERS}/search.HASH.min.js in the material package) was not found once "
            f"but {len(workers)} times. Fix: reinstall the pinned mkdocs-material (make build installs it)."
        )
    worker = workers[0]
    target = build.site_dir / WORKERS / worker.name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(worker.read_bytes())
    # lunr-languages for a Spanish (or any non-English) edition, as Material's worker imports them.
    others = [lang for lang in langs if lang != "en"]
    if others:
        names = ["lunr.stemmer.support.min.js", *(f"lunr.{lang}.min.js" for lang in others)]
        if len(langs) > 1:
            names.append("lunr.multi.min.js")
        for name in names:
            source = assets / LUNR / "min" / name
            if not source.is_file():
                raise GuideError(f"mkdocs.yml: search `lang:` {langs}: Material has no {name}. Fix: use a language lunr supports.")
            (build.site_dir / LUNR / "min").mkdir(parents=True, exist_ok=True)
            with resources.as_file(source) as file:
                shutil.copyfile(file, build.site_dir / LUNR / "min" / name)
    return worker.name


def _plain(fragment: str) -> str:
    return html.text(fragment).lower()
